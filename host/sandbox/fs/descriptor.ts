/**
 * `wasi:filesystem/types` for confined directory grants: the Descriptor and
 * DirectoryEntryStream resources. A descriptor is a host fd (a directory or
 * a file) plus what the guest may do with it; every path argument is
 * resolved under the descriptor's own fd by walk.ts, never by a host path.
 * A descriptor opened from a read-only grant is read-only too, whatever
 * flags it asks for. Every method answers with a WASI error code, never
 * with a Node Error (errors.ts).
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  openSync,
  opendirSync,
  readSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeSync,
  type BigIntStats,
  type Dir,
  type Dirent,
} from 'node:fs';
import { isErrorCode, wasi, type ErrorCode } from './errors.js';
import type { FdBudget, FdRef } from './fd.js';
import { fileInputStream, fileOffset, fileOutputStream, STREAM_CHUNK, type ShimIo } from './streams.js';
import { at, atFinal, atParent, MAX_PATH_BYTES, O_PATH, openFollowing, self, split } from './walk.js';
import { disposeSymbol } from '../dispose.js';

const { O_CREAT, O_DIRECTORY, O_EXCL, O_NONBLOCK, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY } = constants;

/** Largest read one `read` call makes (a shorter read is allowed by the WIT; the guest asks again). */
export const MAX_READ = 16 * STREAM_CHUNK;

type DescriptorType = 'unknown' | 'block-device' | 'character-device' | 'directory' | 'fifo' | 'symbolic-link' | 'regular-file' | 'socket';

export interface DescriptorFlags {
  read?: boolean;
  write?: boolean;
  fileIntegritySync?: boolean;
  dataIntegritySync?: boolean;
  requestedWriteSync?: boolean;
  mutateDirectory?: boolean;
}
interface PathFlags {
  symlinkFollow?: boolean;
}
interface OpenFlags {
  create?: boolean;
  directory?: boolean;
  exclusive?: boolean;
  truncate?: boolean;
}
interface Datetime {
  seconds: bigint;
  nanoseconds: number;
}
type NewTimestamp = { tag: 'no-change' } | { tag: 'now' } | { tag: 'timestamp'; val: Datetime };

/** What every descriptor of one instance shares. */
export interface FsContext {
  io: ShimIo;
  budget: FdBudget;
  /** Keys metadata hashes, so they do not reveal host inode numbers. */
  hashKey: Buffer;
}

interface State {
  ctx: FsContext;
  file: FdRef;
  type: DescriptorType;
  flags: DescriptorFlags;
  /** From a writable grant. */
  writable: boolean;
  /** A preopen lives as long as the instance: the guest may drop and get it again. */
  preopen: boolean;
}

export function typeOf(s: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): DescriptorType {
  if (s.isFile()) return 'regular-file';
  if (s.isDirectory()) return 'directory';
  if (s.isSymbolicLink()) return 'symbolic-link';
  if (s.isFIFO()) return 'fifo';
  if (s.isSocket()) return 'socket';
  if (s.isCharacterDevice()) return 'character-device';
  if (s.isBlockDevice()) return 'block-device';
  return 'unknown';
}

const datetime = (ns: bigint): Datetime => ({ seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) });

function toStat(s: BigIntStats) {
  return {
    type: typeOf(s),
    linkCount: s.nlink,
    size: s.size,
    dataAccessTimestamp: datetime(s.atimeNs),
    dataModificationTimestamp: datetime(s.mtimeNs),
    statusChangeTimestamp: datetime(s.ctimeNs),
  };
}

/** Seconds for utimes: the new value, or the current one for no-change. */
function seconds(t: NewTimestamp, currentNs: () => bigint): number {
  if (t.tag === 'now') return Date.now() / 1000;
  if (t.tag === 'timestamp') return Number(t.val.seconds) + t.val.nanoseconds / 1e9;
  return Number(currentNs()) / 1e9;
}

function hash(ctx: FsContext, s: BigIntStats): { lower: bigint; upper: bigint } {
  const digest = createHash('sha256').update(ctx.hashKey).update(`${s.dev}:${s.ino}`).digest();
  return { lower: digest.readBigUInt64LE(0), upper: digest.readBigUInt64LE(8) };
}

/**
 * Act on what `path` names from directory `dir`: through an fd of it
 * (following its last symlink, within the grant) or, not following, through
 * its confined name.
 */
function lookup<T>(dir: number, path: string, follow: boolean, onFd: (fd: number) => T, onName: (path: string) => T): T {
  if (follow || split(path).dirOnly) {
    const fd = openFollowing(dir, path, true, O_PATH);
    try {
      return onFd(fd);
    } finally {
      closeSync(fd);
    }
  }
  return atParent(dir, path, (d, name) => (name === null ? onFd(d) : onName(at(d, name))));
}

