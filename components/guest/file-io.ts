/**
 * Whole-file reads and writes on a WASI descriptor, for the guest library
 * (grants.ts) and the Node layer (node/fs-core.ts); each turns what these
 * throw into its own errors.
 */
import type { Descriptor } from 'wasi:filesystem/types@0.2.3';

const CHUNK = 1n << 20n;

export function readAll(file: Descriptor): Uint8Array {
  const parts: Uint8Array[] = [];
  let offset = 0n;
  for (;;) {
    const [chunk, end] = file.read(CHUNK, offset);
    if (chunk.length > 0) parts.push(chunk);
    offset += BigInt(chunk.length);
    if (end || chunk.length === 0) break;
  }
  const out = new Uint8Array(Number(offset));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function writeAll(file: Descriptor, bytes: Uint8Array, offset = 0n): void {
  let written = 0;
  while (written < bytes.length) written += Number(file.write(bytes.subarray(written), offset + BigInt(written)));
}
