/**
 * The filesystem a component sees, as Node's `fs` needs it: guest paths
 * resolved against the granted directories (wasi:filesystem preopens),
 * every call answered with Node's errors. The sandbox is the host's: a
 * path outside every grant does not exist here (ENOENT), and what the
 * host's confinement refuses inside a grant (a symlink out, a write to a
 * read-only grant) comes back as the error WASI gives (EACCES, EPERM, EROFS…).
 * Everything is synchronous underneath (WASI calls are); the async and
 * callback forms in fs.ts wrap these.
 */
import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';
import type { Descriptor, DescriptorStat, DescriptorType } from 'wasi:filesystem/types@0.2.3';
import { readAll as readBytes, writeAll as writeBytes } from '../file-io.js';
import { posix } from './path.js';
import { fromWasi, nodeError } from './errors.js';
import { cwd } from './cwd.js';

export type PathLike = string | URL | Uint8Array;

/** A path argument as Node takes it (string, file: URL, bytes) → an absolute, normalized guest path. */
export function absolute(path: PathLike, syscall: string): string {
  let text: string;
  if (typeof path === 'string') text = path;
  else if (path instanceof URL) {
    if (path.protocol !== 'file:') throw Object.assign(new TypeError(`The URL must be of scheme file`), { code: 'ERR_INVALID_URL_SCHEME' });
    text = decodeURIComponent(path.pathname);
  } else if (path instanceof Uint8Array) text = new TextDecoder().decode(path);
  else throw Object.assign(new TypeError(`The "path" argument must be of type string or an instance of Buffer or URL. Received ${typeof path}`), { code: 'ERR_INVALID_ARG_TYPE' });
  if (text.includes('\0')) throw Object.assign(new TypeError(`The argument 'path' must be a string without null bytes. Received ${JSON.stringify(text)}`), { code: 'ERR_INVALID_ARG_VALUE' });
  void syscall;
  return posix.resolve(cwd(), text);
}

interface Located {
  dir: Descriptor;
  /** Relative to the grant ('.' for the grant itself). */
  rel: string;
  /** The grant's guest path. */
  root: string;
}

const initializing = (): boolean => (globalThis as { __mcpHostInitializing?: boolean }).__mcpHostInitializing === true;

/**
 * The grants, each with its guest path normalized (no trailing slash). None
 * while the top level runs at build time (--snapshot): there are no files
 * then, and asking for the preopens there traps the whole build.
 */
function grants(): [Descriptor, string][] {
  if (initializing()) return [];
  return getDirectories().map(([dir, guest]) => [dir, guest.replace(/\/+$/, '') || '/']);
}

/** Whether `abs` is `root` or below it. */
const within = (abs: string, root: string): boolean => abs === root || abs.startsWith(root === '/' ? '/' : `${root}/`);

/** The grant holding `abs` (the longest guest path that contains it), or ENOENT: outside the grants nothing exists. */
export function locate(abs: string, syscall: string, shown: string = abs): Located {
  let best: [Descriptor, string] | undefined;
  for (const [dir, root] of grants()) {
    if (within(abs, root)) {
      if (!best || root.length > best[1].length) best = [dir, root];
    }
  }
  if (!best) throw nodeError('ENOENT', syscall, shown);
  const rel = abs.slice(best[1].length).replace(/^\/+/, '') || '.';
  return { dir: best[0], rel, root: best[1] };
}

/**
 * The directories above the grants (`/` and `/srv` for a grant at
 * `/srv/data`) exist, holding only the way to the grants: a server may
 * stat, list and resolve its way down to a grant, as it would under Node.
 */
export function grantAncestor(abs: string): string[] | undefined {
  const all = grants();
  // At or inside a grant, the grant's own directory answers (a grant nested in it is added to its listing, readdir).
  if (all.some(([, root]) => within(abs, root))) return undefined;
  const below = grantsBelow(abs, all);
  return below.length > 0 ? below : undefined;
}

/** The first path component of each grant strictly below `abs`. */
function grantsBelow(abs: string, all = grants()): string[] {
  const below = new Set<string>();
  const prefix = abs === '/' ? '/' : `${abs}/`;
  for (const [, root] of all) if (root !== abs && root.startsWith(prefix)) below.add(root.slice(prefix.length).split('/')[0]!);
  return [...below];
}

const ANCESTOR_STAT: DescriptorStat = { type: 'directory', linkCount: 1n, size: 4096n };

function inGrant(abs: string): boolean {
  try {
    locate(abs, 'realpath');
    return true;
  } catch {
    return false;
  }
}

/** Run a WASI call on a located path; its failure as Node's error. */
export function wasi<T>(syscall: string, shown: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw fromWasi(err, syscall, shown);
  }
}

