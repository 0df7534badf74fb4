/**
 * The npm `buffer` package (Node's `buffer` in a component), with its UTF-8 paths on the engine's
 * native TextEncoder/TextDecoder. The package encodes UTF-8 in JavaScript
 * through a plain array of numbers (8+ bytes per byte) and the engine has
 * no JIT: a server's stdio transport turns every request into a Buffer and
 * back, so a 7 MiB request ran the instance out of memory (losing every
 * session's state) and a 4 MiB one held it for 14 s. Patched on the class
 * itself, once (globals.ts imports this first), so every module using the
 * package gets it.
 */
import { Buffer } from 'buffer';

type Enc = string | undefined;
const isUtf8 = (encoding: Enc): boolean => encoding === undefined || encoding === 'utf8' || encoding === 'utf-8' || /^utf-?8$/i.test(encoding);
const encoder = new TextEncoder();
// ignoreBOM: Node's toString keeps a leading U+FEFF.
const decoder = new (TextDecoder as unknown as new (label: string, options: { ignoreBOM: boolean }) => TextDecoder)('utf-8', { ignoreBOM: true });

const from = Buffer.from.bind(Buffer) as (...args: unknown[]) => Buffer;
(Buffer as unknown as { from: (...args: unknown[]) => Buffer }).from = function (...args: unknown[]): Buffer {
  const [value, encoding] = args;
  if (typeof value === 'string' && args.length <= 2 && (encoding === undefined || encoding === '' || (typeof encoding === 'string' && isUtf8(encoding)))) {
    const bytes = encoder.encode(value);
    return from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return from(...args);
};

const byteLength = Buffer.byteLength.bind(Buffer);
Buffer.byteLength = ((value: unknown, encoding?: Enc) =>
  typeof value === 'string' && isUtf8(encoding) ? encoder.encode(value).byteLength : byteLength(value as string, encoding as BufferEncoding)) as typeof Buffer.byteLength;

const toString = Buffer.prototype.toString;
Buffer.prototype.toString = function (this: Buffer, encoding?: Enc, start?: number, end?: number): string {
  if (!isUtf8(encoding)) return toString.call(this, encoding as BufferEncoding, start, end);
  // Node's clamping of start and end.
  const s = Math.max(0, Math.min(this.length, start === undefined ? 0 : Math.trunc(Number(start)) || 0));
  const e = Math.max(s, Math.min(this.length, end === undefined ? this.length : Math.trunc(Number(end)) || 0));
  return decoder.decode(this.subarray(s, e));
} as typeof Buffer.prototype.toString;

const write = Buffer.prototype.write as (this: Buffer, ...args: unknown[]) => number;
Buffer.prototype.write = function (this: Buffer, string: string, ...rest: unknown[]): number {
  // write(string[, offset[, length]][, encoding])
  const encoding = rest.find((r) => typeof r === 'string') as Enc;
  const [offset = 0, length] = rest.filter((r) => typeof r === 'number') as number[];
  if (typeof string !== 'string' || !isUtf8(encoding) || offset < 0 || offset > this.length) return write.call(this, string, ...rest);
  const room = Math.min(this.length - offset, length ?? this.length - offset);
  const bytes = encoder.encode(string);
  let n = Math.max(0, Math.min(bytes.length, room));
  // Like Node, a character that does not fit whole is not written: back off to its first byte.
  if (n < bytes.length) while (n > 0 && (bytes[n]! & 0xc0) === 0x80) n--;
  this.set(bytes.subarray(0, n), offset);
  return n;
} as typeof Buffer.prototype.write;

type BufferEncoding = Parameters<typeof Buffer.byteLength>[1];
