/**
 * Node's `zlib`, the deflate family (gzip, deflate, raw deflate), on fflate:
 * a maintained pure-JS implementation (the engine has none). Sync and
 * callback forms; streams and brotli are not provided (they throw, naming
 * themselves, as the rest of the missing builtins do).
 */
import { Buffer } from 'buffer';
import { deflateSync as deflate_, gunzipSync as gunzip_, gzipSync as gzip_, inflateSync as inflate_, unzlibSync, zlibSync } from 'fflate';
import { unavailable } from './unavailable.js';

type Input = string | Uint8Array | ArrayBuffer;
interface Options {
  level?: number;
}
const bytes = (input: Input): Uint8Array => (typeof input === 'string' ? Buffer.from(input) : input instanceof Uint8Array ? input : new Uint8Array(input));
const level = (options?: Options) => ({ level: (options?.level ?? 6) as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 });
const sync =
  (fn: (data: Uint8Array, options?: Options) => Uint8Array) =>
  (input: Input, options?: Options): Buffer => {
    try {
      return Buffer.from(fn(bytes(input), options));
    } catch (err) {
      throw Object.assign(new Error((err as Error).message || 'incorrect header check'), { code: 'Z_DATA_ERROR', errno: -3 });
    }
  };
const later =
  (fn: (input: Input, options?: Options) => Buffer) =>
  (input: Input, options: Options | ((err: Error | null, out?: Buffer) => void), callback?: (err: Error | null, out?: Buffer) => void): void => {
    const done = typeof options === 'function' ? options : callback!;
    const opts = typeof options === 'function' ? undefined : options;
    queueMicrotask(() => {
      let out: Buffer;
      try {
        out = fn(input, opts);
      } catch (err) {
        return done(err as Error);
      }
      done(null, out);
    });
  };

export const gzipSync = sync((d, o) => gzip_(d, level(o)));
export const gunzipSync = sync((d) => gunzip_(d));
export const deflateSync = sync((d, o) => zlibSync(d, level(o)));
export const inflateSync = sync((d) => unzlibSync(d));
export const deflateRawSync = sync((d, o) => deflate_(d, level(o)));
export const inflateRawSync = sync((d) => inflate_(d));
export const unzipSync = sync((d) => (d[0] === 0x1f && d[1] === 0x8b ? gunzip_(d) : unzlibSync(d)));
export const gzip = later(gzipSync);
export const gunzip = later(gunzipSync);
export const deflate = later(deflateSync);
export const inflate = later(inflateSync);
export const deflateRaw = later(deflateRawSync);
export const inflateRaw = later(inflateRawSync);
export const unzip = later(unzipSync);
export const constants = { Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1 };

const missing = unavailable('zlib', 'only the one-shot deflate family (gzipSync, deflateSync, inflateSync, gunzipSync and their callback forms) is provided') as Record<string, unknown>;
export const { createGzip, createGunzip, createDeflate, createInflate, brotliCompressSync, brotliDecompressSync } = missing;
export default { gzipSync, gunzipSync, deflateSync, inflateSync, deflateRawSync, inflateRawSync, unzipSync, gzip, gunzip, deflate, inflate, deflateRaw, inflateRaw, unzip, constants, createGzip, createGunzip, createDeflate, createInflate, brotliCompressSync, brotliDecompressSync };
