/**
 * A component of world mcp-proxy reaches the upstream MCP servers a manifest
 * grants it (here: two other `mcp-host run` processes), and no others.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cliPath, componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const cacheDir = testCacheDir();
const dir = mkdtempSync(join(tmpdir(), 'mcp-host-upstreams-'));
const upstream = (component: string) => ({
  command: process.execPath,
  args: [cliPath, 'run', component],
  env: { PATH: process.env.PATH ?? '', MCP_HOST_CACHE_DIR: cacheDir },
});

let server: RunningServer;

beforeAll(async () => {
  const manifest = join(dir, 'proxy.json');
  writeFileSync(
    manifest,
    JSON.stringify({
      upstreams: { tools: upstream(componentPath('tools')), notes: upstream(componentPath('notes')) },
      components: [{ path: componentPath('proxy'), upstreams: ['tools', 'notes'] }],
    }),
  );
  server = await startServer(null, { cacheDir, args: ['--manifest', manifest] });
});
afterAll(() => server?.close());

describe('upstream servers through wasi:mcp/client', () => {
  it('lists the granted servers and their tools', async () => {
    const { text } = await call(server.client, 'upstreams');
    expect(text.split('\n')).toEqual(['tools: echo, add, count, content_kinds, fail', 'notes: add_note, count_notes, enable_extras']);
  });

  it('calls an upstream tool and passes its content through', async () => {
    expect(await call(server.client, 'forward', { server: 'tools', tool: 'echo', arguments: { text: 'via proxy' } })).toEqual({
      text: 'via proxy',
      isError: false,
    });
    const failed = await call(server.client, 'forward', { server: 'tools', tool: 'fail', arguments: { message: 'upstream broke' } });
    expect(failed).toEqual({ text: 'Error: upstream broke', isError: true });
  });

  it('reads an upstream resource', async () => {
    expect(await call(server.client, 'read_upstream', { server: 'notes', uri: 'notes://welcome' })).toEqual({
      text: 'Welcome to the notes example.',
      isError: false,
    });
  });

  it('refuses a server that was not granted, and serves on', async () => {
    const result = await call(server.client, 'forward', { server: 'elsewhere', tool: 'echo' });
    expect(result).toEqual({ text: 'upstream "elsewhere" was not granted', isError: true });
    expect(await call(server.client, 'forward', { server: 'tools', tool: 'echo', arguments: { text: 'ok' } })).toMatchObject({ isError: false });
  });

  it('refuses to serve a proxy that was granted no upstream', async () => {
    const result = await runCli(['run', componentPath('proxy')], { env: { MCP_HOST_CACHE_DIR: cacheDir } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/proxy\.wasm imports wasi:mcp\/client \(world mcp-client or mcp-proxy\) but no upstream server was granted to it/);
  });
});
