/**
 * Every path operation of wasi:filesystem stays inside its grant: `..`,
 * absolute paths, symlinks out (absolute, relative, chained, in the middle
 * of a path) are refused with `not-permitted`, and nothing outside changes;
 * symlinks that stay inside work. A read-only grant refuses every mutation
 * with `read-only`. A component cannot pile up host descriptors.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const base = mkdtempSync(join(tmpdir(), 'mcp-host-confine-'));
const rw = join(base, 'rw');
const ro = join(base, 'ro');
const outsideDir = join(base, 'outside-dir');

/** The same tree in both grants: files, a subdirectory, and symlinks in and out. */
function plant(dir: string): void {
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'notes.txt'), 'granted content');
  writeFileSync(join(dir, 'sub', 'inner.txt'), 'inner content');
  mkdirSync(join(dir, 'empty'));
  symlinkSync('../notes.txt', join(dir, 'sub', 'up'));
  symlinkSync('notes.txt', join(dir, 'link-in'));
  symlinkSync('sub', join(dir, 'sub-link'));
  symlinkSync(join(base, 'outside.txt'), join(dir, 'link-abs'));
  symlinkSync('../outside.txt', join(dir, 'link-rel'));
  symlinkSync('link-rel', join(dir, 'chain'));
  symlinkSync('../outside-dir', join(dir, 'dir-out'));
  symlinkSync(outsideDir, join(dir, 'dir-abs'));
  symlinkSync('loop2', join(dir, 'loop1'));
  symlinkSync('loop1', join(dir, 'loop2'));
}

writeFileSync(join(base, 'outside.txt'), 'outside content');
mkdirSync(join(outsideDir, 'empty'), { recursive: true });
writeFileSync(join(outsideDir, 'secret.txt'), 'outside secret');
plant(rw);
plant(ro);

/** Everything outside the grants, to check that nothing there changed. */
function outsideSnapshot(): string {
  const entries = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (path === rw || path === ro) return [];
      const st = lstatSync(path);
      const here = `${path} ${st.mtimeMs} ${st.isFile() ? readFileSync(path, 'utf8') : ''}`;
      return st.isDirectory() ? [here, ...entries(path)] : [here];
    });
  return entries(base).join('\n');
}
const before = outsideSnapshot();

/** Directory parts that leave the grant. */
const DIR_ESCAPES = ['../outside.txt', 'sub/../../outside.txt', 'sub-link/../../outside.txt', join(base, 'outside.txt'), '/etc/passwd', 'dir-out/secret.txt', 'dir-abs/secret.txt'];
/** Last components that are symlinks leaving the grant. */
const LINK_ESCAPES = ['link-abs', 'link-rel', 'chain'];

let server: RunningServer;

beforeAll(async () => {
  server = await startServer(componentPath('fs-probe'), { cacheDir: testCacheDir(), args: ['--dir-rw', `${rw}::/rw`, '--dir', `${ro}::/ro`] });
});
afterAll(async () => {
  await server?.close();
});

const fs = (args: { op: string; path: string; to?: string; text?: string; dir?: string; toDir?: string }) => call(server.client, 'fs', { dir: '/rw', ...args });

async function expectRefused(args: Parameters<typeof fs>[0], code: string): Promise<void> {
  expect(await fs(args), JSON.stringify(args)).toEqual({ text: `refused: ${code}`, isError: true });
}

async function expectStillServing(): Promise<void> {
  expect(await fs({ op: 'open', path: 'notes.txt' })).toEqual({ text: 'ok: granted content', isError: false });
}

