/**
 * The bytes of HTTP header names and values an instance's fields hold at
 * once, for both wasi:http implementations: the in-thread refusal
 * (network.ts refusedHttp) and preview2-shim's client (shim-http.ts).
 * Header values are ArrayBuffers the glue lifted out of the guest's memory:
 * host memory outside the memory cap and outside the worker's JS heap cap,
 * so nothing else bounds them. Uncapped, 20,000 appends of a 60 KB value
 * took the host up 1.2 GB in a few seconds, on either path. Node's own
 * limit for a request's headers is 16 KiB, so 1 MiB leaves room.
 *
 * One instance a worker thread, so one budget a worker.
 */
export const MAX_HEADER_BYTES = 1024 * 1024;

/** What one header costs: its name and its value. */
export const headerBytes = (name: string, value: Uint8Array): number => name.length + value.byteLength;

export class HeaderBudget {
  #held = 0;
  readonly #of = new WeakMap<object, number>();

  constructor(readonly max: number = MAX_HEADER_BYTES) {}

  /** Bytes all fields hold now. */
  get held(): number {
    return this.#held;
  }

  /** Count `bytes` more to `fields`; false, and nothing counted, if that would pass the budget. */
  charge(fields: object, bytes: number): boolean {
    if (this.#held + bytes > this.max) return false;
    this.#held += bytes;
    this.#of.set(fields, (this.#of.get(fields) ?? 0) + bytes);
    return true;
  }

  /** Give back `bytes` of what `fields` holds (a header deleted or replaced, a charge undone). */
  refund(fields: object, bytes: number): void {
    const had = this.#of.get(fields) ?? 0;
    const back = Math.min(had, bytes);
    this.#held -= back;
    this.#of.set(fields, had - back);
  }

  /** Give back all `fields` holds: it was dropped, or what it held was sent. */
  release(fields: object): void {
    this.#held -= this.#of.get(fields) ?? 0;
    this.#of.delete(fields);
  }
}
