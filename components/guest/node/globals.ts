/**
 * The globals Node gives every module, injected (esbuild `inject`) into an
 * unchanged server's bundle: each free `process`, `Buffer`, `global`,
 * `setImmediate` in its code refers to these.
 */
import { Buffer } from 'buffer';
// Its UTF-8 on the engine's native encoder, before any server code runs.
import './buffer.js';
// String.prototype.normalize, which the engine lacks (it is built without
// ICU): unorm defines it where it is missing. Servers compare paths by it.
import 'unorm';
import process from './process.js';

export { Buffer, process };
export const global = globalThis;
export const setImmediate = (fn: (...args: unknown[]) => void, ...args: unknown[]): unknown => setTimeout(fn, 0, ...args);
export const clearImmediate = (id: unknown): void => clearTimeout(id as number);