describe('confinement of every path operation', () => {
  it('refuses escapes from reads, stats and directory listings', async () => {
    for (const op of ['open', 'open_nofollow', 'read_stream', 'stat', 'lstat', 'readlink', 'read_dir']) {
      for (const path of DIR_ESCAPES) await expectRefused({ op, path }, 'not-permitted');
    }
    for (const op of ['open', 'read_stream', 'stat']) {
      for (const path of LINK_ESCAPES) await expectRefused({ op, path }, 'not-permitted');
    }
    for (const path of ['dir-out', 'dir-abs', '..', 'sub/../..']) await expectRefused({ op: 'read_dir', path }, 'not-permitted');
    await expectStillServing();
  });

  it('refuses escapes from every mutation, and changes nothing outside', async () => {
    const mutations: Parameters<typeof fs>[0][] = [];
    for (const path of [...DIR_ESCAPES, 'dir-out/new', 'dir-abs/new', '../new']) {
      mutations.push(
        { op: 'create', path, text: 'x' },
        { op: 'write_stream', path, text: 'x' },
        { op: 'append_stream', path, text: 'x' },
        { op: 'truncate', path },
        { op: 'mkdir', path },
        { op: 'unlink', path },
        { op: 'symlink', path, to: 'notes.txt' },
        { op: 'set_times', path },
        { op: 'set_times_nofollow', path },
        { op: 'set_times_fd', path },
        { op: 'rename', path, to: 'stolen' },
        { op: 'rename', path: 'notes.txt', to: path },
        { op: 'link', path, to: 'stolen' },
        { op: 'link', path: 'notes.txt', to: path },
        { op: 'link_follow', path, to: 'stolen' },
      );
    }
    for (const path of ['dir-out/empty', 'dir-abs/empty', '../outside-dir/empty']) mutations.push({ op: 'rmdir', path });
    for (const path of LINK_ESCAPES) {
      mutations.push(
        { op: 'create', path, text: 'x' },
        { op: 'write_stream', path, text: 'x' },
        { op: 'append_stream', path, text: 'x' },
        { op: 'truncate', path },
        { op: 'set_size', path },
        { op: 'set_times', path },
        { op: 'set_times_fd', path },
        { op: 'link_follow', path, to: 'stolen' },
      );
    }
    for (const args of mutations) await expectRefused(args, 'not-permitted');
    // An absolute target could never be followed inside the grant.
    await expectRefused({ op: 'symlink', path: 'new-link', to: '/etc/passwd' }, 'not-permitted');
    expect(outsideSnapshot()).toBe(before);
    expect(readdirSync(rw)).not.toContain('stolen');
    await expectStillServing();
  });

  it('acts on a symlink leaving the grant itself when the call does not follow it', async () => {
    expect(await fs({ op: 'lstat', path: 'link-rel' })).toEqual({ text: 'ok: symbolic-link', isError: false });
    expect(await fs({ op: 'readlink', path: 'link-rel' })).toEqual({ text: 'ok: ../outside.txt', isError: false });
    await expectRefused({ op: 'open_nofollow', path: 'link-rel' }, 'loop');
    expect(await fs({ op: 'symlink', path: 'to-remove', to: '../outside.txt' })).toMatchObject({ isError: false });
    expect(await fs({ op: 'unlink', path: 'to-remove' })).toEqual({ text: 'ok: unlinked', isError: false });
    expect(readFileSync(join(base, 'outside.txt'), 'utf8')).toBe('outside content');
  });

  it('follows symlinks that stay inside the grant', async () => {
    expect(await fs({ op: 'open', path: 'link-in' })).toEqual({ text: 'ok: granted content', isError: false });
    expect(await fs({ op: 'open', path: 'sub-link/inner.txt' })).toEqual({ text: 'ok: inner content', isError: false });
    expect(await fs({ op: 'open', path: 'sub/up' })).toEqual({ text: 'ok: granted content', isError: false });
    expect(await fs({ op: 'open', path: 'sub-link/../notes.txt' })).toEqual({ text: 'ok: granted content', isError: false });
    expect(await fs({ op: 'read_stream', path: 'sub-link/up' })).toEqual({ text: 'ok: granted content', isError: false });
    expect(await fs({ op: 'stat', path: 'sub-link' })).toEqual({ text: 'ok: directory', isError: false });
    expect(await fs({ op: 'read_dir', path: 'sub-link' })).toEqual({ text: 'ok: inner.txt:regular-file,up:symbolic-link', isError: false });
    await expectRefused({ op: 'open', path: 'loop1' }, 'loop');
    expect(await fs({ op: 'read_huge', path: 'link-in' })).toEqual({ text: 'ok: granted content true 0 true', isError: false });

    expect(await fs({ op: 'create', path: 'sub-link/made.txt', text: 'made' })).toEqual({ text: 'ok: created', isError: false });
    expect(readFileSync(join(rw, 'sub', 'made.txt'), 'utf8')).toBe('made');
    expect(await fs({ op: 'append_stream', path: 'sub-link/made.txt', text: '+more' })).toEqual({ text: 'ok: appended', isError: false });
    expect(readFileSync(join(rw, 'sub', 'made.txt'), 'utf8')).toBe('made+more');
    expect(await fs({ op: 'link_follow', path: 'link-in', to: 'hard-in' })).toEqual({ text: 'ok: linked', isError: false });
    expect(statSync(join(rw, 'hard-in')).ino).toBe(statSync(join(rw, 'notes.txt')).ino);
    expect(await fs({ op: 'set_times', path: 'sub/up' })).toEqual({ text: 'ok: touched', isError: false });
    expect(statSync(join(rw, 'notes.txt')).mtimeMs).toBe(1_000_000_000);
    expect(await fs({ op: 'mkdir', path: 'sub-link/deeper' })).toEqual({ text: 'ok: made', isError: false });
    expect(await fs({ op: 'rename', path: 'sub-link/deeper', to: 'moved' })).toEqual({ text: 'ok: renamed', isError: false });
    expect(await fs({ op: 'rmdir', path: 'moved' })).toEqual({ text: 'ok: removed', isError: false });
    expect(await fs({ op: 'unlink', path: 'sub-link/made.txt' })).toEqual({ text: 'ok: unlinked', isError: false });
  });

  it('keeps a read-only grant read-only, for every mutation', async () => {
    const inRo = (args: Parameters<typeof fs>[0]) => ({ ...args, dir: '/ro' });
    const snapshot = (): string =>
      readdirSync(ro, { recursive: true })
        .map(String)
        .sort()
        .map((p) => `${p} ${lstatSync(join(ro, p)).mtimeMs}`)
        .join('\n');
    const unchanged = snapshot();
    const mutations: Parameters<typeof fs>[0][] = [
      { op: 'create', path: 'new.txt', text: 'x' },
      { op: 'create', path: 'notes.txt', text: 'x' },
      { op: 'write_stream', path: 'notes.txt', text: 'x' },
      { op: 'append_stream', path: 'notes.txt', text: 'x' },
      { op: 'write_existing', path: 'notes.txt', text: 'x' },
      { op: 'truncate', path: 'notes.txt' },
      { op: 'set_size', path: 'notes.txt' },
      { op: 'mkdir', path: 'newdir' },
      { op: 'rmdir', path: 'empty' },
      { op: 'unlink', path: 'notes.txt' },
      { op: 'unlink', path: 'link-in' },
      { op: 'rename', path: 'notes.txt', to: 'renamed.txt' },
      { op: 'link', path: 'notes.txt', to: 'hard.txt' },
      { op: 'symlink', path: 'new-link', to: 'notes.txt' },
      { op: 'set_times', path: 'notes.txt' },
      { op: 'set_times_nofollow', path: 'link-in' },
      { op: 'set_times_fd', path: 'notes.txt' },
    ];
    for (const args of mutations) await expectRefused(inRo(args), 'read-only');
    // Across grants: into the read-only one, and out of it (a hard link would make its file writable).
    await expectRefused({ op: 'rename', path: 'notes.txt', to: 'moved-in.txt', toDir: '/ro' }, 'read-only');
    await expectRefused({ op: 'link', path: 'notes.txt', to: 'linked-in.txt', toDir: '/ro' }, 'read-only');
    await expectRefused(inRo({ op: 'rename', path: 'notes.txt', to: 'moved-out.txt', toDir: '/rw' }), 'read-only');
    await expectRefused(inRo({ op: 'link', path: 'notes.txt', to: 'linked-out.txt', toDir: '/rw' }), 'read-only');
    expect(snapshot()).toBe(unchanged);
    expect(readFileSync(join(ro, 'notes.txt'), 'utf8')).toBe('granted content');
    // Reads still work there, and inherit nothing writable.
    expect(await fs(inRo({ op: 'open', path: 'sub-link/up' }))).toEqual({ text: 'ok: granted content', isError: false });
    expect(JSON.parse((await fs(inRo({ op: 'flags', path: '.' }))).text.slice('ok: '.length))).toMatchObject({ read: true, write: false, mutateDirectory: false });
  });

  it('caps the descriptors a component can hold, then serves again once they are dropped', async () => {
    const fds = (): number => readdirSync(`/proc/${server.pid}/fd`).length;
    const baseline = fds();
    const hoard = await call(server.client, 'hoard', { path: 'notes.txt', n: 5000 });
    expect(hoard.text).toMatch(/^opened 10\d\d, then insufficient-memory$/);
    expect(fds() - baseline).toBeLessThanOrEqual(1024);
    await expectRefused({ op: 'open', path: 'notes.txt' }, 'insufficient-memory');
    // Directory streams count too.
    expect(await call(server.client, 'hoard', { path: '.', n: 10, dirs: true })).toEqual({ text: 'opened 0, then insufficient-memory', isError: false });
    expect(await call(server.client, 'release')).toMatchObject({ isError: false });
    await expectStillServing();
    expect(await call(server.client, 'hoard', { path: '.', n: 10, dirs: true })).toEqual({ text: 'opened 10', isError: false });
    expect(await call(server.client, 'release')).toEqual({ text: 'released 10', isError: false });
    // File streams share their file's fd, and are capped too.
    expect(await call(server.client, 'hoard', { path: 'notes.txt', n: 5000, fileStreams: true })).toEqual({ text: 'opened 1024, then insufficient-memory', isError: false });
    expect(await call(server.client, 'release')).toEqual({ text: 'released 1025', isError: false });
    expect(fds()).toBeLessThanOrEqual(baseline + 4);
  });

  // Node closes the fds a worker opened when it is terminated; this keeps it so.
  it('closes the host descriptors of an instance stopped at its deadline, however many it held', async () => {
    let deep = 'd';
    for (let i = 1; i < 200; i++) deep += '/d';
    mkdirSync(join(rw, deep), { recursive: true });
    const short = await startServer(componentPath('fs-probe'), { cacheDir: testCacheDir(), args: ['--dir-rw', `${rw}::/rw`, '--timeout', '5000'] });
    try {
      const fds = (): number => readdirSync(`/proc/${short.pid}/fd`).length;
      expect(await call(short.client, 'fs', { op: 'open', path: 'notes.txt' })).toMatchObject({ isError: false });
      const baseline = fds();
      for (let round = 0; round < 2; round++) {
        expect((await call(short.client, 'hoard', { path: 'notes.txt', n: 1000 })).text).toBe('opened 1000');
        expect(fds() - baseline).toBeGreaterThanOrEqual(1000);
        // Stopped at the deadline in the middle of 200-deep walks, holding 1000 descriptors.
        expect(await call(short.client, 'stat_forever', { path: deep })).toMatchObject({ isError: true });
        expect(await call(short.client, 'fs', { op: 'open', path: 'notes.txt' })).toEqual({ text: 'ok: granted content', isError: false });
        await expect.poll(() => fds() - baseline, { timeout: 5000 }).toBeLessThanOrEqual(8);
      }
    } finally {
      await short.close();
    }
  });
});
