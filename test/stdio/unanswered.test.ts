/**
 * A stdio client that writes requests faster than calls finish: past
 * 4,096 unanswered, or 4 messages' worth of their bytes, the host stops
 * reading stdin until some are answered (transports/stdio.ts). What it has
 * not read waits in the client's pipe, not in the host; every request is
 * still answered, in turn.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { RawClient } from '../helpers/raw-client.js';
import { testCacheDir } from '../helpers/server.js';

const MIB = 1024 * 1024;
let client: RawClient | undefined;
afterEach(() => client?.close());

describe('requests waiting for an answer on stdio', () => {
  it('stop the host reading past 4 messages’ worth (--max-message-bytes), and are all answered', async () => {
    client = await RawClient.start(componentPath('wasi-io'), { cacheDir: testCacheDir(), args: ['--max-message-bytes', '2M'] });
    // 40 requests of 1 MiB in one write, each a call of 100 ms: 8 MiB is 8 of them.
    const pad = 'p'.repeat(MIB);
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ jsonrpc: '2.0', id: `r${i}`, method: 'tools/call', params: { name: 'sleep', arguments: { ms: [100], pad } } }));
    const written = client.write(`${lines.join('\n')}\n`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Read at once, all 40 MiB would be in the host by now; at most ~8 MiB is, and about as much more per call answered.
    expect(client.pendingInput()).toBeGreaterThan(10 * MIB);
    for (let i = 0; i < 40; i++) expect(await client.toolText(`r${i}`)).toMatch(/^\{"monotonic":/);
    await written;
    expect(client.pendingInput()).toBe(0);
    expect(client.stderr).toMatch(/stdio: \d+ requests \(\d+ bytes\) wait for an answer: not reading more until some are answered/);
  }, 120_000);
});
