/**
 * Roughly the bytes a lifted WIT value takes (a string its length, bytes
 * their byte length, 8 for anything else, 8 more for each item), stopping
 * once past `limit`: so a hostile value costs a walk of at most `limit`'s
 * worth, however large it is. WIT types are not recursive, so the walk is
 * shallow. For bounds on what a guest hands the host, not exact sizes.
 * `bytesSize`: what a byte list counts (jsonSize where all bytes are JSON).
 */
export function witSize(value: unknown, limit: number, bytesSize: (bytes: Uint8Array) => number = (b) => b.byteLength): number {
  if (typeof value === 'string') return value.length;
  if (value instanceof Uint8Array) return bytesSize(value);
  if (ArrayBuffer.isView(value)) return value.byteLength; // list<u32> and the like: never walked (Object.values would copy it)
  if (value === null || typeof value !== 'object') return 8;
  let total = 0;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    total += witSize(item, limit - total, bytesSize) + 8;
    if (total > limit) return total;
  }
  return total;
}

/**
 * JSON bytes the main thread parses (structured content, an error's data)
 * cost what their objects and arrays do, not their bytes: 15 MB of
 * `[{},{},…]` held it 3.3 s and 550 MB. So each `{` and `[` outside strings
 * counts 16 more (numbers and strings parse fast, bytes count those):
 * `{"a":1}` counts 3 times its bytes, `{}` 6 times.
 */
export function jsonSize(bytes: Uint8Array): number {
  let containers = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === 0x5c) i++; // the escaped byte is never a closing quote
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) containers++;
  }
  return bytes.length + 16 * containers;
}
