/** `mcp-host build` says where the source is wrong and what the world is missing. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mcp-host-build-'));

describe('mcp-host build', () => {
  it('names the file and line of a syntax error', async () => {
    const entry = join(dir, 'broken.ts');
    writeFileSync(entry, "import { defineServer } from 'mcp-host/guest';\n\nexport const x: number = ;\n");
    const result = await runCli(['build', entry, '-o', join(dir, 'broken.wasm')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.ts:3:\d+: Unexpected ";"/);
  });

  it('names the export the world needs and the module lacks', async () => {
    const entry = join(dir, 'no-handlers.ts');
    writeFileSync(entry, 'export const run = { run() {} };\n');
    const result = await runCli(['build', entry, '-o', join(dir, 'no-handlers.wasm')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no-handlers\.ts does not export `handlers`, which world mcp-backend requires/);
  });

  it('names a handler the module does not implement', async () => {
    const entry = join(dir, 'partial.ts');
    writeFileSync(entry, 'export const run = { run() {} };\nexport const handlers = { callTool() { return { content: [] }; } };\n');
    const result = await runCli(['build', entry, '-o', join(dir, 'partial.wasm')], { timeoutMs: 120_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/partial\.ts does not implement (readResource|getPrompt|handleSubscribe|handleUnsubscribe|handleComplete) of wasi:mcp\/handlers@0\.1\.0/);
  });

  it('refuses an entry that is not a module', async () => {
    const result = await runCli(['build', join(dir, 'server.py'), '-o', join(dir, 'x.wasm')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/server\.py is not a \.ts or \.js module/);
  });
});
