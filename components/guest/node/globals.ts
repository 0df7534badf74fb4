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

type Fetch = (input: unknown, init?: unknown) => Promise<unknown>;
const engineFetch = (globalThis as { fetch?: Fetch }).fetch;

/**
 * Node's fetch, which reads `data:` URLs itself; the engine's would send
 * them to the host as HTTP requests (refused). Every other URL goes to the
 * engine's fetch, that is to the host's --allow-host policy.
 */
export async function fetch(input: unknown, init?: unknown): Promise<unknown> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : String((input as { url?: unknown })?.url ?? input);
  if (/^data:/i.test(url)) return dataResponse(url);
  if (!engineFetch) throw new TypeError('fetch is not available in this component');
  return engineFetch(input, init);
}

function dataResponse(url: string): unknown {
  const comma = url.indexOf(',');
  if (comma < 0) throw new TypeError(`fetch failed: invalid data: URL`);
  const meta = url.slice(5, comma);
  const body = url.slice(comma + 1);
  const base64 = /;base64$/i.test(meta);
  const type = (base64 ? meta.slice(0, -7) : meta) || 'text/plain;charset=US-ASCII';
  const bytes = base64 ? Buffer.from(decodeURIComponent(body), 'base64') : Buffer.from(decodeURIComponent(body), 'utf8');
  const Response = (globalThis as unknown as { Response: new (body: Uint8Array, init: { headers: Record<string, string> }) => unknown }).Response;
  return new Response(new Uint8Array(bytes), { headers: { 'content-type': type } });
}
export const global = globalThis;
export const setImmediate = (fn: (...args: unknown[]) => void, ...args: unknown[]): unknown => setTimeout(fn, 0, ...args);
export const clearImmediate = (id: unknown): void => clearTimeout(id as number);
