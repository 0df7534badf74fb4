/**
 * `mcp-host run` refuses what it cannot serve: non-zero exit, one line that
 * says what the file is and what to do, no stack trace.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { componentPath } from '../helpers/fixtures.js';
import { testCacheDir } from '../helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'mcp-host-bad-'));
const env = { MCP_HOST_CACHE_DIR: testCacheDir() };

/**
 * Exit 1, nothing on stdout, and the reason on one line: the last one (the
 * transpile progress line may come before it), with no stack trace anywhere.
 */
function expectOneLineRefusal(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines.at(-1)).toMatch(pattern);
  const progress = /^mcp-host: \S+: (transpiled in [\d.]+ s, cached|transpile cache hit) \(/;
  expect(lines.slice(0, -1).filter((l) => !progress.test(l))).toEqual([]);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('mcp-host run refuses', () => {
  it('a file that does not exist', async () => {
    const result = await runCli(['run', join(dir, 'missing.wasm')], { env });
    expectOneLineRefusal(result, /^mcp-host: cannot read .*missing\.wasm: no such file$/);
  });

  it('a file that is not WebAssembly', async () => {
    const path = join(dir, 'random.wasm');
    writeFileSync(path, randomBytes(4096));
    const result = await runCli(['run', path], { env });
    expectOneLineRefusal(result, /^mcp-host: random\.wasm is not a WebAssembly file .*mcp-host build/);
  });

  it('a core module', async () => {
    const path = join(dir, 'core.wasm');
    // The smallest valid core module: magic and version 1.
    writeFileSync(path, Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    const result = await runCli(['run', path], { env });
    expectOneLineRefusal(result, /^mcp-host: core\.wasm is a core WebAssembly module, not a component/);
  });

  it('a component of another world', async () => {
    const result = await runCli(['run', componentPath('client')], { env });
    expectOneLineRefusal(result, /^mcp-host: client\.wasm imports wasi:mcp\/client \(world mcp-client or mcp-proxy\)/);
  });

  it('a bad --timeout', async () => {
    const result = await runCli(['run', componentPath('tools'), '--timeout', 'soon'], { env });
    expectOneLineRefusal(result, /--timeout must be a positive number of milliseconds, not "soon"/);
  });
});
