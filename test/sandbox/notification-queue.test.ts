/**
 * Notifications wait in a bounded queue per client: a component that logs
 * faster than its client reads cannot grow the host's memory without end.
 * Past the bound new ones are dropped, with one log line; the call's answer
 * still comes, and the host serves on.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { RawClient } from '../helpers/raw-client.js';
import { testCacheDir } from '../helpers/server.js';

let client: RawClient;

beforeAll(async () => {
  client = await RawClient.start(componentPath('intruder'), { cacheDir: testCacheDir() });
});
afterAll(() => client?.close());

describe('a client that does not keep up', () => {
  it('gets at most the queue’s worth of a flood, then its answer; the host logs the drops in a line a burst', async () => {
    client.pauseReading();
    client.send({ jsonrpc: '2.0', id: 'flood', method: 'tools/call', params: { name: 'flood', arguments: { n: 5000 } } });
    await vi.waitFor(() => expect(client.stderr).toMatch(/notifications dropped: more than 1000 waiting/), { timeout: 20_000, interval: 100 });
    client.resumeReading();
    expect(await client.response('flood')).toMatchObject({ result: { content: [{ type: 'text', text: 'flooded' }] } });
    const logs = client.received.filter((m) => m.method === 'notifications/message');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.length).toBeLessThan(5000);
    // One line a burst (reading again may end one burst and start another), not one per notification.
    expect(client.stderr.match(/notifications dropped/g)!.length).toBeLessThan(10);
    client.send({ jsonrpc: '2.0', id: 'ping', method: 'ping' });
    expect(await client.response('ping')).toMatchObject({ result: {} });
  }, 60_000);
});
