/**
 * Linking at run time: a server component imports example:kv/store and gets
 * it from another component's export; types are checked before anything runs,
 * and a linked call that fails mid-way ends the importer's instance.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';
import { describeMemoryServer } from './memory-contract.js';

const cacheDir = testCacheDir();
const dir = mkdtempSync(join(tmpdir(), 'mcp-host-links-'));

describeMemoryServer('linked at run time (two component files)', async () => {
  const server = await startServer(componentPath('memory'), { cacheDir, args: [componentPath('kv')] });
  expect(server.stderr()).toMatch(/memory: example:kv\/store linked to kv/);
  return server;
});

describeMemoryServer('linked at run time (a manifest naming the link)', () => {
  const manifest = join(dir, 'linked.json');
  writeFileSync(
    manifest,
    JSON.stringify({
      components: [{ path: componentPath('memory'), name: 'app' }, { path: componentPath('kv'), name: 'store' }],
      links: [{ component: 'app', import: 'example:kv/store@0.1.0', from: 'store' }],
    }),
  );
  return startServer(null, { cacheDir, args: ['--manifest', manifest] });
});

describe('run-time linking', () => {
  it('refuses a provider whose types differ, naming both sides', async () => {
    const result = await runCli(['run', componentPath('memory'), componentPath('kv-mismatch')], { env: { MCP_HOST_CACHE_DIR: cacheDir } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /memory and kv-mismatch disagree on the types of example:kv\/store: memory imports `export function get\(key: string\): string \| undefined;` where kv-mismatch exports `export function get\(key: number\): string \| undefined;`/,
    );
  });

  it('stops an importer whose linked call timed out where the import has no error to return, and serves on with a fresh one', async () => {
    // `get` returns option<string>: the host's timeout unwinds the importer's stack, which must never be entered again.
    const server = await startServer(componentPath('memory'), { cacheDir, args: [componentPath('kv-slow'), '--timeout', '2000'] });
    try {
      expect(await call(server.client, 'remember', { key: 'a', value: '1' })).toEqual({ text: 'remembered a', isError: false });
      const slow = await call(server.client, 'recall', { key: 'slow' });
      expect(slow.isError).toBe(true);
      expect(server.stderr()).toMatch(/memory: instance stopped \(an import failed where it cannot return an error, unwinding the call: timeout: no answer to example:kv\/store\S*#get within 1800 ms\)/);
      await new Promise((r) => setTimeout(r, 3000)); // the provider's own deadline ends its spin
      expect(await call(server.client, 'remember', { key: 'b', value: '2' })).toEqual({ text: 'remembered b', isError: false });
      expect(await call(server.client, 'recall', { key: 'b' })).toEqual({ text: '2', isError: false });
      expect(server.stderr()).not.toMatch(/post_call/);
    } finally {
      await server.close();
    }
  });

  it('refuses an import nobody provides', async () => {
    const result = await runCli(['run', componentPath('memory')], { env: { MCP_HOST_CACHE_DIR: cacheDir } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/memory\.wasm imports example:kv\/store, which neither mcp-host nor any other component provides/);
  });
});
