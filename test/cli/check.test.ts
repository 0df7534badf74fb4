/** `mcp-host check` passes what `run` can serve and fails everything else, each with its own message. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { componentPath } from '../helpers/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'mcp-host-check-'));

describe('mcp-host check', () => {
  it('passes a component it can serve and prints its world', async () => {
    const result = await runCli(['check', componentPath('notes')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/notes\.wasm: a wasi:mcp component mcp-host run can serve/);
    expect(result.stdout).toMatch(/world: +wasi:mcp\/mcp-backend \(wasi:mcp@0\.1\.0\)/);
    expect(result.stdout).toMatch(/exports: +wasi:mcp@0\.1\.0 \{handlers\}/);
    expect(result.stdout).toMatch(/size: +\d+\.\d MB/);
  });

  it('lists the grants a component could use, as JSON too', async () => {
    const result = await runCli(['check', componentPath('hostile'), '--json']);
    expect(result.code).toBe(0);
    const description = JSON.parse(result.stdout) as { world: string; grants: string[]; imports: string[] };
    expect(description.world).toBe('mcp-backend');
    expect(description.grants).toContain('outgoing HTTP: --allow-host');
    expect(description.imports.some((i) => i.startsWith('wasi:http/outgoing-handler@'))).toBe(true);
  });

  it('fails a core module', async () => {
    const path = join(dir, 'core.wasm');
    writeFileSync(path, Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    const result = await runCli(['check', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/core\.wasm is a core WebAssembly module, not a component/);
  });

  it('fails a random file', async () => {
    const path = join(dir, 'random.bin');
    writeFileSync(path, randomBytes(1000));
    const result = await runCli(['check', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/random\.bin is not a WebAssembly file/);
  });

  it('fails a component of another world, naming it', async () => {
    const result = await runCli(['check', componentPath('client')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/world: +wasi:mcp\/mcp-client/);
    expect(result.stderr).toMatch(/client\.wasm imports wasi:mcp\/client \(world mcp-client or mcp-proxy\)/);
  });

  it('inspects a component it cannot serve without failing', async () => {
    const result = await runCli(['inspect', componentPath('proxy')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/world: +wasi:mcp\/mcp-proxy/);
  });
});
