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
    expect(result.stderr).toMatch(/server\.py is neither a \.ts\/\.js module nor a core module \(\.wasm\) or WebAssembly text \(\.wat\)/);
  });
});

describe('mcp-host build of WebAssembly text and core modules', () => {
  it('names the file, line and column of a WAT syntax error', async () => {
    const entry = join(dir, 'broken.wat');
    writeFileSync(entry, '(module\n  (func (export "x") (result i32)\n    (i32.const 1)\n  (oops))\n');
    const result = await runCli(['build', entry, '-o', join(dir, 'broken-wat.wasm')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.wat:4:4 is not valid WebAssembly text: /);
  });

  it('names the function of the world a module does not export', async () => {
    const entry = join(dir, 'empty.wat');
    writeFileSync(entry, '(module (memory (export "memory") 1))\n');
    const result = await runCli(['build', entry, '-o', join(dir, 'empty.wasm')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/empty\.wat does not export `wasi:mcp\/handlers@0\.1\.0#call-tool`, which world mcp-backend requires/);
  });

  it('refuses a module that does not validate, saying why', async () => {
    const entry = join(dir, 'invalid.wat');
    writeFileSync(entry, '(module (func (export "x") (result i32) (i32.add (i32.const 1))))\n');
    const result = await runCli(['build', entry, '-o', join(dir, 'invalid.wasm')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/invalid\.wat is not a valid WebAssembly module: .*not enough arguments on the stack for i32\.add/);
  });

  it('refuses a file that is already a component, pointing at run and check', async () => {
    const component = join(dir, 'twice.wasm');
    expect((await runCli(['build', 'components/wat/server.wat', '-o', component])).code).toBe(0);
    const result = await runCli(['build', component, '-o', join(dir, 'thrice.wasm')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/twice\.wasm is already a component\. Serve it with `mcp-host run twice\.wasm`/);
  });
});
