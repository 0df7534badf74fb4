/**
 * `wasi:io` (error, poll, streams), `wasi:clocks`, `wasi:random` and the
 * standard streams of one instance, answered in the instance's own thread.
 *
 * Why not preview2-shim's: the shim answers every stream, pollable and
 * clock subscription in a second worker thread it spawns when it is
 * imported, through a synchronous round trip (two thread wake-ups) a call.
 * That thread and its heap cost ~13 MB resident per instance (measured:
 * an empty worker 8 MB, one that imports the shim 21 MB). A component that
 * may reach no host needs none of it: its streams are files
 * (fs/streams.ts), stdout/stderr (the worker's own pipes, bounded in
 * guest-output.ts) and a closed stdin (stdin.ts); its pollables are timers
 * or ready at once; its sockets and HTTP requests are refused (network.ts).
 * wasi.ts uses the shim only for a component that imports `wasi:http` and
 * was given `--allow-host`: its HTTP client needs the shim's streams.
 */
import { randomBytes, randomFillSync } from 'node:crypto';
import { hrtime } from 'node:process';
import { STREAM_CHUNK } from './fs/streams.js';
import { disposeSymbol } from './dispose.js';

type ImportObject = Record<string, Record<string, unknown>>;


/** A trap of the call (jco rethrows anything not a WIT error). */
function trap(message: string): never {
  throw new Error(`wasi: ${message}`);
}

/**
 * Most handles a guest may hold at once of the resources made here
 * (pollables, errors, its stdin, stdout, stderr and network) and by
 * network.ts refusedHttp (fields, requests, their options and bodies). Each is host
 * heap the memory cap does not cover (~150 bytes: the object and jco's
 * table entries); uncounted, a guest that kept what it subscribed to grew
 * the host by ~150 MB a million handles, up to V8's most entries for a Map
 * (16.7 M, ~2.5 GB). File streams and descriptors have their own budget
 * (fs/fd.ts). One instance a worker thread, so one count a module.
 */
export const MAX_HANDLES = 1 << 16;
let handles = 0;

/** `resource`, counted as one more handle the guest holds (a trap past MAX_HANDLES); jco disposes of each handle dropped. */
export function held<T>(resource: T): T {
  if (handles >= MAX_HANDLES) trap(`the component holds ${MAX_HANDLES} handles of WASI resources (pollables, streams, errors, HTTP fields and requests); drop some`);
  handles++;
  return resource;
}

/** The guest dropped a handle counted by `held`. */
export function dropped(): void {
  handles--;
}

