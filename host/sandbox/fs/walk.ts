/**
 * Confined path resolution: openat2(RESOLVE_BENEATH) emulated with fds, so
 * a path can only ever reach what is under the descriptor it starts from,
 * whatever changes on disk while it is resolved.
 *
 * A path is resolved one component at a time, each looked up by the kernel
 * in the directory fd reached so far (`/proc/self/fd/<dir>/<name>`, the
 * magic link standing for that exact directory) with O_NOFOLLOW, so no
 * component is ever resolved by name from the root or through a symlink the
 * kernel follows. `..` pops this walk's own stack of directory fds and is
 * refused above the start. A symlink is followed here, not by the kernel:
 * its target is read and walked instead of it, from the directory holding
 * it (absolute targets refused, 40 links at most), so links within a grant
 * work, links leaving it are refused, and a symlink swapped in between a
 * check and a use is at worst another path inside the grant.
 *
 * Every operation ends at a (directory fd, name) pair and acts on
 * `/proc/self/fd/<dir>/<name>`, a single component the kernel never follows
 * when the call does not follow (lstat, unlink, mkdir, rename, ...), or
 * opens it with O_NOFOLLOW when the call does (see `openFollowing`).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync } from 'node:fs';

/** Linux's O_PATH: a descriptor for lookups and fstat only, needing no read permission. */
export const O_PATH = 0o10000000;
const { O_DIRECTORY, O_NOFOLLOW } = constants;

export const MAX_SYMLINKS = 40;
/** Linux's PATH_MAX, for a guest path and a link target alike. */
export const MAX_PATH_BYTES = 4096;
/** Directory fds one walk may hold at once (a path deeper than this is `name-too-long`). */
export const MAX_DEPTH = 256;

/** The kernel's name for what fd `fd` is open on. */
export const self = (fd: number): string => `/proc/self/fd/${fd}`;
/** `name` (one component, never `.` or `..`) in the directory open as `dir`. */
export const at = (dir: number, name: string): string => `/proc/self/fd/${dir}/${name}`;

export interface Split {
  parts: string[];
  /** The path ends in `/` or `/.`: it must name a directory (and its last symlink is followed). */
  dirOnly: boolean;
}

export function split(path: string): Split {
  if (path === '') throw 'no-entry';
  if (path.startsWith('/')) throw 'not-permitted';
  if (path.includes('\0')) throw 'invalid';
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) throw 'name-too-long';
  const raw = path.split('/');
  const last = raw[raw.length - 1];
  return { parts: raw.filter((p) => p !== '' && p !== '.'), dirOnly: raw.length > 1 && (last === '' || last === '.') };
}

const isLink = (path: string): boolean => lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
const isDir = (path: string): boolean => lstatSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;

const errno = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | null)?.code;

/**
 * Counts each directory fd a walk holds (fd.ts FdBudget.transient), so that
 * many instances walking deep paths at once stay within the host's fds. Set
 * once per worker, by the one confined filesystem it serves (index.ts).
 */
let takeFd: () => () => void = () => () => {};
export function countWalkFds(take: () => () => void): void {
  takeFd = take;
}

export class Walk {
  /** The start (not owned) and the directories entered since (owned). */
  readonly #stack: number[];
  /** Gives back the count of each owned fd, in #stack order. */
  readonly #counted: (() => void)[] = [];
  #links = 0;

  constructor(start: number) {
    this.#stack = [start];
  }

  /** The directory reached so far. */
  get dir(): number {
    return this.#stack[this.#stack.length - 1]!;
  }

