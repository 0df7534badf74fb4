/**
 * Review of the in-thread WASI's refused HTTP (host/sandbox/network.ts
 * refusedHttp): a component that imports wasi:http, served without
 * --allow-host (test/fixtures/in-thread-io/shim-output.wat). Every request
 * is refused, but the headers a guest builds first are host memory outside
 * the memory cap and the V8 heap: 20,000 appends of a 60 KB value to one
 * fields took the host up 1.2 GB in a second, and nothing bounded it short
 * of the machine's memory. Now all of an instance's fields hold at most
 * MAX_HEADER_BYTES (an append past it is `forbidden`), and what a fields,
 * a request or a refused request held is given back when it goes. And its
 * fields and requests count among the MAX_HANDLES a guest may hold.
 * Served with --allow-host, the same fixture gets preview2-shim's fields,
 * which had no bound either: now they are held to the same budget.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HANDLES } from '../../host/sandbox/io.js';
import { MAX_HEADER_BYTES } from '../../host/sandbox/header-budget.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const MiB = 1024 ** 2;
const rss = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
/** Appends of the fixture's 60,000-byte value under the name "io" that fit. */
const FIT = Math.floor(MAX_HEADER_BYTES / 60_002);

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(componentPath('shim-output'), { cacheDir: testCacheDir() });
});
afterAll(() => server?.close());

const io = (op: string): Promise<{ text: string; isError: boolean }> => call(server.client, 'io', { op });

describe('headers of refused HTTP', () => {
  it('are given back when a fields, a request or a refused request goes', async () => {
    // Each 60 KB; 2,000 of each far over the budget if any were kept.
    expect(await io('A:2000')).toEqual({ text: '0', isError: false });
    expect(await io('q:2000')).toEqual({ text: '0', isError: false });
    expect(await io('Q:2000')).toEqual({ text: '0', isError: false });
  });

  it('held, are at most MAX_HEADER_BYTES: past it an append is refused, the host flat', async () => {
    const before = rss(server.pid);
    expect(await io('a:20000')).toEqual({ text: String(20_000 - FIT), isError: false });
    expect(rss(server.pid) - before).toBeLessThan(128 * MiB);
    // The budget is the instance's: the held fields keep it full.
    expect(await io('A:3')).toEqual({ text: '3', isError: false });
    expect(await io('k')).toEqual({ text: '1048576', isError: false });
  });
});

describe('headers of preview2-shim HTTP (--allow-host)', () => {
  // Finding: the shim kept every value appended; 20,000 of 60 KB took the host up 1.2 GB (host/sandbox/shim-http.ts).
  it('are held to the same budget, and given back the same ways and when a request is sent', async () => {
    const shim = await startServer(componentPath('shim-output'), { cacheDir: testCacheDir(), args: ['--allow-host', '127.0.0.1:1'] });
    try {
      const run = (op: string): Promise<{ text: string; isError: boolean }> => call(shim.client, 'io', { op });
      // Dropped, made a request that is dropped, refused (no authority) or handed to the shim's client (127.0.0.1:1).
      for (const op of ['A:2000', 'q:2000', 'Q:2000', 'H:40']) expect(await run(op)).toEqual({ text: '0', isError: false });
      const before = rss(shim.pid);
      expect(await run('a:20000')).toEqual({ text: String(20_000 - FIT), isError: false });
      expect(rss(shim.pid) - before).toBeLessThan(128 * MiB);
      expect(await run('H:3')).toEqual({ text: '3', isError: false });
      expect(await run('k')).toEqual({ text: '16384', isError: false });
    } finally {
      await shim.close();
    }
  }, 60_000);
});

describe('handles of refused HTTP', () => {
  it(`count among the ${MAX_HANDLES} a guest may hold, given back when fields and requests go or are taken`, async () => {
    const fresh = await startServer(componentPath('shim-output'), { cacheDir: testCacheDir() });
    try {
      const run = (op: string): Promise<{ text: string; isError: boolean }> => call(fresh.client, 'io', { op });
      // More requests than MAX_HANDLES, each made from a fields, then dropped or refused: none left held.
      expect(await run(`q:${MAX_HANDLES + 1000}`)).toEqual({ text: '0', isError: false });
      expect(await run(`Q:${MAX_HANDLES + 1000}`)).toEqual({ text: '0', isError: false });
      // Empty fields, kept: each ~150 bytes of host heap; uncounted, as many as the guest liked.
      expect(await run(`F:${MAX_HANDLES + 1}`)).toEqual({ text: expect.stringContaining(`the component holds ${MAX_HANDLES} handles`), isError: true });
      expect(await run('k')).toEqual({ text: '1048576', isError: false });
    } finally {
      await fresh.close();
    }
  }, 60_000);
});
