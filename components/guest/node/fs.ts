/**
 * Node's `fs` (sync, callback and promise forms) over fs-core.ts. What MCP
 * servers use: read/write/append, stat/lstat, readdir (withFileTypes),
 * mkdir (recursive), rm/rmdir/unlink, rename, copyFile, access, realpath,
 * open with a FileHandle, createReadStream, existsSync. chmod and utimes
 * are accepted and change nothing that WASI can express (it has no modes).
 */
import { Buffer } from 'buffer';
import { EventEmitter } from 'events';
import type { Descriptor } from 'wasi:filesystem/types@0.2.3';
import { fromWasi, nodeError } from './errors.js';
import {
  absolute,
  Dirent,
  locate,
  openFile,
  openMode,
  readAll,
  readdir as readEntries,
  realpath as realpathOf,
  stat,
  Stats,
  wasi,
  writable,
  writeAll,
  type PathLike,
} from './fs-core.js';
import { posix } from './path.js';

export { Stats, Dirent };
type Encoding = BufferEncoding | null | undefined;
type BufferEncoding = 'utf8' | 'utf-8' | 'ascii' | 'latin1' | 'binary' | 'base64' | 'base64url' | 'hex' | 'ucs2' | 'utf16le';
type Options = { encoding?: Encoding; flag?: string } | Encoding;
const encodingOf = (options: Options | undefined): Encoding => (typeof options === 'string' ? options : (options?.encoding ?? undefined));
const flagOf = (options: Options | undefined, fallback: string): string => (typeof options === 'object' && options?.flag) || fallback;

export const constants = { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 0o100, O_EXCL: 0o200, O_TRUNC: 0o1000, O_APPEND: 0o2000, COPYFILE_EXCL: 1 };
export const { F_OK, R_OK, W_OK, X_OK } = constants;

const toBytes = (data: unknown, encoding: Encoding): Uint8Array => {
  if (typeof data === 'string') return Buffer.from(data, (encoding ?? 'utf8') as BufferEncoding);
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw Object.assign(new TypeError(`The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${typeof data}`), {
    code: 'ERR_INVALID_ARG_TYPE',
  });
};
const decoded = (bytes: Uint8Array, encoding: Encoding): string | Buffer => {
  const buffer = Buffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  return encoding ? buffer.toString(encoding) : buffer;
};

export function readFileSync(path: PathLike, options?: Options): string | Buffer {
  const { file } = openFile(path, openMode(flagOf(options, 'r')));
  if (wasi('read', String(path), () => file.getType()) === 'directory') throw nodeError('EISDIR', 'read');
  return decoded(readAll(file, String(path)), encodingOf(options));
}

export function writeFileSync(path: PathLike, data: unknown, options?: Options): void {
  const mode = openMode(flagOf(options, 'w'));
  const { file } = openFile(path, mode);
  const offset = mode.append ? wasi('write', String(path), () => file.stat().size) : 0n;
  writeAll(file, toBytes(data, encodingOf(options)), offset, String(path));
}

export const appendFileSync = (path: PathLike, data: unknown, options?: Options): void =>
  writeFileSync(path, data, { encoding: encodingOf(options), flag: flagOf(options, 'a') });

export const statSync = (path: PathLike, options?: { throwIfNoEntry?: boolean }): Stats | undefined => {
  try {
    return stat(path, true);
  } catch (err) {
    if (options?.throwIfNoEntry === false && (err as { code?: string }).code === 'ENOENT') return undefined;
    throw err;
  }
};
export const lstatSync = (path: PathLike): Stats => stat(path, false);

export function existsSync(path: PathLike): boolean {
  try {
    stat(path, true);
    return true;
  } catch {
    return false;
  }
}

export function accessSync(path: PathLike, mode = F_OK): void {
  const abs = absolute(path, 'access');
  stat(abs, true, 'access');
  if (mode & W_OK && !writable(locate(abs, 'access').dir)) throw nodeError('EACCES', 'access', String(path));
}

