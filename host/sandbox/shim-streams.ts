/**
 * preview2-shim's own streams (an HTTP response's body, a request's body)
 * held to the lengths the in-thread streams (io.ts) take. The shim hands a
 * read's length to Node's stream in its I/O thread, and Node raises the
 * stream's buffer limit to the next power of two past any length asked: a
 * guest reading a response with `blocking-read(u64 max)` made the shim
 * buffer 8, 33, 64 MB… of it, then copy that into the instance's thread
 * (host peak 4.7 GB with `--max-memory 1G`). Reads, skips and splices are
 * therefore asked for at most READ_CHUNK (Node's own default buffer), which
 * WASI allows: a read may return fewer bytes than asked. And `write-zeroes`
 * of more than a write may carry traps here, as in-thread, before the shim
 * allocates the zeros (it allocated 4 GB, then exited its thread).
 */
import { STREAM_CHUNK } from './fs/streams.js';

type ImportObject = Record<string, Record<string, unknown>>;
type Method = (this: object, ...args: unknown[]) => unknown;

/** Most bytes one read, skip or splice asks the shim for. */
export const READ_CHUNK = 16 * 1024;

const clamp = (len: unknown): unknown => (typeof len === 'bigint' && len > BigInt(READ_CHUNK) ? BigInt(READ_CHUNK) : len);

export function boundShimStreams(imports: ImportObject): void {
  const streams = imports['wasi:io/streams'] as { InputStream: { prototype: Record<string, Method> }; OutputStream: { prototype: Record<string, Method> } } | undefined;
  if (!streams) return;
  const input = streams.InputStream.prototype;
  for (const name of ['read', 'blockingRead', 'skip', 'blockingSkip']) {
    const original = input[name]!;
    input[name] = function (this: object, len: unknown) {
      return original.call(this, clamp(len));
    };
  }
  const output = streams.OutputStream.prototype;
  for (const name of ['splice', 'blockingSplice']) {
    const original = output[name]!;
    output[name] = function (this: object, src: unknown, len: unknown) {
      return original.call(this, src, clamp(len));
    };
  }
  for (const name of ['writeZeroes', 'blockingWriteZeroesAndFlush']) {
    const original = output[name]!;
    output[name] = function (this: object, len: unknown) {
      if (typeof len === 'bigint' && len > BigInt(STREAM_CHUNK)) throw new Error('wasi: write-zeroes of more than check-write permits');
      return original.call(this, len);
    };
  }
}
