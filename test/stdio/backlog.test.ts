/**
 * What waits for a stdio client that stops reading (hostile review F4): at
 * most 16 MiB (or 1000 writes) in stdout's buffer; past that, notifications
 * are dropped with one log line a burst, however large each is. The call's
 * answer still comes once the client reads again.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { peakRss } from '../helpers/proc.js';
import { RawClient } from '../helpers/raw-client.js';
import { testCacheDir } from '../helpers/server.js';

const MIB = 1024 * 1024;
let client: RawClient;

beforeAll(async () => {
  client = await RawClient.start(componentPath('flood'), { cacheDir: testCacheDir() });
});
afterAll(() => client?.close());

describe('a stdio client that stops reading', () => {
  it('is sent at most 16 MiB of large logs; the rest are dropped; answers come after', async () => {
    const before = peakRss(client.pid);
    client.pauseReading();
    // 20 calls × 30 MiB of logs: 600 MiB if it all waited.
    for (let i = 0; i < 20; i++) client.send({ jsonrpc: '2.0', id: `big${i}`, method: 'tools/call', params: { name: 'log_kib', arguments: { n: 30, kib: 1000 } } });
    await vi.waitFor(() => expect(client.stderr).toMatch(/stdio: notifications dropped: more than 1000 waiting, or 16777216 bytes/), { timeout: 60_000, interval: 200 });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(peakRss(client.pid) - before).toBeLessThan(300 * MIB);
    client.resumeReading();
    for (let i = 0; i < 20; i++) expect(await client.response(`big${i}`)).toMatchObject({ result: { content: [{ type: 'text' }] } });
    expect(client.stderr.match(/notifications dropped/g)!.length).toBeLessThan(25);
    client.send({ jsonrpc: '2.0', id: 'ping', method: 'ping' });
    expect(await client.response('ping')).toMatchObject({ result: {} });
  }, 120_000);
});
