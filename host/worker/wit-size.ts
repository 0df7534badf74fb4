/**
 * Roughly the bytes a lifted WIT value takes (a string its length, bytes
 * their byte length, 8 for anything else, 8 more for each item), stopping
 * once past `limit`: so a hostile value costs a walk of at most `limit`'s
 * worth, however large it is. WIT types are not recursive, so the walk is
 * shallow. For bounds on what a guest hands the host, not exact sizes.
 */
export function witSize(value: unknown, limit: number): number {
  if (typeof value === 'string') return value.length;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value === null || typeof value !== 'object') return 8;
  let total = 0;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    total += witSize(item, limit - total) + 8;
    if (total > limit) return total;
  }
  return total;
}