/** For a path ending in `/` where the call cannot take a directory: the error it gets. */
function notForDirectory(dir: number, path: string, ifDirectory: ErrorCode): never {
  closeSync(openFollowing(dir, path, true, O_PATH)); // not a directory: throws not-directory / no-entry
  throw ifDirectory;
}

export class Descriptor {
  readonly #s: State;

  /** Not reachable by a guest: WASI has no constructor for descriptors. */
  constructor(state: State) {
    this.#s = state;
  }

  static preopen(ctx: FsContext, hostPath: string, writable: boolean): Descriptor {
    const file = ctx.budget.preopen(() => openSync(hostPath, O_PATH | O_DIRECTORY));
    return new Descriptor({ ctx, file, type: 'directory', flags: { read: true, mutateDirectory: writable }, writable, preopen: true });
  }

  /** The directory fd path calls start from; a file has no paths under it. */
  #dir(): number {
    if (this.#s.type !== 'directory') throw 'not-directory';
    return this.#s.file.fd;
  }

  #mutable(): void {
    if (!this.#s.writable) throw 'read-only';
  }

  #file(): number {
    if (this.#s.type === 'directory') throw 'is-directory';
    return this.#s.file.fd;
  }

  static #dirOf(other: unknown, mutable: boolean): number {
    if (!(other instanceof Descriptor)) throw 'bad-descriptor';
    if (mutable) other.#mutable();
    return other.#dir();
  }

  readViaStream(offset: bigint): object {
    return wasi(() => {
      this.#file();
      if (!this.#s.flags.read) throw 'bad-descriptor';
      return fileInputStream(this.#s.ctx.io, this.#s.ctx.budget, this.#s.file, offset);
    });
  }

  writeViaStream(offset: bigint): object {
    return wasi(() => this.#output(offset));
  }

  appendViaStream(): object {
    return wasi(() => this.#output('append'));
  }

  #output(start: bigint | 'append'): object {
    this.#mutable();
    this.#file();
    if (!this.#s.flags.write) throw 'bad-descriptor';
    return fileOutputStream(this.#s.ctx.io, this.#s.ctx.budget, this.#s.file, start);
  }

  advise(_offset: bigint, _length: bigint, _advice: string): void {
    // A hint only; Node has no posix_fadvise.
    wasi(() => {
      if (this.#s.type === 'directory') throw 'bad-descriptor';
      void this.#s.file.fd;
    });
  }

  syncData(): void {
    wasi(() => this.#sync(fdatasyncSync));
  }

  sync(): void {
    wasi(() => this.#sync(fsyncSync));
  }

  #sync(fn: (fd: number) => void): void {
    const fd = this.#s.file.fd;
    try {
      fn(fd);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPERM' || code === 'EINVAL') return; // the filesystem does not sync this kind of file
      if (code !== 'EBADF') throw err;
      // An O_PATH descriptor (a directory, or a file opened for neither read nor write): sync the inode through a real one.
      const real = openSync(self(fd), O_RDONLY | O_NONBLOCK);
      try {
        fn(real);
      } finally {
        closeSync(real);
      }
    }
  }

  getFlags(): DescriptorFlags {
    return wasi(() => (void this.#s.file.fd, { ...this.#s.flags }));
  }

  getType(): DescriptorType {
    return wasi(() => (void this.#s.file.fd, this.#s.type));
  }

  setSize(size: bigint): void {
    wasi(() => {
      this.#mutable();
      const fd = this.#file();
      if (!this.#s.flags.write) throw 'bad-descriptor';
      if (size > BigInt(Number.MAX_SAFE_INTEGER)) throw 'file-too-large';
      ftruncateSync(fd, Number(size));
    });
  }

  setTimes(atime: NewTimestamp, mtime: NewTimestamp): void {
    wasi(() => {
      this.#mutable();
      const fd = this.#s.file.fd;
      const now = (): BigIntStats => fstatSync(fd, { bigint: true });
      utimesSync(self(fd), seconds(atime, () => now().atimeNs), seconds(mtime, () => now().mtimeNs));
    });
  }

  read(length: bigint, offset: bigint): [Uint8Array, boolean] {
    return wasi(() => {
      const fd = this.#file();
      if (offset > BigInt(Number.MAX_SAFE_INTEGER)) return [new Uint8Array(0), true];
      const asked = Number(length > BigInt(MAX_READ) ? BigInt(MAX_READ) : length);
      const st = fstatSync(fd, { bigint: true });
      // A regular file's size bounds the buffer: a 4-byte file read with length 2^32 allocates 4 bytes.
      const want = st.isFile() ? Math.min(asked, Math.max(0, Number(st.size - offset))) : asked;
      const buffer = Buffer.allocUnsafe(want);
      const n = want === 0 ? 0 : readSync(fd, buffer, 0, want, offset);
      return [buffer.subarray(0, n), n < asked];
    });
  }

  write(buffer: Uint8Array, offset: bigint): bigint {
    return wasi(() => {
      this.#mutable();
      const fd = this.#file();
      return BigInt(writeSync(fd, buffer, 0, buffer.length, fileOffset(offset)));
    });
  }

  readDirectory(): DirectoryEntryStream {
    return wasi(() => {
      const fd = this.#dir();
      const release = this.#s.ctx.budget.take();
      try {
        // Reopens this exact directory (the magic link), for reading.
        return new DirectoryEntryStream(opendirSync(self(fd)), release);
      } catch (err) {
        release();
        throw err;
      }
    });
  }

  createDirectoryAt(path: string): void {
    wasi(() => {
      this.#mutable();
      atParent(this.#dir(), path, (dir, name) => {
        if (name === null) throw 'exist';
        mkdirSync(at(dir, name));
      });
    });
  }

  stat() {
    return wasi(() => toStat(fstatSync(this.#s.file.fd, { bigint: true })));
  }

  statAt(pathFlags: PathFlags, path: string) {
    return wasi(() =>
      toStat(
        lookup(
          this.#dir(),
          path,
          pathFlags.symlinkFollow === true,
          (fd) => fstatSync(fd, { bigint: true }),
          (p) => lstatSync(p, { bigint: true }),
        ),
      ),
    );
  }

  setTimesAt(pathFlags: PathFlags, path: string, atime: NewTimestamp, mtime: NewTimestamp): void {
    wasi(() => {
      this.#mutable();
      lookup(
        this.#dir(),
        path,
        pathFlags.symlinkFollow === true,
        (fd) => {
          const now = (): BigIntStats => fstatSync(fd, { bigint: true });
          utimesSync(self(fd), seconds(atime, () => now().atimeNs), seconds(mtime, () => now().mtimeNs));
        },
        (p) => {
          const now = (): BigIntStats => lstatSync(p, { bigint: true });
          lutimesSync(p, seconds(atime, () => now().atimeNs), seconds(mtime, () => now().mtimeNs));
        },
      );
    });
  }

  linkAt(oldPathFlags: PathFlags, oldPath: string, newDescriptor: unknown, newPath: string): void {
    wasi(() => {
      // A hard link from a read-only grant into a writable one would make the file writable.
      this.#mutable();
      const newDir = Descriptor.#dirOf(newDescriptor, true);
      const link = (oldDir: number, oldName: string | null, oldDirOnly: boolean): void =>
        atParent(newDir, newPath, (dir, name, dirOnly) => {
          if (oldName === null) throw 'not-permitted'; // a directory
          if (name === null) throw 'exist';
          if (oldDirOnly || dirOnly) throw lstatSync(at(oldDir, oldName)).isDirectory() ? 'not-permitted' : 'not-directory';
          linkSync(at(oldDir, oldName), at(dir, name));
        });
      if (oldPathFlags.symlinkFollow) atFinal(this.#dir(), oldPath, link);
      else atParent(this.#dir(), oldPath, link);
    });
  }

  openAt(pathFlags: PathFlags, path: string, openFlags: OpenFlags, flags: DescriptorFlags): Descriptor {
    return wasi(() => {
      const s = this.#s;
      const dir = this.#dir();
      if (flags.requestedWriteSync || flags.fileIntegritySync || flags.dataIntegritySync) throw 'unsupported';
      if (!s.writable && (flags.write || flags.mutateDirectory || openFlags.create || openFlags.truncate)) throw 'read-only';
      let access = flags.read && flags.write ? O_RDWR : flags.write ? O_WRONLY : flags.read ? O_RDONLY : O_PATH;
      if (access === O_PATH && (openFlags.create || openFlags.truncate)) access = O_RDONLY;
      const osFlags =
        access |
        // Opening a FIFO or device must never block the thread (a blocked syscall outlives worker.terminate()).
        (access === O_PATH ? 0 : O_NONBLOCK) |
        (openFlags.create ? O_CREAT : 0) |
        (openFlags.exclusive ? O_EXCL : 0) |
        (openFlags.truncate ? O_TRUNC : 0) |
        (openFlags.directory ? O_DIRECTORY : 0);
      const file = s.ctx.budget.open(() => openFollowing(dir, path, pathFlags.symlinkFollow === true, osFlags));
      try {
        const type = typeOf(fstatSync(file.fd));
        if (type === 'directory' && flags.write) throw 'is-directory';
        const kept: DescriptorFlags = {
          read: flags.read === true,
          write: flags.write === true,
          mutateDirectory: flags.mutateDirectory === true,
        };
        return new Descriptor({ ctx: s.ctx, file, type, flags: kept, writable: s.writable, preopen: false });
      } catch (err) {
        file.release();
        throw err;
      }
    });
  }

  readlinkAt(path: string): string {
    return wasi(() => {
      const start = this.#dir();
      return atParent(start, path, (dir, name, dirOnly) => {
        if (name === null || dirOnly) notForDirectory(start, path, 'invalid');
        return readlinkSync(at(dir, name));
      });
    });
  }

  removeDirectoryAt(path: string): void {
    wasi(() => {
      this.#mutable();
      atParent(this.#dir(), path, (dir, name) => {
        if (name === null) throw 'invalid';
        rmdirSync(at(dir, name));
      });
    });
  }

  renameAt(oldPath: string, newDescriptor: unknown, newPath: string): void {
    wasi(() => {
      this.#mutable();
      const newDir = Descriptor.#dirOf(newDescriptor, true);
      atParent(this.#dir(), oldPath, (oldDir, oldName, oldDirOnly) =>
        atParent(newDir, newPath, (dir, name, dirOnly) => {
          if (oldName === null || name === null) throw 'busy';
          if ((oldDirOnly || dirOnly) && !lstatSync(at(oldDir, oldName)).isDirectory()) throw 'not-directory';
          renameSync(at(oldDir, oldName), at(dir, name));
        }),
      );
    });
  }

  symlinkAt(target: string, path: string): void {
    wasi(() => {
      this.#mutable();
      // Where a link points is checked when it is followed; an absolute one never could be.
      if (target.startsWith('/')) throw 'not-permitted';
      if (target.includes('\0')) throw 'invalid';
      if (Buffer.byteLength(target) > MAX_PATH_BYTES) throw 'name-too-long';
      atParent(this.#dir(), path, (dir, name, dirOnly) => {
        if (name === null) throw 'exist';
        if (dirOnly) {
          const existing = lstatSync(at(dir, name), { throwIfNoEntry: false });
          throw !existing ? 'no-entry' : existing.isDirectory() ? 'exist' : 'not-directory';
        }
        symlinkSync(target, at(dir, name));
      });
    });
  }

  unlinkFileAt(path: string): void {
    wasi(() => {
      this.#mutable();
      const start = this.#dir();
      atParent(start, path, (dir, name, dirOnly) => {
        if (name === null || dirOnly) notForDirectory(start, path, 'is-directory');
        unlinkSync(at(dir, name));
      });
    });
  }

  isSameObject(other: unknown): boolean {
    if (other === this) return true;
    if (!(other instanceof Descriptor)) return false;
    try {
      const a = fstatSync(this.#s.file.fd, { bigint: true });
      const b = fstatSync(other.#s.file.fd, { bigint: true });
      return a.dev === b.dev && a.ino === b.ino;
    } catch {
      return false;
    }
  }

  metadataHash(): { lower: bigint; upper: bigint } {
    return wasi(() => hash(this.#s.ctx, fstatSync(this.#s.file.fd, { bigint: true })));
  }

  metadataHashAt(pathFlags: PathFlags, path: string): { lower: bigint; upper: bigint } {
    return wasi(() =>
      hash(
        this.#s.ctx,
        lookup(
          this.#dir(),
          path,
          pathFlags.symlinkFollow === true,
          (fd) => fstatSync(fd, { bigint: true }),
          (p) => lstatSync(p, { bigint: true }),
        ),
      ),
    );
  }

  [disposeSymbol](): void {
    if (!this.#s.preopen) this.#s.file.release();
  }
}

export class DirectoryEntryStream {
  readonly #dir: Dir;
  readonly #release: () => void;
  #closed = false;

  constructor(dir: Dir, release: () => void) {
    this.#dir = dir;
    this.#release = release;
  }

  readDirectoryEntry(): { name: string; type: DescriptorType } | undefined {
    return wasi(() => {
      if (this.#closed) throw 'bad-descriptor';
      const entry: Dirent | null = this.#dir.readSync();
      return entry ? { name: entry.name, type: typeOf(entry) } : undefined;
    });
  }

  [disposeSymbol](): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#release();
    try {
      this.#dir.closeSync();
    } catch {
      // already closed
    }
  }
}

/** `filesystem-error-code`: the code of a stream error raised by a file stream, none for any other. */
export function filesystemErrorCode(err: unknown): ErrorCode | undefined {
  const payload = (err as { payload?: unknown } | null)?.payload;
  return isErrorCode(payload) ? payload : undefined;
}
