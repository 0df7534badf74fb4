/**
 * Review of the in-thread WASI (host/sandbox/io.ts): wasi:io/poll and
 * clock pollables with hostile values, from a WAT component
 * (test/fixtures/in-thread-io) that calls the imports directly.
 *
 * Finding: a guest's poll list costs it 4 bytes an entry, but jco's glue
 * lifts it into JS arrays at ~60 bytes an entry before the host's poll
 * runs: a 40 MB list took the host up ~650 MB, and with --max-memory 1G a
 * list of 150 M entries made V8 abort the whole host process ("Fatal
 * JavaScript invalid size error"). The glue now traps a list of over
 * MAX_POLL_LIST pollables before lifting it (host/toolchain/transpile.ts).
 *
 * Fine as they were (kept as evidence): an empty list traps; the same
 * pollable twice is answered twice; instants at 0 and u64 max are ready
 * and not; a dropped pollable traps; a guest blocked on a duration or an
 * instant of u64 max is stopped at its deadline; each time the next call
 * is served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_POLL_LIST } from '../../host/toolchain/transpile.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';
import { peakRss } from '../helpers/proc.js';

const MiB = 1024 ** 2;
const U64_MAX = '18446744073709551615';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(componentPath('in-thread-io'), { cacheDir: testCacheDir(), args: ['--timeout', '3000'] });
});
afterAll(() => server?.close());

const io = (op: string, on = server): Promise<{ text: string; isError: boolean }> => call(on.client, 'io', { op });
const servesOn = async (on = server): Promise<void> => expect(await io('k', on)).toEqual({ text: '1048576', isError: false });

describe('poll lists', () => {
  it('traps a list over MAX_POLL_LIST before the glue lifts it, the host’s memory flat', async () => {
    expect(await io(`p:${MAX_POLL_LIST}`)).toEqual({ text: String(MAX_POLL_LIST), isError: false });
    const before = peakRss(server.pid);
    const huge = await io('p:10000000'); // 40 MB of list: ~650 MB of host heap when lifted
    expect(huge).toEqual({ text: expect.stringContaining(`wasi:io/poll: a list of 10000000 pollables, over ${MAX_POLL_LIST}`), isError: true });
    expect(peakRss(server.pid) - before).toBeLessThan(128 * MiB);
    await servesOn();
  });

  it('survives a list longer than V8 can hold in one array', async () => {
    const big = await startServer(componentPath('in-thread-io'), { cacheDir: testCacheDir(), args: ['--max-memory', '1G'] });
    try {
      expect((await io('p:150000000', big)).isError).toBe(true);
      await servesOn(big);
    } finally {
      await big.close();
    }
  });

  it('traps an empty list, answers one pollable listed twice twice', async () => {
    expect(await io('e')).toEqual({ text: expect.stringContaining('poll on an empty list'), isError: true });
    // [pending, ready, ready, pending]: the ready one at indices 1 and 2.
    expect(await io('D')).toEqual({ text: '2', isError: false });
  });

  it('traps a dropped pollable', async () => {
    expect((await io('x')).isError).toBe(true);
    await servesOn();
  });
});

describe('clock pollables', () => {
  it('makes an instant of 0 ready and one of u64 max not', async () => {
    expect(await io('q:0')).toEqual({ text: '1', isError: false });
    expect(await io(`q:${U64_MAX}`)).toEqual({ text: '0', isError: false });
    expect(await io('d:0')).toEqual({ text: 'done', isError: false });
  });

  it.each(['d', 'i'])('stops a guest blocked on %s:u64-max at its deadline and serves the next call', async (op) => {
    const started = Date.now();
    const blocked = await io(`${op}:${U64_MAX}`);
    expect(blocked).toEqual({ text: expect.stringContaining('exceeded its deadline of 3000 ms'), isError: true });
    expect(Date.now() - started).toBeLessThan(20_000);
    await servesOn();
  });
});
