/**
 * Malformed input on stdin gets the matching JSON-RPC error and the server
 * keeps serving: raw lines written to a real `mcp-host run`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, componentPath, root } from '../helpers/fixtures.js';
import { testCacheDir } from '../helpers/server.js';

let child: ChildProcessWithoutNullStreams;
const responses: Record<string, unknown>[] = [];
let waiters: (() => void)[] = [];

function send(line: string): void {
  child.stdin.write(`${line}\n`);
}

/** The next response, or the first one that carries `id`. */
async function next(id?: number | string | null): Promise<Record<string, unknown>> {
  for (;;) {
    const index = responses.findIndex((r) => id === undefined || r.id === id);
    if (index >= 0) return responses.splice(index, 1)[0]!;
    await new Promise<void>((resolve) => waiters.push(resolve));
  }
}

beforeAll(async () => {
  child = spawn(process.execPath, [cliPath, 'run', componentPath('tools')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', MCP_HOST_CACHE_DIR: testCacheDir() },
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    responses.push(JSON.parse(line) as Record<string, unknown>);
    const pending = waiters;
    waiters = [];
    for (const wake of pending) wake();
  });
  send(JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } }));
  expect(await next(0)).toMatchObject({ result: { serverInfo: { name: 'tools-example' } } });
  send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
});
afterAll(() => child?.kill());

/** After each bad line, a good request still gets its answer. */
async function stillServing(id: number): Promise<void> {
  send(JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'echo', arguments: { text: `ok ${id}` } } }));
  expect(await next(id)).toEqual({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: `ok ${id}` }] } });
}

describe('malformed input on stdin', () => {
  it('not JSON: Parse error (-32700), id null', async () => {
    send('{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(await next(null)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    await stillServing(101);
  });

  it('JSON that is not JSON-RPC: Invalid Request (-32600), with its id', async () => {
    send(JSON.stringify({ id: 2, method: 'tools/list' }));
    expect(await next(2)).toMatchObject({ error: { code: -32600 } });
    send('[1, 2, 3]');
    expect(await next(null)).toMatchObject({ error: { code: -32600 } });
    await stillServing(102);
  });

  it('an unknown method: Method not found (-32601)', async () => {
    send(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/explode', params: {} }));
    expect(await next(3)).toMatchObject({ error: { code: -32601 } });
    await stillServing(103);
  });

  it('bad params: Invalid params (-32602)', async () => {
    send(JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'resources/read', params: { uri: 42 } }));
    send(JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { arguments: {} } }));
    send(JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'add', arguments: { a: 1 } } }));
    // This server registered no resources: resources/read is not one of its methods.
    expect(await next(4)).toMatchObject({ error: { code: -32601 } });
    expect(await next(5)).toMatchObject({ error: { code: -32602 } });
    expect(await next(6)).toMatchObject({ error: { code: -32602, message: expect.stringMatching(/Invalid arguments for tool add/) } });
    await stillServing(104);
  });

  it('bad params on logging/setLevel: Invalid params (-32602)', async () => {
    send(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'logging/setLevel', params: { level: 'loud' } }));
    expect(await next(7)).toMatchObject({ error: { code: -32602, message: expect.stringMatching(/level/) } });
    await stillServing(105);
  });
});
