/**
 * Components not built from JavaScript, built from their source by the real
 * CLI (global setup runs `mcp-host build` on the .wat files) and driven over
 * stdio by the SDK's reference Client:
 *
 * - components/wat/server.wat: hand-written WebAssembly text, no WASI at all;
 *   its entry registers everything and calls serve(), as the proposal's
 *   examples do.
 * - test/fixtures/preview1/server.wat: shaped like C / Rust wasip1 / TinyGo
 *   output (WASI preview 1, entry `_start`), made a component with jco's
 *   command adapter.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallToolResultSchema, ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { runCli } from '../helpers/cli.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

describe('a component written in WebAssembly text', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(componentPath('wat'), { cacheDir: testCacheDir() });
  });
  afterAll(() => server?.close());

  it('is small and imports nothing but wasi:mcp', async () => {
    expect(statSync(componentPath('wat')).size).toBeLessThan(100 * 1024);
    const result = await runCli(['inspect', '--json', componentPath('wat')]);
    expect(result.code).toBe(0);
    const description = JSON.parse(result.stdout) as { world: string; imports: string[]; exports: string[] };
    expect(description.world).toBe('mcp-backend');
    expect(description.imports.every((i) => i.startsWith('wasi:mcp/'))).toBe(true);
    expect(description.exports).toEqual(['wasi:mcp/handlers@0.1.0', 'wasi:cli/run@0.2.3']);
  });

  it('initializes with what its entry registered before calling serve()', () => {
    const { client } = server;
    expect(client.getServerVersion()).toEqual({ name: 'wat-hello', version: '0.1.0' });
    expect(client.getInstructions()).toBe('Written by hand in WebAssembly text. Tool: echo. Resource: hello://greeting.');
    expect(client.getServerCapabilities()?.tools).toBeDefined();
    expect(client.getServerCapabilities()?.resources).toBeDefined();
  });

  it('lists its tool with the schema and annotations it registered', async () => {
    const { tools } = await server.client.listTools();
    expect(tools).toEqual([
      {
        name: 'echo',
        title: 'Echo',
        description: 'Returns its arguments, as text and as structured content.',
        inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
        annotations: { readOnlyHint: true },
      },
    ]);
  });

  it('calls the tool: the arguments come back as text and as structured content', async () => {
    const args = { text: 'héllo, wörld — 你好 🎉' };
    const { text, isError } = await call(server.client, 'echo', args);
    expect(isError).toBe(false);
    expect(JSON.parse(text)).toEqual(args);
    const result = await server.client.callTool({ name: 'echo', arguments: args }, CallToolResultSchema);
    expect(result.structuredContent).toEqual(args);
  });

  it('keeps answering as arguments grow past its initial memory', async () => {
    for (const size of [1, 10_000, 200_000, 1_000_000]) {
      const args = { text: 'x'.repeat(size) };
      const result = await server.client.callTool({ name: 'echo', arguments: args }, CallToolResultSchema);
      expect(result.structuredContent).toEqual(args);
    }
  });

  it('lists and reads its resource', async () => {
    const { resources } = await server.client.listResources();
    expect(resources).toEqual([
      {
        uri: 'hello://greeting',
        name: 'greeting',
        title: 'Greeting',
        description: 'A fixed greeting, stored in the data section.',
        mimeType: 'text/plain',
        size: 51,
      },
    ]);
    const { contents } = await server.client.readResource({ uri: 'hello://greeting' });
    expect(contents).toEqual([{ uri: 'hello://greeting', mimeType: 'text/plain', text: 'Hello from a component written in WebAssembly text!' }]);
  });

  it('answers an unknown resource or tool with an error and keeps serving', async () => {
    const unknownResource = await server.client.readResource({ uri: 'hello://nobody' }).catch((e: unknown) => e);
    expect(unknownResource).toBeInstanceOf(McpError);
    expect((unknownResource as McpError).code).toBe(-32602); // SEP-2164, in both eras (SDK v2)
    expect((unknownResource as McpError).data).toEqual({ uri: 'hello://nobody' });
    const unknownTool = await server.client.callTool({ name: 'nope', arguments: {} }).catch((e: unknown) => e);
    expect(unknownTool).toBeInstanceOf(McpError);
    expect((unknownTool as McpError).code).toBe(ErrorCode.InvalidParams);
    expect((unknownTool as McpError).message).toMatch(/Unknown tool: nope/);
    const result = await server.client.callTool({ name: 'echo', arguments: { text: 'still here' } }, CallToolResultSchema);
    expect(result.structuredContent).toEqual({ text: 'still here' });
  });
});

describe('a WASI preview 1 module made a component with jco\'s preview1 adapters', () => {
  it('registers from its _start (main), and its WASI calls go through the sandbox', async () => {
    const source = readFileSync('test/fixtures/preview1/server.wat', 'utf8');
    expect(source).toContain('"wasi_snapshot_preview1" "environ_sizes_get"');
    expect(statSync(componentPath('preview1')).size).toBeLessThan(100 * 1024);

    const denied = await startServer(componentPath('preview1'), { cacheDir: testCacheDir(), env: { FOO: 'x', BAR: 'y' } });
    try {
      expect(denied.client.getServerVersion()).toEqual({ name: 'preview1-hello', version: '0.1.0' });
      expect(await call(denied.client, 'hello')).toEqual({ text: 'environment variables: 0', isError: false });
      expect(denied.stderr()).toContain('preview1: registering');
      expect(denied.stderr()).toContain('preview1: hello called');
    } finally {
      await denied.close();
    }

    const granted = await startServer(componentPath('preview1'), { cacheDir: testCacheDir(), env: { FOO: 'x', BAR: 'y' }, args: ['--env', 'FOO', '--env', 'BAR'] });
    try {
      expect(await call(granted.client, 'hello')).toEqual({ text: 'environment variables: 2', isError: false });
    } finally {
      await granted.close();
    }
  });

  it('exporting wasi:cli/run itself instead of _start, it gets the reactor adapter', async () => {
    // The same module with its entry renamed: a preview 1 library (reactor) rather than a command.
    const source = readFileSync('test/fixtures/preview1/server.wat', 'utf8')
      .replace('(func (export "_start")', '(func (export "wasi:cli/run@0.2.3#run") (result i32)')
      .replace(/\(call \$serve \(i32\.const 4608\)\)\n\s*\(if \(i32\.load8_u \(i32\.const 4608\)\) \(then unreachable\)\)\)/, '(call $serve (i32.const 4608))\n    (i32.load8_u (i32.const 4608)))');
    expect(source).toContain('(i32.load8_u (i32.const 4608)))');
    const dir = mkdtempSync(join(tmpdir(), 'mcp-host-reactor-'));
    writeFileSync(join(dir, 'reactor.wat'), source);
    const built = await runCli(['build', join(dir, 'reactor.wat'), '-o', join(dir, 'reactor.wasm')]);
    expect(built.code).toBe(0);
    expect(built.stderr).toContain("adapted WASI preview 1 with jco's reactor adapter");
    const server = await startServer(join(dir, 'reactor.wasm'), { cacheDir: testCacheDir(), env: { FOO: 'x' }, args: ['--env', 'FOO'] });
    try {
      expect(await call(server.client, 'hello')).toEqual({ text: 'environment variables: 1', isError: false });
    } finally {
      await server.close();
    }
  });
});