const MODES: Record<DescriptorType, number> = {
  'regular-file': 0o100644,
  directory: 0o040755,
  'symbolic-link': 0o120777,
  fifo: 0o010644,
  socket: 0o140644,
  'character-device': 0o020644,
  'block-device': 0o060644,
  unknown: 0o100644,
};

const ms = (t: DescriptorStat['dataAccessTimestamp']): number => (t ? Number(t.seconds) * 1000 + Math.floor(t.nanoseconds / 1e6) : 0);

/** Node's fs.Stats, from WASI's descriptor-stat (no uid/gid/ino there: 0; the mode from the type). */
export class Stats {
  dev = 0;
  ino = 0;
  uid = 0;
  gid = 0;
  rdev = 0;
  blksize = 4096;
  mode: number;
  nlink: number;
  size: number;
  blocks: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
  atime: Date;
  mtime: Date;
  ctime: Date;
  birthtime: Date;
  readonly #type: DescriptorType;
  constructor(stat: DescriptorStat) {
    this.#type = stat.type;
    this.mode = MODES[stat.type] ?? 0o100644;
    this.nlink = Number(stat.linkCount);
    this.size = Number(stat.size);
    this.blocks = Math.ceil(this.size / 512);
    this.atimeMs = ms(stat.dataAccessTimestamp);
    this.mtimeMs = ms(stat.dataModificationTimestamp);
    this.ctimeMs = ms(stat.statusChangeTimestamp);
    // WASI has no birth time; Node reports ctime where the OS has none.
    this.birthtimeMs = this.ctimeMs;
    this.atime = new Date(this.atimeMs);
    this.mtime = new Date(this.mtimeMs);
    this.ctime = new Date(this.ctimeMs);
    this.birthtime = new Date(this.birthtimeMs);
  }
  isFile = (): boolean => this.#type === 'regular-file';
  isDirectory = (): boolean => this.#type === 'directory';
  isSymbolicLink = (): boolean => this.#type === 'symbolic-link';
  isFIFO = (): boolean => this.#type === 'fifo';
  isSocket = (): boolean => this.#type === 'socket';
  isCharacterDevice = (): boolean => this.#type === 'character-device';
  isBlockDevice = (): boolean => this.#type === 'block-device';
}

/** Node's fs.Dirent. */
export class Dirent {
  constructor(
    readonly name: string,
    readonly parentPath: string,
    private readonly type: DescriptorType,
  ) {}
  get path(): string {
    return this.parentPath;
  }
  isFile = (): boolean => this.type === 'regular-file';
  isDirectory = (): boolean => this.type === 'directory';
  isSymbolicLink = (): boolean => this.type === 'symbolic-link';
  isFIFO = (): boolean => this.type === 'fifo';
  isSocket = (): boolean => this.type === 'socket';
  isCharacterDevice = (): boolean => this.type === 'character-device';
  isBlockDevice = (): boolean => this.type === 'block-device';
}

export function stat(path: PathLike, follow: boolean, syscall = follow ? 'stat' : 'lstat'): Stats {
  const abs = absolute(path, syscall);
  if (grantAncestor(abs)) return new Stats(ANCESTOR_STAT);
  const { dir, rel } = locate(abs, syscall, String(path));
  try {
    return new Stats(wasi(syscall, String(path), () => (rel === '.' ? dir.stat() : dir.statAt({ symlinkFollow: follow }, rel))));
  } catch (err) {
    // The way down to a grant nested in this one exists even where the host directory lacks it.
    if ((err as { code?: string }).code === 'ENOENT' && grantsBelow(abs).length > 0) return new Stats(ANCESTOR_STAT);
    throw err;
  }
}

/** Whether the grant holding `abs` may be written (--dir-rw). */
export function writable(dir: Descriptor): boolean {
  try {
    const flags = dir.getFlags();
    return Boolean(flags.mutateDirectory || flags.write);
  } catch {
    return false;
  }
}

export interface OpenMode {
  read: boolean;
  write: boolean;
  create: boolean;
  exclusive: boolean;
  truncate: boolean;
  append: boolean;
}

/** Node's open flags ('r', 'w+', 'ax', …) → what they mean. */
export function openMode(flags: string | number | undefined): OpenMode {
  if (typeof flags === 'number') return numericMode(flags);
  const f = flags === undefined ? 'r' : flags.replace('s', '');
  const plus = f.includes('+');
  switch (f.replace('+', '').replace('x', '')) {
    case 'r':
      return { read: true, write: plus, create: false, exclusive: false, truncate: false, append: false };
    case 'w':
      return { read: plus, write: true, create: true, exclusive: f.includes('x'), truncate: true, append: false };
    case 'a':
      return { read: plus, write: true, create: true, exclusive: f.includes('x'), truncate: false, append: true };
    default:
      throw Object.assign(new TypeError(`The value "${String(flags)}" is invalid for option "flags"`), { code: 'ERR_INVALID_ARG_VALUE' });
  }
}

