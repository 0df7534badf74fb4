/**
 * Malformed input on stdin gets the matching JSON-RPC error and the server
 * keeps serving: raw lines written to a real `mcp-host run`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { RawClient } from '../helpers/raw-client.js';
import { testCacheDir } from '../helpers/server.js';

let client: RawClient;

beforeAll(async () => {
  client = await RawClient.start(componentPath('tools'), { cacheDir: testCacheDir() });
});
afterAll(() => client?.close());

/** After each bad line, a good request still gets its answer. */
async function stillServing(id: number): Promise<void> {
  client.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'echo', arguments: { text: `ok ${id}` } } });
  expect(await client.response(id)).toEqual({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: `ok ${id}` }] } });
}

describe('malformed input on stdin', () => {
  it('not JSON: Parse error (-32700), id null', async () => {
    client.send('{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(await client.response(null)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    await stillServing(101);
  });

  it('JSON that is not JSON-RPC: Invalid Request (-32600), with its id', async () => {
    client.send({ id: 2, method: 'tools/list' });
    expect(await client.response(2)).toMatchObject({ error: { code: -32600 } });
    client.send('[1, 2, 3]');
    expect(await client.response(null)).toMatchObject({ error: { code: -32600 } });
    await stillServing(102);
  });

  it('an unknown method: Method not found (-32601)', async () => {
    client.send({ jsonrpc: '2.0', id: 3, method: 'tools/explode', params: {} });
    expect(await client.response(3)).toMatchObject({ error: { code: -32601 } });
    await stillServing(103);
  });

  it('bad params: Invalid params (-32602)', async () => {
    client.send({ jsonrpc: '2.0', id: 4, method: 'resources/read', params: { uri: 42 } });
    client.send({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { arguments: {} } });
    client.send({ jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'add', arguments: { a: 1 } } });
    // This server registered no resources: resources/read is not one of its methods.
    expect(await client.response(4)).toMatchObject({ error: { code: -32601 } });
    expect(await client.response(5)).toMatchObject({ error: { code: -32602 } });
    expect(await client.response(6)).toMatchObject({ error: { code: -32602, message: expect.stringMatching(/Invalid arguments for tool add/) } });
    await stillServing(104);
  });

  it('bad params on logging/setLevel: Invalid params (-32602)', async () => {
    client.send({ jsonrpc: '2.0', id: 7, method: 'logging/setLevel', params: { level: 'loud' } });
    expect(await client.response(7)).toMatchObject({ error: { code: -32602, message: expect.stringMatching(/level/) } });
    await stillServing(105);
  });
});