export function readdirSync(path: PathLike, options?: { withFileTypes?: boolean; encoding?: Encoding; recursive?: boolean } | Encoding): (string | Dirent)[] {
  const opts = typeof options === 'object' && options !== null ? options : {};
  const root = absolute(path, 'scandir');
  const out: (string | Dirent)[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const { name, type } of readEntries(dir)) {
      const shown = prefix ? `${prefix}/${name}` : name;
      out.push(opts.withFileTypes ? new Dirent(name, dir, type) : shown);
      if (opts.recursive && type === 'directory') walk(posix.join(dir, name), shown);
    }
  };
  walk(root, '');
  return out;
}

export function mkdirSync(path: PathLike, options?: { recursive?: boolean; mode?: number } | number): string | undefined {
  const recursive = typeof options === 'object' && options?.recursive === true;
  const abs = absolute(path, 'mkdir');
  const make = (target: string): void => {
    const { dir, rel } = locate(target, 'mkdir', target);
    wasi('mkdir', target, () => dir.createDirectoryAt(rel));
  };
  if (!recursive) {
    make(abs);
    return undefined;
  }
  // Create the missing ancestors, outermost first; Node returns the first one created.
  const missing: string[] = [];
  for (let at = abs; ; at = posix.dirname(at)) {
    let found: Stats | undefined;
    try {
      found = stat(at, true, 'mkdir');
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT' || at === '/') throw err;
    }
    if (found) {
      if (!found.isDirectory()) throw nodeError('ENOTDIR', 'mkdir', String(path));
      break;
    }
    missing.unshift(at);
  }
  for (const dir of missing) make(dir);
  return missing[0];
}

export function rmdirSync(path: PathLike, options?: { recursive?: boolean }): void {
  if (options?.recursive) return rmSync(path, { recursive: true });
  const abs = absolute(path, 'rmdir');
  const { dir, rel } = locate(abs, 'rmdir', String(path));
  wasi('rmdir', String(path), () => dir.removeDirectoryAt(rel));
}

export function unlinkSync(path: PathLike): void {
  const abs = absolute(path, 'unlink');
  const { dir, rel } = locate(abs, 'unlink', String(path));
  wasi('unlink', String(path), () => dir.unlinkFileAt(rel));
}

export function rmSync(path: PathLike, options?: { recursive?: boolean; force?: boolean }): void {
  const abs = absolute(path, 'rm');
  let info: Stats;
  try {
    info = stat(abs, false, 'rm');
  } catch (err) {
    if (options?.force && (err as { code?: string }).code === 'ENOENT') return;
    throw err;
  }
  if (!info.isDirectory()) return unlinkSync(abs);
  if (!options?.recursive) throw Object.assign(nodeError('EISDIR', 'rm', String(path)), { code: 'ERR_FS_EISDIR' });
  for (const { name } of readEntries(abs)) rmSync(posix.join(abs, name), { recursive: true });
  rmdirSync(abs);
}

export function renameSync(from: PathLike, to: PathLike): void {
  const a = locate(absolute(from, 'rename'), 'rename', String(from));
  const b = locate(absolute(to, 'rename'), 'rename', String(to));
  try {
    a.dir.renameAt(a.rel, b.dir, b.rel);
  } catch (err) {
    throw fromWasi(err, 'rename', String(from), String(to));
  }
}

export function copyFileSync(from: PathLike, to: PathLike, mode = 0): void {
  const bytes = readFileSync(from) as Buffer;
  writeFileSync(to, bytes, { flag: mode & constants.COPYFILE_EXCL ? 'wx' : 'w' });
}

export const realpathSync = Object.assign((path: PathLike): string => realpathOf(path), { native: (path: PathLike): string => realpathOf(path) });
export const readlinkSync = (path: PathLike): string => {
  const { dir, rel } = locate(absolute(path, 'readlink'), 'readlink', String(path));
  return wasi('readlink', String(path), () => dir.readlinkAt(rel));
};
export const symlinkSync = (target: string, path: PathLike): void => {
  const { dir, rel } = locate(absolute(path, 'symlink'), 'symlink', String(path));
  wasi('symlink', String(path), () => dir.symlinkAt(target, rel));
};
/** WASI has no file modes: the file must exist, and nothing changes. */
export const chmodSync = (path: PathLike, _mode?: number): void => void stat(path, true, 'chmod');
export const utimesSync = (path: PathLike, _atime?: unknown, _mtime?: unknown): void => void stat(path, true, 'utime');

