/** Node's `string_decoder`: multi-byte characters split across chunks are held back until complete. */
import { Buffer } from 'buffer';

export class StringDecoder {
  private readonly utf8: TextDecoder | undefined;
  private held: Uint8Array = new Uint8Array(0);
  constructor(readonly encoding = 'utf8') {
    this.utf8 = /^utf-?8$/i.test(encoding) ? new TextDecoder('utf-8') : undefined;
  }
  write(chunk: Uint8Array | string): string {
    if (typeof chunk === 'string') return chunk;
    // The engine's TextDecoder streams (its typings here do not say so).
    if (this.utf8) return (this.utf8.decode as (input: Uint8Array, options: { stream: boolean }) => string)(chunk, { stream: true });
    // Fixed-width encodings: keep a trailing partial unit (2 bytes for utf16le, 3 for base64).
    const width = /^(utf-?16le|ucs-?2)$/i.test(this.encoding) ? 2 : /^base64/i.test(this.encoding) ? 3 : 1;
    const all = new Uint8Array(this.held.length + chunk.length);
    all.set(this.held);
    all.set(chunk, this.held.length);
    const cut = all.length - (all.length % width);
    this.held = all.slice(cut);
    return Buffer.from(all.subarray(0, cut)).toString(this.encoding as 'latin1');
  }
  end(chunk?: Uint8Array): string {
    const out = chunk ? this.write(chunk) : '';
    if (this.utf8) return out + this.utf8.decode();
    const rest = Buffer.from(this.held).toString(this.encoding as 'latin1');
    this.held = new Uint8Array(0);
    return out + rest;
  }
}
export default { StringDecoder };
