/**
 * Linking at run time: a server component imports example:kv/store and gets
 * it from another component's export; types are checked before anything runs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir } from '../helpers/server.js';
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

  it('refuses an import nobody provides', async () => {
    const result = await runCli(['run', componentPath('memory')], { env: { MCP_HOST_CACHE_DIR: cacheDir } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/memory\.wasm imports example:kv\/store, which neither mcp-host nor any other component provides/);
  });
});