/** Numeric flags (fs.constants) are independent bits, as open(2) takes them: O_WRONLY without O_CREAT is a write-only open of an existing file. */
function numericMode(n: number): OpenMode {
  const access = n & 3; // O_RDONLY 0, O_WRONLY 1, O_RDWR 2
  return { read: access !== 1, write: access !== 0, create: (n & 0o100) !== 0, exclusive: (n & 0o200) !== 0, truncate: (n & 0o1000) !== 0, append: (n & 0o2000) !== 0 };
}

export function openFile(path: PathLike, mode: OpenMode, syscall = 'open'): { file: Descriptor; abs: string } {
  const abs = absolute(path, syscall);
  const { dir, rel } = locate(abs, syscall, String(path));
  const file = wasi(syscall, String(path), () =>
    dir.openAt({ symlinkFollow: true }, rel, { create: mode.create, exclusive: mode.exclusive, truncate: mode.truncate }, { read: mode.read, write: mode.write }),
  );
  return { file, abs };
}

export const readAll = (file: Descriptor, shown: string): Uint8Array => wasi('read', shown, () => readBytes(file));
export const writeAll = (file: Descriptor, bytes: Uint8Array, offset: bigint, shown: string): void => wasi('write', shown, () => writeBytes(file, bytes, offset));

export function readdir(path: PathLike): { name: string; type: DescriptorType }[] {
  const abs = absolute(path, 'scandir');
  const above = grantAncestor(abs);
  if (above) return above.map((name) => ({ name, type: 'directory' as const }));
  const { dir, rel } = locate(abs, 'scandir', String(path));
  const nested = grantsBelow(abs);
  try {
    return listed(dir, rel, String(path), nested);
  } catch (err) {
    // As stat: the way down to a nested grant, where the host directory lacks it.
    if ((err as { code?: string }).code === 'ENOENT' && nested.length > 0) return nested.map((name) => ({ name, type: 'directory' as const }));
    throw err;
  }
}

function listed(dir: Descriptor, rel: string, shown: string, nested: string[]): { name: string; type: DescriptorType }[] {
  return wasi('scandir', shown, () => {
    // Opened even for the grant itself: the preopen's own descriptor may not be readable as a directory.
    const target = dir.openAt({ symlinkFollow: true }, rel, { directory: true }, { read: true });
    const stream = target.readDirectory();
    const entries: { name: string; type: DescriptorType }[] = [];
    for (let entry = stream.readDirectoryEntry(); entry; entry = stream.readDirectoryEntry()) entries.push({ name: entry.name, type: entry.type });
    // A grant nested in this directory is one of its entries, as a mount point is, whether or not the host directory has it.
    for (const name of nested) if (!entries.some((e) => e.name === name)) entries.push({ name, type: 'directory' });
    // Node's readdir (libuv's scandir) sorts names by their bytes.
    return entries.sort((a, b) => byteOrder(a.name, b.name));
  });
}

const utf8 = new TextEncoder();
function byteOrder(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Symlinks resolved one component at a time (at most 40, as Linux), inside the grants. */
export function realpath(path: PathLike): string {
  const shown = String(path);
  let pending = absolute(path, 'realpath').split('/').filter(Boolean);
  let resolved = '/';
  let links = 0;
  while (pending.length > 0) {
    const name = pending.shift()!;
    const next = posix.join(resolved, name);
    if (grantAncestor(next)) {
      resolved = next;
      continue;
    }
    // A symlink that leads out of the grants resolves to where it points, as
    // Node says (a server's own check then sees the target); nothing there
    // can be opened, and it has no further links to follow here.
    if (links > 0 && !inGrant(next)) return posix.join(next, ...pending);
    const { dir, rel } = locate(next, 'realpath', shown);
    let info: DescriptorStat;
    try {
      info = wasi('realpath', shown, () => (rel === '.' ? dir.stat() : dir.statAt({ symlinkFollow: false }, rel)));
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT' || grantsBelow(next).length === 0) throw err;
      info = ANCESTOR_STAT; // the way down to a nested grant (stat)
    }
    if (info.type !== 'symbolic-link') {
      resolved = next;
      continue;
    }
    if (++links > 40) throw nodeError('ELOOP', 'realpath', shown);
    const target = wasi('realpath', shown, () => dir.readlinkAt(rel));
    const base = target.startsWith('/') ? '/' : resolved;
    pending = [...posix.resolve(base, target).split('/').filter(Boolean), ...pending];
    resolved = '/';
  }
  // The root exists when a grant is at or below it.
  if (resolved === '/' && !grantAncestor('/')) locate('/', 'realpath', shown);
  return resolved;
}
