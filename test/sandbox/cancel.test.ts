/**
 * notifications/cancelled for a call in flight stops the guest after a
 * short grace, no result is sent for it, and the server serves on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { RawClient } from '../helpers/raw-client.js';
import { testCacheDir } from '../helpers/server.js';

let client: RawClient;

// The default 30 s deadline: only the cancellation can stop the loop in time.
beforeAll(async () => {
  client = await RawClient.start(componentPath('hostile'), { cacheDir: testCacheDir() });
});
afterAll(() => client?.close());

describe('cancellation', () => {
  it('stops a running call, sends no result for it, and serves the next call', async () => {
    client.send({ jsonrpc: '2.0', id: 'loop', method: 'tools/call', params: { name: 'spin', arguments: {} } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    client.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'loop', reason: 'user gave up' } });
    client.send({ jsonrpc: '2.0', id: 'after', method: 'tools/call', params: { name: 'calls', arguments: {} } });
    // A fresh instance answers: the looping one was stopped.
    expect(await client.response('after')).toMatchObject({ result: { content: [{ type: 'text', text: '1' }] } });
    client.send({ jsonrpc: '2.0', id: 'ping', method: 'ping' });
    await client.response('ping');
    expect(client.received.filter((m) => m.id === 'loop')).toEqual([]);
    expect(client.stderr).toMatch(/hostile: instance stopped \(a cancelled call was still running\)/);
  }, 20_000);

  it('drops a queued call that is cancelled before it starts', async () => {
    client.send({ jsonrpc: '2.0', id: 'busy', method: 'tools/call', params: { name: 'spin', arguments: { ms: 500 } } });
    client.send({ jsonrpc: '2.0', id: 'queued', method: 'tools/call', params: { name: 'calls', arguments: {} } });
    client.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'queued' } });
    expect(await client.response('busy')).toMatchObject({ result: { content: [{ type: 'text', text: 'done' }] } });
    client.send({ jsonrpc: '2.0', id: 'next', method: 'tools/call', params: { name: 'calls', arguments: {} } });
    // The queued call never ran: the counter moved by one, not two.
    expect(await client.response('next')).toMatchObject({ result: { content: [{ type: 'text', text: '2' }] } });
    expect(client.received.filter((m) => m.id === 'queued')).toEqual([]);
  });
});
