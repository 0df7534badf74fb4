/**
 * The host file descriptors one instance's guest holds. Each is a real
 * descriptor of the host process, so their number is capped per instance
 * and, across every instance of the process, by the shared pool of
 * fd-pool.ts (past either an open fails with a WASI error instead of
 * exhausting the host's descriptor table; many sessions of one component
 * would otherwise add up to it). Each is reference-counted: a stream keeps
 * its file open after the guest drops the descriptor, and a descriptor
 * number is never used after it was closed (the host may have reused it
 * for anything by then).
 *
 * A worker terminated at a deadline or after a trap never runs its own
 * cleanup; Node closes the fds a worker opened when it exits, which is what
 * keeps a re-created instance from leaking its predecessor's (checked in
 * test/sandbox/fs-confinement.test.ts).
 */
import { closeSync } from 'node:fs';

/** Open descriptors and directory streams per instance (each is a host fd). */
export const MAX_OPEN_FDS = 1024;
/** Live file streams per instance (they share their file's fd, but pin it). */
export const MAX_STREAMS = 1024;

/**
 * Where the process-wide count lives (made by fd-pool.ts on the main thread,
 * sent to each instance worker in its init message).
 */
export interface FdShares {
  /** Int32 [used, max], one for the whole process. */
  pool: SharedArrayBuffer;
  /** Int32 [used]: this worker's part of the pool's used; given back when the worker exits. */
  own: SharedArrayBuffer;
}

/** This worker's side of the process-wide pool. */
class PoolShare {
  readonly #pool: Int32Array;
  readonly #own: Int32Array;

  constructor(shares: FdShares) {
    this.#pool = new Int32Array(shares.pool);
    this.#own = new Int32Array(shares.own);
  }

  /**
   * Take one fd from the pool, if it has one. Straight-line code with no call
   * between the two counts, where V8 cannot stop the thread; if it ever did,
   * the pool would lose a descriptor (refuse one too many), never grant one.
   */
  acquire(): boolean {
    if (Atomics.add(this.#pool, 0, 1) >= Atomics.load(this.#pool, 1)) {
      Atomics.sub(this.#pool, 0, 1);
      return false;
    }
    Atomics.add(this.#own, 0, 1);
    return true;
  }

  release(): void {
    Atomics.sub(this.#own, 0, 1);
    Atomics.sub(this.#pool, 0, 1);
  }
}

export class FdBudget {
  #open = 0;
  #streams = 0;
  readonly #pool: PoolShare | undefined;

  /** `shares`: the process-wide pool (none: only the per-instance cap). */
  constructor(
    readonly maxOpen = MAX_OPEN_FDS,
    readonly maxStreams = MAX_STREAMS,
    shares?: FdShares,
  ) {
    this.#pool = shares && new PoolShare(shares);
  }

  /** Open a host fd with `open` within the caps; the guest hears a full table as `insufficient-memory`. */
  open(open: () => number): FdRef {
    return this.#opened(open, this.take());
  }

  /**
   * A preopen: outside the process pool, so that guests holding all of it
   * never stop a new instance from starting. Their number is bounded by the
   * grants times the instances (--max-sessions), out of the host's reserve.
   */
  preopen(open: () => number): FdRef {
    return this.#opened(open, () => {});
  }

  #opened(open: () => number, done: () => void): FdRef {
    let fd: number;
    try {
      fd = open();
    } catch (err) {
      done();
      throw err;
    }
    return new FdRef(fd, done);
  }

  /** Count a resource that holds an fd it closes itself (a directory stream). */
  take(): () => void {
    if (this.#open >= this.maxOpen) throw 'insufficient-memory';
    if (this.#pool && !this.#pool.acquire()) throw 'insufficient-memory';
    this.#open++;
    let taken = true;
    return () => {
      if (!taken) return;
      taken = false;
      this.#open--;
      this.#pool?.release();
    };
  }

  /**
   * Count a path walk's transient directory fd (walk.ts) against the process
   * pool only: one walk holds at most MAX_DEPTH of them, but every instance
   * walking at once would add up past any reserve.
   */
  transient(): () => void {
    if (this.#pool && !this.#pool.acquire()) throw 'insufficient-memory';
    let taken = true;
    return () => {
      if (taken) this.#pool?.release();
      taken = false;
    };
  }

  stream(): () => void {
    if (this.#streams >= this.maxStreams) throw 'insufficient-memory';
    this.#streams++;
    let live = true;
    return () => {
      if (live) this.#streams--;
      live = false;
    };
  }
}

export class FdRef {
  #fd: number;
  #refs = 1;
  readonly #closed: () => void;

  constructor(fd: number, closed: () => void) {
    this.#fd = fd;
    this.#closed = closed;
  }

  /** The descriptor number, while it is open. */
  get fd(): number {
    if (this.#fd < 0) throw 'bad-descriptor';
    return this.#fd;
  }

  retain(): this {
    if (this.#fd < 0) throw 'bad-descriptor';
    this.#refs++;
    return this;
  }

  release(): void {
    if (this.#fd < 0 || --this.#refs > 0) return;
    const fd = this.#fd;
    this.#fd = -1;
    this.#closed();
    try {
      closeSync(fd);
    } catch {
      // Closing fails only for a descriptor that is already gone.
    }
  }
}
