/**
 * The host fds guests hold are capped for the whole process, not only per
 * instance: a component served an instance per session, every session
 * hoarding descriptors, under a low open-files limit, never makes a new
 * session or a re-created instance fail (EMFILE), and the hoarders get the
 * WASI error. An instance stopped at its deadline gives its share back.
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_HOST_RESERVE } from '../../host/sandbox/fs/fd-pool.js';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { testCacheDir } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const NOFILE = 1500;
/** What guests may hold together under NOFILE: the rest (25% of it is less than MIN_HOST_RESERVE) is the host's. */
const POOL = NOFILE - MIN_HOST_RESERVE;

const granted = mkdtempSync(join(tmpdir(), 'mcp-host-fd-pool-'));
writeFileSync(join(granted, 'notes.txt'), 'granted content');
mkdirSync(join(granted, 'sub'));
writeFileSync(join(granted, 'sub', 'inner.txt'), 'inner');

let host: HttpHost;
beforeAll(async () => {
  host = await startHttpHost(componentPath('fs-probe'), {
    cacheDir: testCacheDir(),
    nofile: NOFILE,
    args: ['--instances', 'per-session', '--dir', `${granted}::/data`, '--timeout', '3000'],
  });
});
afterAll(async () => {
  await host?.close();
});

const fds = (): number => readdirSync(`/proc/${host.pid}/fd`).length;

describe('the process-wide fd pool', () => {
  it('keeps sessions that hoard descriptors from running the host out of them', async () => {
    const a = await host.connect();
    const b = await host.connect();
    expect(await call(a, 'hoard', { path: 'notes.txt', n: 600 })).toEqual({ text: 'opened 600', isError: false });
    // Within its own cap (1024), but the pool has only the rest.
    expect(await call(b, 'hoard', { path: 'notes.txt', n: 1000 })).toEqual({ text: `opened ${POOL - 600}, then insufficient-memory`, isError: false });
    expect(fds()).toBeLessThan(NOFILE - 200);

    // New sessions still start (their worker, socket and preopens are out of the host's reserve) and serve; their opens are refused.
    const late: Client[] = [];
    for (let i = 0; i < 12; i++) late.push(await host.connect());
    for (const c of late) expect(await call(c, 'hoard', { path: 'notes.txt', n: 5 })).toEqual({ text: 'opened 0, then insufficient-memory', isError: false });
    expect(await call(late[0]!, 'fs', { op: 'open', path: 'notes.txt' })).toEqual({ text: 'refused: insufficient-memory', isError: true });
    // A path walk's directory fds come out of the pool too (many sessions walking deep paths at once would add up).
    expect(await call(late[0]!, 'fs', { op: 'stat', path: 'notes.txt' })).toMatchObject({ isError: false });
    expect(await call(late[0]!, 'fs', { op: 'stat', path: 'sub/inner.txt' })).toEqual({ text: 'refused: insufficient-memory', isError: true });

    // b is stopped at its deadline holding its share, which goes back to the pool; its re-created instance starts and opens.
    expect(await call(b, 'stat_forever', { path: 'notes.txt' })).toMatchObject({ isError: true });
    await expect.poll(async () => (await call(b, 'hoard', { path: 'notes.txt', n: 10 })).text, { timeout: 10_000 }).toBe('opened 10');
    expect(await call(a, 'release')).toEqual({ text: 'released 600', isError: false });
    expect(await call(late[0]!, 'fs', { op: 'stat', path: 'sub/inner.txt' })).toMatchObject({ isError: false });
    expect(await call(late[1]!, 'hoard', { path: 'notes.txt', n: 2000 })).toEqual({ text: `opened ${Math.min(1024, POOL - 10)}, then insufficient-memory`, isError: false });

    expect(fds()).toBeLessThan(NOFILE - 200);
    expect(host.stderr()).not.toMatch(/EMFILE|Worker initialization failure/);
    // And a session opened now is served.
    expect(await call(await host.connect(), 'fs', { op: 'open', path: 'notes.txt' })).toEqual({ text: 'refused: insufficient-memory', isError: true });
  });
});
