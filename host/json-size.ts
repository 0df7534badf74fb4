/**
 * The UTF-8 byte length of `JSON.stringify(value)`, without building it.
 *
 * The result-size cap needs the size of every result, and the transport
 * serializes the result anyway: serializing it a second time only to count
 * (then encoding that to count bytes) costs ~2 ms per MB on the main thread.
 * Here a string that needs no escaping and is all ASCII (nearly all result
 * text) is its length plus its quotes, which a native regex test tells; only
 * other strings are serialized, one at a time. Numbers are formatted as JSON
 * does. `jsonBytesOver` answers the cap's question from bounds first (a
 * UTF-16 unit is 1 to 6 bytes of JSON), so a result well under the cap is
 * not scanned at all. Walked with an explicit stack (no recursion), for a value of any
 * depth; `toJSON`, functions and symbols are treated as JSON.stringify treats
 * them in plain data (results are plain data: the host builds them).
 */

/** Characters that JSON escapes (control characters, `"` and `\`) or that take more than one UTF-8 byte. */
const NOT_PLAIN = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;

/**
 * Serialized a piece at a time: JSON of a whole string is up to 6 times its
 * size (60 M control characters from a guest: 360 MB, +900 MB of RSS, to count).
 */
const PIECE = 64 * 1024;

function stringBytes(text: string): number {
  if (!NOT_PLAIN.test(text)) return text.length + 2;
  let bytes = 2;
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + PIECE, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++; // a surrogate pair stays whole
    bytes += Buffer.byteLength(JSON.stringify(text.slice(at, end))) - 2;
    at = end;
  }
  return bytes;
}

/** What JSON.stringify writes for a value with no own representation (undefined, a function, a symbol): nothing. */
const skipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

export function jsonByteLength(value: unknown): number {
  return walk(value, stringBytes);
}

/** The exact byte length of `value` as JSON if it is over `cap` bytes; undefined if it is not. */
export function jsonBytesOver(value: unknown, cap: number): number | undefined {
  if (walk(value, (text) => 6 * text.length + 2) <= cap) return undefined; // at most 6 bytes a unit (`\uXXXX`)
  const bytes = jsonByteLength(value);
  return bytes > cap ? bytes : undefined;
}

/** The JSON length of `value` with each string (and key) counted by `measure`. */
function walk(value: unknown, measure: (text: string) => number): number {
  if (skipped(value)) return 0; // JSON.stringify returns undefined
  let bytes = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null) bytes += 4;
    else if (typeof v === 'string') bytes += measure(v);
    else if (typeof v === 'number') bytes += Number.isFinite(v) ? String(v).length : 4;
    else if (typeof v === 'boolean') bytes += v ? 4 : 5;
    else if (typeof v === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
    else if (Array.isArray(v)) {
      bytes += 2 + Math.max(0, v.length - 1); // brackets and commas
      for (const item of v) stack.push(skipped(item) ? null : item);
    } else if (typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, item]) => !skipped(item));
      bytes += 2 + Math.max(0, entries.length - 1); // braces and commas
      for (const [key, item] of entries) {
        bytes += measure(key) + 1; // the key and its colon
        stack.push(item);
      }
    }
  }
  return bytes;
}
