/**
 * `wasi:io/streams` over a confined file: reads and writes go straight to
 * the descriptor's own fd (readSync/writeSync at the stream's position), so
 * a stream never reopens anything by path. jco accepts a stream only if it
 * is an instance of the import object's InputStream/OutputStream, so these
 * are objects of the shim's prototypes with every method their own (as
 * stdin.ts does). A stream holds a reference to its file: it keeps working
 * after the guest drops the descriptor, and the fd is closed with the last.
 */
import { fstatSync, readSync, writeSync } from 'node:fs';
import { toErrorCode } from './errors.js';
import type { FdBudget, FdRef } from './fd.js';
import { disposeSymbol } from '../dispose.js';

type ImportObject = Record<string, Record<string, unknown>>;
type Method = (this: object, ...args: unknown[]) => unknown;


/** Most bytes one stream call moves (also what check-write permits). */
export const STREAM_CHUNK = 1 << 20;

/** What the streams need from the shim's import object. */
export interface ShimIo {
  inputStream: object;
  outputStream: object;
  IoError: new (payload: string) => object;
  /** A pollable that is ready at once: a file is always ready. */
  ready(): unknown;
}

export function shimIo(imports: ImportObject): ShimIo {
  const { InputStream, OutputStream } = imports['wasi:io/streams'] as { InputStream: { prototype: object }; OutputStream: { prototype: object } };
  const { Error: IoError } = imports['wasi:io/error'] as { Error: new (payload: string) => object };
  const { subscribeDuration } = imports['wasi:clocks/monotonic-clock'] as { subscribeDuration(ns: bigint): unknown };
  return { inputStream: InputStream.prototype, outputStream: OutputStream.prototype, IoError, ready: () => subscribeDuration(0n) };
}

/** Input streams made here, which the shim's own output streams cannot splice from by themselves. */
const fileInputs = new WeakSet<object>();

/** A file offset as Node takes it for writes. */
export function fileOffset(offset: bigint): number {
  if (offset > BigInt(Number.MAX_SAFE_INTEGER)) throw 'file-too-large';
  return Number(offset);
}

const take = (len: bigint): number => Number(len > BigInt(STREAM_CHUNK) ? BigInt(STREAM_CHUNK) : len);

function failed(io: ShimIo, err: unknown): { tag: 'last-operation-failed'; val: object } {
  return { tag: 'last-operation-failed', val: new io.IoError(toErrorCode(err)) };
}

export function fileInputStream(io: ShimIo, budget: FdBudget, file: FdRef, offset: bigint): object {
  const done = budget.stream();
  file.retain();
  let position = offset;
  const read = (len: bigint): Uint8Array => {
    const want = take(len);
    if (want === 0) return new Uint8Array(0);
    const buffer = Buffer.allocUnsafe(want);
    let n: number;
    try {
      n = readSync(file.fd, buffer, 0, want, position);
    } catch (err) {
      throw failed(io, err);
    }
    if (n === 0) throw { tag: 'closed' };
    position += BigInt(n);
    return buffer.subarray(0, n);
  };
  const skip = (len: bigint): bigint => BigInt(read(len).length);
  const stream = Object.assign(Object.create(io.inputStream) as object, {
    read,
    blockingRead: read,
    skip,
    blockingSkip: skip,
    subscribe: () => io.ready(),
    [disposeSymbol]: () => {
      done();
      file.release();
    },
  });
  fileInputs.add(stream);
  return stream;
}

/** `start`: the offset to write from, or 'append' to write each time at the file's end. */
export function fileOutputStream(io: ShimIo, budget: FdBudget, file: FdRef, start: bigint | 'append'): object {
  const done = budget.stream();
  file.retain();
  let position = start === 'append' ? 0n : start;
  const writeAll = (bytes: Uint8Array): void => {
    try {
      if (start === 'append') position = fstatSync(file.fd, { bigint: true }).size;
      for (let off = 0; off < bytes.length; ) {
        const n = writeSync(file.fd, bytes, off, bytes.length - off, fileOffset(position));
        off += n;
        position += BigInt(n);
      }
    } catch (err) {
      throw failed(io, err);
    }
  };
  const check = (): void => {
    try {
      void file.fd;
    } catch (err) {
      throw failed(io, err);
    }
  };
  const zeroes = (len: bigint): void => {
    if (len > BigInt(STREAM_CHUNK)) throw failed(io, 'invalid');
    writeAll(new Uint8Array(Number(len)));
  };
  type Source = { read(len: bigint): Uint8Array; blockingRead(len: bigint): Uint8Array };
  const stream = Object.assign(Object.create(io.outputStream) as object, {
    checkWrite: (): bigint => (check(), BigInt(STREAM_CHUNK)),
    write: writeAll,
    blockingWriteAndFlush: writeAll,
    flush: check,
    blockingFlush: check,
    writeZeroes: zeroes,
    blockingWriteZeroesAndFlush: zeroes,
    splice: (src: Source, len: bigint): bigint => {
      const bytes = src.read(BigInt(take(len)));
      writeAll(bytes);
      return BigInt(bytes.length);
    },
    blockingSplice: (src: Source, len: bigint): bigint => {
      const bytes = src.blockingRead(BigInt(take(len)));
      writeAll(bytes);
      return BigInt(bytes.length);
    },
    subscribe: () => io.ready(),
    [disposeSymbol]: () => {
      done();
      file.release();
    },
  });
  return stream;
}

/**
 * The shim's output streams (stdout, stderr, HTTP bodies) splice from an
 * input stream through its private id, which a file stream made here does
 * not have: read from it and write instead.
 */
export function spliceFromFileStreams(io: ShimIo): void {
  const proto = io.outputStream as Record<string, Method>;
  const splice = proto.splice!;
  const blockingSplice = proto.blockingSplice!;
  proto.splice = function (this: object, src: unknown, len: unknown) {
    if (!fileInputs.has(src as object)) return splice.call(this, src, len);
    const self = this as { checkWrite(): bigint; write(bytes: Uint8Array): void };
    const permit = self.checkWrite();
    const bytes = (src as { read(len: bigint): Uint8Array }).read((len as bigint) < permit ? (len as bigint) : permit);
    self.write(bytes);
    return BigInt(bytes.length);
  };
  proto.blockingSplice = function (this: object, src: unknown, len: unknown) {
    if (!fileInputs.has(src as object)) return blockingSplice.call(this, src, len);
    const bytes = (src as { blockingRead(len: bigint): Uint8Array }).blockingRead((len as bigint) < 4096n ? (len as bigint) : 4096n);
    (this as { blockingWriteAndFlush(bytes: Uint8Array): void }).blockingWriteAndFlush(bytes);
    return BigInt(bytes.length);
  };
}
