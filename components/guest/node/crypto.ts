/**
 * Node's `crypto`, the part MCP servers use: randomness from the Web Crypto
 * global (wasi:random underneath), hashes and HMACs from @noble/hashes (an
 * audited, dependency-free implementation; the engine has no native one).
 */
import { Buffer } from 'buffer';
import { hmac } from '@noble/hashes/hmac.js';
import { md5, ripemd160, sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';

type Hash = typeof sha256;
const HASHES: Record<string, Hash> = { md5, sha1, ripemd160, rmd160: ripemd160, sha224, sha256, sha384, sha512 } as unknown as Record<string, Hash>;
type Digest = 'hex' | 'base64' | 'base64url' | 'latin1' | 'binary';
type Data = string | Uint8Array;

const bytes = (data: Data, encoding?: string): Uint8Array => (typeof data === 'string' ? Buffer.from(data, (encoding ?? 'utf8') as 'utf8') : data);

function hashFor(algorithm: string): Hash {
  const hash = HASHES[algorithm.toLowerCase().replace('-', '')];
  if (!hash) throw Object.assign(new Error(`Digest method not supported: ${algorithm}`), { code: 'ERR_CRYPTO_INVALID_DIGEST' });
  return hash;
}

class Digester {
  constructor(private readonly state: { update(b: Uint8Array): unknown; digest(): Uint8Array }) {}
  update(data: Data, encoding?: string): this {
    this.state.update(bytes(data, encoding));
    return this;
  }
  digest(): Buffer;
  digest(encoding: Digest): string;
  digest(encoding?: Digest): Buffer | string {
    const out = Buffer.from(this.state.digest());
    return encoding ? out.toString(encoding) : out;
  }
}

export const createHash = (algorithm: string): Digester => new Digester(hashFor(algorithm).create());
export const createHmac = (algorithm: string, key: Data): Digester => new Digester(hmac.create(hashFor(algorithm), bytes(key)));
export const hash = (algorithm: string, data: Data, encoding: Digest = 'hex'): string => createHash(algorithm).update(data).digest(encoding);
export const getHashes = (): string[] => Object.keys(HASHES);

export function randomFillSync<T extends ArrayBufferView>(view: T, offset = 0, size?: number): T {
  const target = new Uint8Array(view.buffer, view.byteOffset + offset, size ?? view.byteLength - offset);
  // getRandomValues fills at most 65536 bytes a call.
  for (let at = 0; at < target.length; at += 65536) crypto.getRandomValues(target.subarray(at, at + 65536));
  return view;
}

export function randomBytes(size: number, callback?: (err: Error | null, buf: Buffer) => void): Buffer {
  const out = randomFillSync(Buffer.alloc(size));
  if (callback) queueMicrotask(() => callback(null, out));
  return out;
}

export function randomInt(min: number, max?: number, callback?: (err: Error | null, n: number) => void): number {
  const [lo, hi] = max === undefined ? [0, min] : [min, max];
  const range = hi - lo;
  if (!(range > 0) || range > 2 ** 48) throw new RangeError(`The value of "max" is out of range. It must be greater than the value of "min" (${lo})`);
  const limit = Math.floor(2 ** 48 / range) * range;
  let n: number;
  do {
    const b = randomBytes(6);
    n = b.readUIntBE(0, 6);
  } while (n >= limit);
  const value = lo + (n % range);
  if (callback) queueMicrotask(() => callback(null, value));
  return value;
}

export const randomUUID = (): string => crypto.randomUUID();
export const getRandomValues = <T extends Uint8Array>(array: T): T => crypto.getRandomValues(array);

export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) throw Object.assign(new RangeError('Input buffers must have the same byte length'), { code: 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH' });
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export const webcrypto = crypto;
export default { createHash, createHmac, hash, getHashes, randomBytes, randomFillSync, randomInt, randomUUID, getRandomValues, timingSafeEqual, webcrypto };
