/**
 * Review of the in-thread WASI (host/sandbox/io.ts): resource handles as
 * host memory. Every pollable, error or standard stream handle a guest
 * holds is host heap the memory cap does not cover, like a table element.
 * Two findings, from a WAT component (test/fixtures/in-thread-io):
 *  - jco's glue remembered every handle it ever made in a Set it never
 *    empties: 1 M pollables subscribed and dropped left the host +133 MB,
 *    16.7 M took it to ~2 GB (then "Set maximum size exceeded"). The glue
 *    no longer keeps it where nothing reads it (host/toolchain/transpile.ts).
 *  - handles held were unbounded (~150 bytes each, to ~2.5 GB): now at most
 *    MAX_HANDLES at once; past it the call traps and the next is served
 *    by a fresh instance.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HANDLES } from '../../host/sandbox/io.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const MiB = 1024 ** 2;
const rss = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(componentPath('in-thread-io'), { cacheDir: testCacheDir() });
});
afterAll(() => server?.close());

const io = (op: string): Promise<{ text: string; isError: boolean }> => call(server.client, 'io', { op });
const over = { text: expect.stringContaining(`the component holds ${MAX_HANDLES} handles`), isError: true };

describe('handles a guest made and dropped', () => {
  it('leave the host as it was: 6 M pollables and 1 M stdout handles, each dropped', async () => {
    expect(await io('H:1000')).toEqual({ text: 'done', isError: false });
    const before = rss(server.pid);
    expect(await io('H:3000000')).toEqual({ text: 'done', isError: false });
    expect(await io('H:3000000')).toEqual({ text: 'done', isError: false });
    expect(await io('O:1000000')).toEqual({ text: 'done', isError: false });
    // Kept by the glue, these took the host up ~720 MB that stayed with the instance (without: ~+30 MB).
    expect(rss(server.pid) - before).toBeLessThan(96 * MiB);
  }, 120_000);
});

describe('handles a guest holds', () => {
  it(`are at most ${MAX_HANDLES} at once: pollables`, async () => {
    expect(await io(`h:${MAX_HANDLES - 100}`)).toEqual({ text: 'done', isError: false });
    expect(await io('h:1000')).toEqual(over);
    // A fresh instance holds nothing yet.
    expect(await io(`h:${MAX_HANDLES - 100}`)).toEqual({ text: 'done', isError: false });
  });

  it(`are at most ${MAX_HANDLES} at once: stdout, many times over`, async () => {
    expect(await io(`o:${MAX_HANDLES + 1}`)).toEqual(over);
    expect(await io('k')).toEqual({ text: '1048576', isError: false });
  });
});
