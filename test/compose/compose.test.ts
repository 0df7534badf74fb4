/**
 * `mcp-host compose`: one file from the linked example's two components,
 * which `mcp-host check` accepts and `mcp-host run` serves like any other,
 * passing the same contract as the parts linked at run time.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir } from '../helpers/server.js';
import { describeMemoryServer } from './memory-contract.js';

const cacheDir = testCacheDir();
const env = { MCP_HOST_CACHE_DIR: cacheDir };
const dir = mkdtempSync(join(tmpdir(), 'mcp-host-compose-'));
const composed = join(dir, 'memory-with-kv.wasm');

describeMemoryServer('composed into one file', async () => {
  const result = await runCli(['compose', componentPath('memory'), '--plug', componentPath('kv'), '-o', composed], { env });
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toMatch(/example:kv\/store@0\.1\.0: provided by kv/);
  const check = await runCli(['check', composed, '--json'], { env });
  expect(check.code).toBe(0);
  const description = JSON.parse(check.stdout) as { world: string; imports: string[] };
  expect(description.world).toBe('mcp-backend');
  expect(description.imports.filter((i) => i.startsWith('example:kv/'))).toEqual([]);
  return startServer(composed, { cacheDir });
});

describe('mcp-host compose refuses', () => {
  it('a plug whose types differ, naming both sides', async () => {
    const result = await runCli(['compose', componentPath('memory'), '--plug', componentPath('kv-mismatch'), '-o', join(dir, 'bad.wasm')], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/memory and kv-mismatch disagree on the types of example:kv\/store/);
  });

  it('a plug that provides nothing the socket imports', async () => {
    const result = await runCli(['compose', componentPath('tools'), '--plug', componentPath('kv'), '-o', join(dir, 'none.wasm')], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/kv exports nothing tools imports/);
  });
});
