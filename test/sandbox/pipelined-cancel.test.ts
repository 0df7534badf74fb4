/**
 * Cancelling a pipelined call (host/worker/instance.ts) that the worker has
 * already started while the main thread still counts the call before it as
 * running: its result is in transit, behind the main thread's other work
 * (here: parsing a large line from the client). The cancelled call must
 * still be stopped, not run on with no deadline and charge its time to the
 * next caller. And calls cancelled while they wait to be posted let go of
 * what they carry.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { RawClient } from '../helpers/raw-client.js';
import { MAX_POSTED } from '../../host/worker/instance.js';
import { testCacheDir } from '../helpers/server.js';

let client: RawClient;

beforeAll(async () => {
  client = await RawClient.start(componentPath('hostile'), { cacheDir: testCacheDir(), args: ['--timeout', '5000', '--max-message-bytes', String(128 * 1024 * 1024)] });
});
afterAll(() => client?.close());

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('cancelling a call the worker started while the one before it is still being answered', () => {
  it('stops it, and the next call is answered, not charged with its time', async () => {
    // 30 MB of a notification no one handles: the main thread parses it in one go, busy for a while.
    const padding = `{"jsonrpc":"2.0","method":"notifications/padding","params":{"pad":[${'0,'.repeat(15_000_000)}`;
    for (let round = 0; round < 3; round++) {
      // a spins 1.5 s; b forever, started by the worker as soon as a returns.
      const started = Date.now();
      client.callTool(`a${round}`, 'spin', { ms: 1500 });
      client.callTool(`b${round}`, 'spin');
      await client.write(padding);
      await sleep(Math.max(0, started + 1300 - Date.now()));
      // The line ends, and b's cancel comes after it: the host reads it once the parse is done, a having returned meanwhile.
      await client.write(`0]}}\n${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: `b${round}`, reason: 'gave up' } })}\n`);
      expect(await client.toolText(`a${round}`)).toBe('done');
      client.callTool(`c${round}`, 'calls');
      // Answered by an instance (b stopped at its cancel), not failed with the deadline of a b still running.
      expect(await client.toolText(`c${round}`)).toMatch(/^\d+$/);
    }
    // b never answers (cancelled), and the host serves on.
    expect(client.all.some((m) => typeof m.id === 'string' && m.id.startsWith('b'))).toBe(false);
    client.callTool('after', 'calls');
    expect(await client.toolText('after')).toMatch(/^\d+$/);
  }, 120_000);
});

describe('calls cancelled while they wait behind posted ones', () => {
  it('let go of their requests: 1,000 of 1 MB, each cancelled once queued, leave the host flat', async () => {
    const busy = await RawClient.start(componentPath('hostile'), { cacheDir: testCacheDir(), args: ['--timeout', '60000'] });
    const rss = (): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${busy.pid}/status`, 'utf8'))![1]) * 1024;
    try {
      busy.callTool('first', 'calls');
      expect(await busy.toolText('first')).toBe('1');
      const before = rss();
      // The worker is busy for the whole test: every call after these waits on the main thread.
      for (let i = 0; i < MAX_POSTED; i++) busy.callTool(`spin${i}`, 'spin', { ms: 30_000 });
      const pad = 'x'.repeat(1_000_000);
      for (let i = 0; i < 1000; i++) {
        busy.callTool(`big${i}`, 'calls', { pad });
        // Cancelled once it is queued (a cancel read with its request drops it before it is).
        setTimeout(() => busy.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: `big${i}`, reason: 'gave up' } }), 30);
        await sleep(2);
      }
      await sleep(1000);
      // Kept, they held 1.2 GB of the host's heap for 1,500 (each call's context keeps its request).
      expect(rss() - before).toBeLessThan(400 * 1024 * 1024);
    } finally {
      busy.close();
    }
  }, 60_000);
});