  /**
   * Walk all of `parts` but the last name, entering directories and
   * following symlinks on the way; the last name is returned, to be acted
   * on in `dir` (null: the path names `dir` itself).
   */
  toParent(parts: readonly string[]): string | null {
    const pending = [...parts];
    for (let part = pending.shift(); part !== undefined; part = pending.shift()) {
      if (part === '..') this.#up();
      else if (pending.length === 0) return part;
      else pending.unshift(...(this.#enter(part) ?? []));
    }
    return null;
  }

  /**
   * The target of symlink `name` in `dir`, split for walking from `dir`;
   * undefined if `name` is not a symlink (any more).
   */
  link(name: string): Split | undefined {
    let target: string;
    try {
      target = readlinkSync(at(this.dir, name));
    } catch (err) {
      if (errno(err) === 'EINVAL') return undefined;
      throw err;
    }
    this.#count();
    return split(target);
  }

  /**
   * Look again at a name that changed between two looks (a symlink when
   * opened, something else when read): bounded like links, so a swap loop
   * cannot keep a walk going.
   */
  again(name: string): Split {
    this.#count();
    return { parts: [name], dirOnly: false };
  }

  #count(): void {
    if (++this.#links > MAX_SYMLINKS) throw 'loop';
  }

  close(): void {
    for (const fd of this.#stack.splice(1)) closeSync(fd);
    for (const done of this.#counted.splice(0)) done();
  }

  #up(): void {
    if (this.#stack.length === 1) throw 'not-permitted';
    closeSync(this.#stack.pop()!);
    this.#counted.pop()!();
  }

  /** Enter directory `name`; a symlink instead gives its target's parts to walk in its place. */
  #enter(name: string): string[] | undefined {
    if (this.#stack.length > MAX_DEPTH) throw 'name-too-long';
    const done = takeFd();
    let fd: number;
    try {
      fd = openSync(at(this.dir, name), O_PATH | O_DIRECTORY | O_NOFOLLOW);
    } catch (err) {
      done();
      // O_DIRECTORY|O_NOFOLLOW on a symlink fails like a file would.
      if (errno(err) !== 'ENOTDIR') throw err;
      const link = this.link(name);
      if (link) return link.parts;
      // A directory again by now (swapped back): look again; a file: not a directory.
      if (!isDir(at(this.dir, name))) throw err;
      return this.again(name).parts;
    }
    this.#stack.push(fd);
    this.#counted.push(done);
    return undefined;
  }
}

/** Resolve `path` from directory `start` to its last name, not following it, and act there. */
export function atParent<T>(start: number, path: string, act: (dir: number, name: string | null, dirOnly: boolean) => T): T {
  const { parts, dirOnly } = split(path);
  const walk = new Walk(start);
  try {
    const name = walk.toParent(parts);
    return act(walk.dir, name, dirOnly);
  } finally {
    walk.close();
  }
}

/**
 * Resolve `path` from `start` following symlinks to its end (within the
 * grant), and act on what it ends at: a (dir, name) pair whose name was not
 * a symlink when looked at. For the few calls that cannot open their target
 * (link with symlink-follow); a symlink swapped in after the look is acted
 * on itself, never followed by the kernel.
 */
export function atFinal<T>(start: number, path: string, act: (dir: number, name: string | null, dirOnly: boolean) => T): T {
  let { parts, dirOnly } = split(path);
  const walk = new Walk(start);
  try {
    for (;;) {
      const name = walk.toParent(parts);
      const link = name !== null && isLink(at(walk.dir, name)) ? walk.link(name) : undefined;
      if (name === null || !link) return act(walk.dir, name, dirOnly);
      parts = link.parts;
      dirOnly ||= link.dirOnly;
    }
  } finally {
    walk.close();
  }
}

/**
 * Open what `path` names from directory `start`, with `flags` (O_NOFOLLOW is
 * added). With `follow` (or a path ending in `/`), a symlink at the end is
 * followed by walking its target, as many times as it takes; the kernel
 * never follows one. The caller owns the returned fd.
 */
export function openFollowing(start: number, path: string, follow: boolean, flags: number, mode = 0o666): number {
  let { parts, dirOnly } = split(path);
  const walk = new Walk(start);
  try {
    for (;;) {
      const name = walk.toParent(parts);
      const extra = dirOnly ? O_DIRECTORY : 0;
      // The path names the directory reached: reopen that exact directory.
      if (name === null) return openSync(self(walk.dir), flags | extra, mode);
      let fd: number | undefined;
      try {
        fd = openSync(at(walk.dir, name), flags | extra | O_NOFOLLOW, mode);
        // O_PATH|O_NOFOLLOW opens a symlink itself instead of failing: treat it as the failure.
        if ((flags & O_PATH) !== 0 && fstatSync(fd).isSymbolicLink()) {
          closeSync(fd);
          fd = undefined;
          throw Object.assign(new Error('symlink'), { code: 'ELOOP' });
        }
        return fd;
      } catch (err) {
        const code = errno(err);
        // ELOOP: a symlink (O_NOFOLLOW); ENOTDIR: a symlink, or a file, where a directory was asked for.
        if (!(follow || dirOnly) || (code !== 'ELOOP' && code !== 'ENOTDIR')) throw err;
        const link = walk.link(name);
        if (!link && code === 'ENOTDIR') throw err;
        // Not a symlink any more (swapped since the open): look again.
        const next = link ?? walk.again(name);
        parts = next.parts;
        dirOnly ||= next.dirOnly;
      }
    }
  } finally {
    walk.close();
  }
}
