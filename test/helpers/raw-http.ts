/**
 * Raw 2026-07-28 requests over Streamable HTTP, read to the end: one POST
 * per request, no session, the spec's headers and envelope (modern-http.ts),
 * any envelope key changed (envelope.ts). For
 * what the SDK client hides: which process answered, the exact requestState,
 * a tampered one. The answer is JSON or an SSE stream (notifications first,
 * the response last); both are read.
 */
import { withEnvelope, type Json } from './envelope.js';
import { modernRequest } from './modern-http.js';

export interface RawAnswer {
  status: number;
  /** The JSON-RPC response to this request (undefined if none came). */
  response?: Json;
  /** Notifications that came on the request's stream before the response. */
  notifications: Json[];
}

let nextId = 1;

/** `meta` adds to or overrides the envelope's keys; `headers` the spec's headers (modern-http.ts modernRequest). */
export async function post(url: string, method: string, params: Json = {}, opts: { meta?: Json; capabilities?: Json; headers?: Record<string, string> } = {}): Promise<RawAnswer> {
  const made = modernRequest(method, withEnvelope(params, opts.meta, opts.capabilities), nextId++);
  const res = await fetch(url, { method: 'POST', headers: { ...made.headers, ...opts.headers }, body: made.body, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  const messages = (res.headers.get('content-type') ?? '').includes('text/event-stream') ? sseMessages(text) : text ? [JSON.parse(text) as Json] : [];
  return {
    status: res.status,
    response: messages.find((m) => 'result' in m || 'error' in m),
    notifications: messages.filter((m) => 'method' in m && !('id' in m)),
  };
}

function sseMessages(text: string): Json[] {
  const out: Json[] = [];
  for (const event of text.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data.trim()) out.push(JSON.parse(data) as Json);
  }
  return out;
}

/** The result of an answer, or a failure saying what came instead. */
export function resultOf(answer: RawAnswer): Json {
  const result = answer.response?.result;
  if (result === undefined || result === null || typeof result !== 'object') {
    throw new Error(`expected a result, got HTTP ${answer.status} ${JSON.stringify(answer.response ?? null)}`);
  }
  return result as Json;
}

export const errorOf = (answer: RawAnswer): { code?: number; message?: string; data?: Json } | undefined =>
  answer.response?.error as { code?: number; message?: string; data?: Json } | undefined;
