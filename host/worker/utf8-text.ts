/**
 * An argument whose WIT type is `list<u8>` given as text: an instance
 * encodes it where the guest runs (the worker thread, for instance.ts), so
 * the main thread serializes a call's JSON once and never encodes it.
 */
export class Utf8Text {
  constructor(readonly text: string) {}
}
