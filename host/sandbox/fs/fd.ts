/**
 * The host file descriptors one instance's guest holds. Each is a real
 * descriptor of the host process, so their number is capped per instance
 * (past the cap an open fails with a WASI error instead of exhausting the
 * host's descriptor table), and each is reference-counted: a stream keeps
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

export class FdBudget {
  #open = 0;
  #streams = 0;

  constructor(
    readonly maxOpen = MAX_OPEN_FDS,
    readonly maxStreams = MAX_STREAMS,
  ) {}

  /** Open a host fd with `open` within the cap; the guest hears a full table as `insufficient-memory`. */
  open(open: () => number): FdRef {
    if (this.#open >= this.maxOpen) throw 'insufficient-memory';
    const fd = open();
    this.#open++;
    return new FdRef(fd, () => this.#open--);
  }

  /** Count a resource that holds an fd it closes itself (a directory stream). */
  take(): () => void {
    if (this.#open >= this.maxOpen) throw 'insufficient-memory';
    this.#open++;
    let taken = true;
    return () => {
      if (taken) this.#open--;
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
