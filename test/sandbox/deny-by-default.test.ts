/**
 * With no grants, the hostile component reaches nothing: no files, no
 * environment, no network, no stdin, and its stdout cannot corrupt the
 * protocol stream. After each refusal the server answers the next call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startLocalServer, type LocalServer } from '../helpers/http-server.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

let server: RunningServer;
let local: LocalServer;

beforeAll(async () => {
  local = await startLocalServer('secret page');
  // The secret is in mcp-host's own environment: the component must not see it.
  server = await startServer(componentPath('hostile'), { cacheDir: testCacheDir(), env: { SECRET_TOKEN: 'hunter2' } });
});
afterAll(async () => {
  await server?.close();
  await local?.close();
});

async function expectStillServing(): Promise<void> {
  expect(await call(server.client, 'get_env', { name: 'PATH' })).toEqual({ text: '(unset)', isError: false });
}

describe('deny by default', () => {
  it('refuses to read /etc/passwd', async () => {
    const result = await call(server.client, 'read_file', { path: '/etc/passwd' });
    expect(result).toEqual({ text: 'refused: no-preopen: nothing granted covers /etc/passwd', isError: true });
    expect(await call(server.client, 'read_file', { path: '../../../../etc/passwd' })).toMatchObject({ isError: true });
    await expectStillServing();
  });

  it('hides an environment variable set in the host’s environment', async () => {
    expect(await call(server.client, 'get_env', { name: 'SECRET_TOKEN' })).toEqual({ text: '(unset)', isError: false });
    await expectStillServing();
  });

  it('refuses HTTP to a host that is not allowed, before any request leaves', async () => {
    const result = await call(server.client, 'fetch', { url: local.url });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^refused: /);
    expect(local.requests).toBe(0);
    await expectStillServing();
  });

  it('refuses it as an error the guest catches, not a trap: the instance and its state live on', async () => {
    // With no --allow-host, wasi:http is the host's in-thread refusal (sandbox/network.ts refusedHttp), not the shim's.
    const before = Number((await call(server.client, 'calls')).text);
    for (const url of [local.url, 'https://example.com/x', 'http://[::1]:9/']) {
      expect(await call(server.client, 'fetch', { url })).toEqual({ text: 'refused: fetch_https: An error occurred while using the host API.\n', isError: true });
    }
    expect(await call(server.client, 'calls')).toEqual({ text: String(before + 1), isError: false });
    expect(server.stderr()).not.toContain('instance stopped');
    expect(local.requests).toBe(0);
  });

  it('gives no stdin', async () => {
    const result = await call(server.client, 'read_stdin');
    expect(result).toEqual({ text: 'stdin: closed', isError: false });
    await expectStillServing();
  });

  it('sends the component’s stdout to stderr, labelled, never into the protocol stream', async () => {
    expect(await call(server.client, 'print')).toEqual({ text: 'printed', isError: false });
    await expectStillServing();
    // Guest output travels through the worker's pipe, asynchronously to the protocol.
    await expect.poll(() => server.stderr(), { timeout: 5000 }).toContain('hostile| {"jsonrpc":"2.0","id":999,"result":{}}');
    await expect.poll(() => server.stderr(), { timeout: 5000 }).toContain('hostile| to stderr');
  });
});
