/**
 * Calls to one instance are pipelined (host/worker/instance.ts): all of them
 * are posted to its worker at once and run there one after another. What
 * that must keep: every call answered with its own result, in the order the
 * instance ran them; a call's deadline counts from when it starts, not while
 * it waits behind others; after a call traps, the calls posted behind it
 * (which never started) run on the fresh instance; the instance's state is
 * shared by the calls in order; and large calls posted ahead do not pile
 * up in the worker's capped heap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_POSTED } from '../../host/worker/instance.js';
import { componentPath } from '../helpers/fixtures.js';
import { RawClient } from '../helpers/raw-client.js';
import { testCacheDir } from '../helpers/server.js';

let client: RawClient;

beforeAll(async () => {
  client = await RawClient.start(componentPath('hostile'), { cacheDir: testCacheDir(), args: ['--timeout', '1500'] });
});
afterAll(() => client?.close());

describe('pipelined calls to one instance', () => {
  it('answers 64 calls sent at once, each with its own result, in the order they ran', async () => {
    const ids = Array.from({ length: 64 }, (_, i) => `c${i}`);
    for (const id of ids) client.callTool(id, 'calls');
    const counts = await Promise.all(ids.map((id) => client.toolText(id)));
    // One instance ran them in the order they were sent: its counter went 1..64.
    expect(counts).toEqual(ids.map((_, i) => String(i + 1)));
  }, 30_000);

  it('counts each call’s deadline from when it starts, not while it waits behind others', async () => {
    // Three calls of 900 ms under a 1500 ms deadline: the third waits 1800 ms and must still finish.
    for (const id of ['s1', 's2', 's3']) client.callTool(id, 'spin', { ms: 900 });
    client.callTool('after-spins', 'calls');
    expect(await Promise.all(['s1', 's2', 's3'].map((id) => client.toolText(id)))).toEqual(['done', 'done', 'done']);
    expect(await client.toolText('after-spins')).toBe('65');
  }, 30_000);

  it('runs the calls posted behind a trap on the fresh instance', async () => {
    client.callTool('t', 'trap');
    const behind = ['b1', 'b2', 'b3'];
    for (const id of behind) client.callTool(id, 'calls');
    expect(await client.toolText('t')).toMatch(/^error: Tool trap failed: the component trapped/);
    // None of them ran on the trapped instance: the new one counts from 1.
    expect(await Promise.all(behind.map((id) => client.toolText(id)))).toEqual(['1', '2', '3']);
  }, 30_000);

  it('stops a call at its deadline and runs the ones behind it on the fresh instance', async () => {
    client.callTool('forever', 'spin');
    client.callTool('next1', 'calls');
    client.callTool('next2', 'calls');
    expect(await client.toolText('forever')).toBe('error: Tool spin failed: the component trapped (the call exceeded its deadline of 1500 ms and was stopped).');
    expect([await client.toolText('next1'), await client.toolText('next2')]).toEqual(['1', '2']);
  }, 30_000);
});

describe('what is posted ahead of its turn', () => {
  it(`does not pile up in the worker's heap: ${MAX_POSTED} calls of 3.5 MB behind a slow one, run by a worker with an 80 MiB heap`, async () => {
    // --max-memory 16M caps the worker's heap at 16 + 64 MiB (sandbox/policy.ts): the calls' 224 MB taken in at once would not fit.
    const big = await RawClient.start(componentPath('in-thread-io'), { cacheDir: testCacheDir(), args: ['--max-memory', '16M'] });
    try {
      big.callTool('slow', 'io', { op: 'd:2000000000' }); // blocks 2 s
      const pad = 'x'.repeat(3_500_000);
      const ids = Array.from({ length: MAX_POSTED }, (_, i) => `big${i}`);
      for (const id of ids) big.callTool(id, 'io', { op: 'k', pad });
      expect(await big.toolText('slow')).toBe('done');
      // Each is check-write of stdout: none was lost to a worker out of memory.
      expect(await Promise.all(ids.map((id) => big.toolText(id)))).toEqual(ids.map(() => '1048576'));
      expect(big.stderr).not.toMatch(/instance stopped/);
    } finally {
      big.close();
    }
  }, 60_000);
});