// Open files: a small table of numbers, as Node's fds are.
const open = new Map<number, { file: Descriptor; path: string; position: bigint; append: boolean }>();
let nextFd = 10;
const entry = (fd: number) => {
  const found = open.get(fd);
  if (!found) throw nodeError('EBADF', 'read');
  return found;
};

export function openSync(path: PathLike, flags?: string | number): number {
  const mode = openMode(flags);
  const { file } = openFile(path, mode);
  const fd = nextFd++;
  open.set(fd, { file, path: String(path), position: 0n, append: mode.append });
  return fd;
}
export const closeSync = (fd: number): void => void (entry(fd), open.delete(fd));
export const fstatSync = (fd: number): Stats => new Stats(wasi('fstat', entry(fd).path, () => entry(fd).file.stat()));

export function readSync(fd: number, buffer: Uint8Array, offset = 0, length = buffer.byteLength - offset, position: number | bigint | null = null): number {
  const e = entry(fd);
  const at = position === null || position === undefined || Number(position) < 0 ? e.position : BigInt(position);
  const [chunk] = wasi('read', e.path, () => e.file.read(BigInt(length), at));
  buffer.set(chunk, offset);
  if (position === null || position === undefined) e.position += BigInt(chunk.length);
  return chunk.length;
}

export function writeSync(fd: number, data: Uint8Array | string, offset?: number, length?: number, position?: number | null): number {
  const e = entry(fd);
  const bytes = typeof data === 'string' ? Buffer.from(data) : data.subarray(offset ?? 0, (offset ?? 0) + (length ?? data.byteLength - (offset ?? 0)));
  const at = e.append ? wasi('write', e.path, () => e.file.stat().size) : position === null || position === undefined ? e.position : BigInt(position);
  writeAll(e.file, bytes, at, e.path);
  if (position === null || position === undefined) e.position = at + BigInt(bytes.length);
  return bytes.length;
}
export const ftruncateSync = (fd: number, len = 0): void => wasi('ftruncate', entry(fd).path, () => entry(fd).file.setSize(BigInt(len)));

/** fs/promises' FileHandle over an fd of the table above. */
export class FileHandle {
  constructor(readonly fd: number) {}
  async read(buffer: Uint8Array, offset?: number, length?: number, position?: number | null) {
    return { bytesRead: readSync(this.fd, buffer, offset, length, position ?? null), buffer };
  }
  async write(data: Uint8Array | string, offset?: number, length?: number, position?: number | null) {
    return { bytesWritten: writeSync(this.fd, data, offset, length, position), buffer: data };
  }
  async readFile(options?: Options) {
    return decoded(readAll(entry(this.fd).file, entry(this.fd).path), encodingOf(options));
  }
  async writeFile(data: unknown, options?: Options) {
    writeSync(this.fd, toBytes(data, encodingOf(options)));
  }
  async stat() {
    return fstatSync(this.fd);
  }
  async truncate(len?: number) {
    ftruncateSync(this.fd, len);
  }
  async sync() {}
  async close() {
    if (open.has(this.fd)) closeSync(this.fd);
  }
  async [Symbol.asyncDispose]() {
    await this.close();
  }
}

/** A readable stream of a file's bytes ('data' chunks, then 'end'; also async-iterable). */
export function createReadStream(path: PathLike, options?: { start?: number; end?: number; highWaterMark?: number; encoding?: Encoding } | Encoding) {
  const opts = typeof options === 'object' && options !== null ? options : { encoding: options ?? undefined };
  const stream = new EventEmitter() as EventEmitter & { path: string; pipe?: unknown; destroy: () => void; [Symbol.asyncIterator]: () => AsyncIterator<unknown> };
  stream.path = String(path);
  let destroyed = false;
  stream.destroy = () => void (destroyed = true);
  const chunks = (): (string | Buffer)[] => {
    const all = readFileSync(path) as Buffer;
    const body = all.subarray(opts.start ?? 0, opts.end === undefined ? undefined : opts.end + 1);
    const size = opts.highWaterMark ?? 64 * 1024;
    const out: (string | Buffer)[] = [];
    for (let at = 0; at < body.length; at += size) {
      const part = Buffer.from(body.subarray(at, at + size));
      out.push(opts.encoding ? part.toString(opts.encoding) : part);
    }
    return out;
  };
  queueMicrotask(() => {
    try {
      for (const chunk of chunks()) if (!destroyed) stream.emit('data', chunk);
      if (!destroyed) stream.emit('end');
      stream.emit('close');
    } catch (err) {
      stream.emit('error', err);
    }
  });
  stream[Symbol.asyncIterator] = () => {
    const list = chunks();
    destroyed = true;
    return list[Symbol.iterator]() as unknown as AsyncIterator<unknown>;
  };
  return stream;
}

