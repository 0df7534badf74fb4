/**
 * Faults stay inside the component: a loop meets the deadline, unbounded
 * allocation meets the memory cap (the host's RSS stays bounded), a stack
 * overflow, a trap and an exit are answered, and each time the server
 * answers the next call on a fresh instance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';
import { peakRss } from '../helpers/proc.js';

const cacheDir = testCacheDir();
let server: RunningServer;

beforeAll(async () => {
  server = await startServer(componentPath('hostile'), {
    cacheDir,
    args: ['--timeout', '2000', '--max-memory', '128M', '--max-result-bytes', '1M'],
  });
});
afterAll(() => server?.close());

/** The instance answers again, and it is a new one (its call counter restarted). */
async function expectFreshInstance(): Promise<void> {
  expect(await call(server.client, 'calls')).toEqual({ text: '1', isError: false });
}

/** Peak resident memory of the mcp-host process, bytes (Linux). */

describe('faults', () => {
  it('keeps state between calls while nothing goes wrong', async () => {
    expect(await call(server.client, 'calls')).toEqual({ text: '1', isError: false });
    expect(await call(server.client, 'calls')).toEqual({ text: '2', isError: false });
  });

  it('stops an infinite loop at the deadline and re-creates the instance', async () => {
    const result = await call(server.client, 'spin');
    expect(result).toEqual({ text: 'Tool spin failed: the component trapped (the call exceeded its deadline of 2000 ms and was stopped).', isError: true });
    await expectFreshInstance();
    expect(server.stderr()).toMatch(/hostile: instance stopped \(the call exceeded its deadline of 2000 ms and was stopped\); its in-memory state is lost/);
  });

  it('answers a stack overflow', async () => {
    const result = await call(server.client, 'recurse');
    expect(result.isError).toBe(true);
    // SpiderMonkey catches it before the wasm stack runs out: a JS error, and the instance lives.
    expect(result.text).toBe('InternalError: too much recursion');
    expect((await call(server.client, 'calls')).isError).toBe(false);
  });

  it('meets the memory cap on unbounded allocation, with the host’s RSS bounded', async () => {
    const result = await call(server.client, 'allocate');
    expect(result.isError).toBe(true);
    // memory.grow fails at the cap; SpiderMonkey turns that into a catchable
    // out-of-memory error, so the guest answers and its instance lives on.
    expect(result.text).toBe('out of memory');
    expect((await call(server.client, 'calls')).isError).toBe(false);
    // Uncapped, this allocation grows the process to ~4 GiB.
    expect(peakRss(server.pid)).toBeLessThan(1024 ** 3);
  });

  it('answers a trap with a tool error naming it', async () => {
    const result = await call(server.client, 'trap');
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^Tool trap failed: the component trapped \(.+\)\.$/);
    await expectFreshInstance();
  });

  it('answers a component that calls exit', async () => {
    expect(await call(server.client, 'exit')).toEqual({
      text: 'Tool exit failed: the component trapped (component called wasi:cli/exit (success)).',
      isError: true,
    });
    await expectFreshInstance();
  });

  it('refuses a result over the size cap', async () => {
    const result = await call(server.client, 'big', { mib: 2 });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^Tool big returned \d+ bytes, over the cap of 1048576 bytes \(raise it with --max-result-bytes\)$/);
    expect(await call(server.client, 'calls')).toMatchObject({ isError: false });
  });

  it('makes `mcp-host run` exit with the reason when the entry fails', async () => {
    const result = await runCli(['run', componentPath('bad-entry')], { env: { MCP_HOST_CACHE_DIR: cacheDir } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/^mcp-host: bad-entry: the component's entry \(wasi:cli\/run\) failed: .+/);
  });
});
