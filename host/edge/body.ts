/**
 * A POST body on a Worker, read once and checked before the SDK sees it, as
 * the Node host's endpoint does (transports/http.ts): over the size cap,
 * 413 (kept no further than the cap: an isolate has 128 MB; the rest read
 * off and dropped); nested deeper
 * than MAX_MESSAGE_DEPTH, 400 -32600 (the SDK's schemas recurse over what is
 * parsed); not JSON, 400 -32700. The parsed value goes to the SDK as
 * `parsedBody`, so the body is held once.
 */
import { jsonDepth } from '../json-depth.js';
import { MAX_MESSAGE_DEPTH, messageTooDeep, messageTooLarge } from '../transports/limits.js';

export type Body = { ok: true; value: unknown } | { ok: false; response: Response };

/** A JSON POST's body parsed, or the answer refusing it; undefined for a request the SDK answers by itself (not a JSON POST). */
export async function readBody(request: Request, maxBytes: number): Promise<Body | undefined> {
  if (request.method !== 'POST' || !/^application\/json\b/i.test(request.headers.get('content-type') ?? '') || !request.body) return undefined;
  const reader = request.body.getReader();
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) return drained(reader, refuse(413, -32600, messageTooLarge(maxBytes)));
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let read: { done: boolean; value?: Uint8Array };
    try {
      read = await reader.read();
    } catch (err) {
      return refuse(400, -32600, `Invalid Request: the body could not be read (${(err as Error)?.message ?? String(err)})`);
    }
    if (read.done || !read.value) break;
    size += read.value.byteLength;
    if (size > maxBytes) return drained(reader, refuse(413, -32600, messageTooLarge(maxBytes)));
    chunks.push(read.value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) bytes.set(c, (at += c.byteLength) - c.byteLength);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse(400, -32700, 'Parse error: the body is not UTF-8');
  }
  if (jsonDepth(text) > MAX_MESSAGE_DEPTH) return refuse(400, -32600, messageTooDeep());
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return refuse(400, -32700, `Parse error: ${(err as Error).message}`);
  }
}

/** Past this, a refused body is no longer read off: the connection is cut. */
const MAX_DRAINED_BYTES = 64 * 1024 * 1024;

/**
 * Read off and drop the rest of a refused body before answering, as the Node
 * host does: a client still sending when the answer comes and the connection
 * closes sees a broken pipe instead of the 413. Held: nothing.
 */
async function drained(reader: { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> }, answer: Body): Promise<Body> {
  let dropped = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      dropped += value?.byteLength ?? 0;
      if (dropped > MAX_DRAINED_BYTES) {
        await reader.cancel();
        break;
      }
    }
  } catch {
    // the client went away: nothing to answer it
  }
  return answer;
}

export function jsonRpcError(status: number, code: number, message: string, id: string | number | null = null): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id }), { status, headers: { 'content-type': 'application/json' } });
}

const refuse = (status: number, code: number, message: string): Body => ({ ok: false, response: jsonRpcError(status, code, message) });