type Callback<T> = (err: Error | null, value?: T) => void;
/** A sync function as Node's callback form (the callback runs later, as Node's does). */
function callbackForm<A extends unknown[], T>(fn: (...args: A) => T) {
  return (...args: [...A, Callback<T>] | A): void => {
    const callback = args[args.length - 1] as Callback<T>;
    if (typeof callback !== 'function') throw Object.assign(new TypeError('The "cb" argument must be of type function'), { code: 'ERR_INVALID_ARG_TYPE' });
    const params = args.slice(0, -1) as unknown as A;
    queueMicrotask(() => {
      let value: T;
      try {
        value = fn(...params);
      } catch (err) {
        callback(err as Error);
        return;
      }
      callback(null, value);
    });
  };
}
/** A sync function as a promise-returning one. */
const promiseForm =
  <A extends unknown[], T>(fn: (...args: A) => T) =>
  async (...args: A): Promise<T> =>
    fn(...args);

export const readFile = callbackForm(readFileSync);
export const writeFile = callbackForm(writeFileSync);
export const appendFile = callbackForm(appendFileSync);
export const stat_ = callbackForm(statSync);
export const lstat = callbackForm(lstatSync);
export const readdir = callbackForm(readdirSync);
export const mkdir = callbackForm(mkdirSync);
export const rm = callbackForm(rmSync);
export const rmdir = callbackForm(rmdirSync);
export const unlink = callbackForm(unlinkSync);
export const rename = callbackForm(renameSync);
export const copyFile = callbackForm(copyFileSync);
export const access = callbackForm(accessSync);
export const realpath = callbackForm(realpathOf);
export const chmod = callbackForm(chmodSync);
export const exists = (path: PathLike, callback: (exists: boolean) => void): void => queueMicrotask(() => callback(existsSync(path)));
export { stat_ as stat };

export const promises = {
  readFile: promiseForm(readFileSync),
  writeFile: promiseForm(writeFileSync),
  appendFile: promiseForm(appendFileSync),
  stat: promiseForm((path: PathLike) => stat(path, true)),
  lstat: promiseForm(lstatSync),
  readdir: promiseForm(readdirSync),
  mkdir: promiseForm(mkdirSync),
  rm: promiseForm(rmSync),
  rmdir: promiseForm(rmdirSync),
  unlink: promiseForm(unlinkSync),
  rename: promiseForm(renameSync),
  copyFile: promiseForm(copyFileSync),
  access: promiseForm(accessSync),
  realpath: promiseForm(realpathOf),
  readlink: promiseForm(readlinkSync),
  symlink: promiseForm(symlinkSync),
  chmod: promiseForm(chmodSync),
  utimes: promiseForm(utimesSync),
  open: async (path: PathLike, flags?: string | number) => new FileHandle(openSync(path, flags)),
  constants,
};

export default {
  constants, F_OK, R_OK, W_OK, X_OK, Stats, Dirent, promises, createReadStream, FileHandle,
  readFileSync, writeFileSync, appendFileSync, statSync, lstatSync, existsSync, accessSync, readdirSync, mkdirSync, rmdirSync, rmSync, unlinkSync,
  renameSync, copyFileSync, realpathSync, readlinkSync, symlinkSync, chmodSync, utimesSync, openSync, closeSync, fstatSync, readSync, writeSync, ftruncateSync,
  readFile, writeFile, appendFile, stat: stat_, lstat, readdir, mkdir, rm, rmdir, unlink, rename, copyFile, access, realpath, chmod, exists,
};