/** `wasi:io/error.error`: what a failed stream operation carries. */
export class IoError {
  readonly #message: string;
  constructor(payload: string) {
    held(this);
    this.#message = String(payload);
  }
  toDebugString(): string {
    return this.#message;
  }
  [disposeSymbol](): void {
    dropped();
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Block the thread until the monotonic clock reaches `at` (a deadline stops it: the worker is terminated). */
function sleepUntil(at: bigint): void {
  for (let left = at - hrtime.bigint(); left > 0n; left = at - hrtime.bigint()) {
    Atomics.wait(sleeper, 0, 0, Number(left) / 1e6);
  }
}

/**
 * `wasi:io/poll.pollable`: ready once the monotonic clock reaches its
 * instant. Files, stdout/stderr and the closed stdin are always ready
 * (instant 0); a clock subscription waits for its instant.
 */
export class Pollable {
  readonly #at: bigint;
  constructor(at: bigint) {
    held(this);
    this.#at = at;
  }
  ready(): boolean {
    return this.#at <= hrtime.bigint();
  }
  block(): void {
    sleepUntil(this.#at);
  }
  static at(pollable: Pollable): bigint {
    if (!(pollable instanceof Pollable)) trap('poll was given something not a pollable');
    return pollable.#at;
  }
  [disposeSymbol](): void {
    dropped();
  }
}

/**
 * `wasi:io/poll.poll`: the indices of those ready, after blocking until at
 * least one is. The list is as long as the guest likes (4 bytes an entry in
 * its memory): passes over it, no array an entry, so the host holds only
 * the answer (4 bytes an entry) on top of what the glue lifted.
 */
function poll(list: Pollable[]): Uint32Array {
  if (list.length === 0) trap('poll on an empty list');
  let soonest = Pollable.at(list[0]!);
  for (const p of list) {
    const at = Pollable.at(p);
    if (at < soonest) soonest = at;
  }
  sleepUntil(soonest);
  const now = hrtime.bigint();
  let count = 0;
  for (const p of list) if (Pollable.at(p) <= now) count++;
  const ready = new Uint32Array(count);
  for (let i = 0, j = 0; j < count; i++) if (Pollable.at(list[i]!) <= now) ready[j++] = i;
  return ready;
}

const ready = (): Pollable => new Pollable(0n);

/**
 * Stream classes. jco passes a stream to the guest only if it is an
 * instance of the import object's class; every stream made here (and in
 * fs/streams.ts, stdin.ts) is one with its own methods, so what the class
 * itself would do is never reached.
 */
export class InputStream {
  [disposeSymbol](): void {}
}
export class OutputStream {
  [disposeSymbol](): void {}
}

interface Readable {
  read(len: bigint): Uint8Array;
  blockingRead(len: bigint): Uint8Array;
}

/** stdout or stderr of the worker (guest-output.ts bounds what waits there and labels it on the host's stderr). */
function stdioStream(out: NodeJS.WritableStream): OutputStream {
  const write = (bytes: Uint8Array): void => {
    out.write(bytes);
  };
  const zeroes = (len: bigint): void => {
    if (len > BigInt(STREAM_CHUNK)) trap('write-zeroes of more than check-write permits');
    write(new Uint8Array(Number(len)));
  };
  const splice = (src: Readable, len: bigint, read: 'read' | 'blockingRead'): bigint => {
    const bytes = src[read](len < BigInt(STREAM_CHUNK) ? len : BigInt(STREAM_CHUNK));
    write(bytes);
    return BigInt(bytes.length);
  };
  return Object.assign(Object.create(OutputStream.prototype) as OutputStream, {
    checkWrite: (): bigint => BigInt(STREAM_CHUNK),
    write,
    blockingWriteAndFlush: write,
    flush: (): void => {},
    blockingFlush: (): void => {},
    writeZeroes: zeroes,
    blockingWriteZeroesAndFlush: zeroes,
    splice: (src: Readable, len: bigint) => splice(src, len, 'read'),
    blockingSplice: (src: Readable, len: bigint) => splice(src, len, 'blockingRead'),
    subscribe: ready,
    [disposeSymbol]: dropped,
  });
}

/** Most bytes one random call may ask for: more could never fit the guest's memory. */
function randomLength(len: bigint, maxMemoryBytes: number): number {
  if (len > BigInt(maxMemoryBytes)) trap(`asked for ${len} random bytes, more than the instance's memory`);
  return Number(len);
}

const u64 = (): bigint => randomBytes(8).readBigUInt64LE();

/**
 * `wasi:random`, on both paths: preview2-shim's gives whatever length is
 * asked, up to 2 GiB of host memory a call (measured) whatever the cap.
 */
export function randomImports(maxMemoryBytes: number): ImportObject {
  const getRandomBytes = (len: bigint): Uint8Array => {
    const bytes = new Uint8Array(randomLength(len, maxMemoryBytes));
    return randomFillSync(bytes);
  };
  const seed: [bigint, bigint] = [u64(), u64()];
  return {
    'wasi:random/random': { getRandomBytes, getRandomU64: u64 },
    'wasi:random/insecure': { getInsecureRandomBytes: getRandomBytes, getInsecureRandomU64: u64 },
    'wasi:random/insecure-seed': { insecureSeed: (): [bigint, bigint] => seed },
  };
}

/** The in-thread `wasi:io`, clocks, random and standard output imports (the rest: wasi.ts). */
export function inThreadIo(maxMemoryBytes: number): ImportObject {
  const stdout = stdioStream(process.stdout);
  const stderr = stdioStream(process.stderr);
  return {
    'wasi:io/error': { Error: IoError },
    'wasi:io/poll': { Pollable, poll },
    'wasi:io/streams': { InputStream, OutputStream },
    'wasi:cli/stdout': { getStdout: () => held(stdout) },
    'wasi:cli/stderr': { getStderr: () => held(stderr) },
    'wasi:cli/stdin': { getStdin: () => trap('stdin is replaced by stdin.ts') },
    'wasi:cli/terminal-input': { TerminalInput: class TerminalInput {} },
    'wasi:cli/terminal-output': { TerminalOutput: class TerminalOutput {} },
    'wasi:clocks/monotonic-clock': {
      now: (): bigint => hrtime.bigint(),
      resolution: (): bigint => 1n,
      subscribeInstant: (at: bigint): Pollable => new Pollable(at),
      subscribeDuration: (ns: bigint): Pollable => new Pollable(hrtime.bigint() + ns),
    },
    'wasi:clocks/wall-clock': {
      now: () => {
        const ms = Date.now();
        return { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1e6 };
      },
      resolution: () => ({ seconds: 0n, nanoseconds: 1e6 }),
    },
    ...randomImports(maxMemoryBytes),
  };
}
