/**
 * Raw 2026-07-28 requests over Streamable HTTP: one POST per request, no
 * session, the headers the spec asks for (MCP-Protocol-Version, Mcp-Method,
 * Mcp-Name mirroring params.name / params.uri) and the `_meta` envelope. For
 * what the SDK client hides: which process answered, the exact requestState,
 * a tampered one. The answer is JSON or an SSE stream (notifications first,
 * the response last); both are read.
 */
import { MODERN, withEnvelope, type Json } from './envelope.js';

export interface RawAnswer {
  status: number;
  /** The JSON-RPC response to this request (undefined if none came). */
  response?: Json;
  /** Notifications that came on the request's stream before the response. */
  notifications: Json[];
}

let nextId = 1;

/** The body field `Mcp-Name` mirrors, by method (SEP-2243). */
const NAME_FIELD: Record<string, string> = { 'tools/call': 'name', 'prompts/get': 'name', 'resources/read': 'uri' };

export async function post(url: string, method: string, params: Json = {}, opts: { meta?: Json; capabilities?: Json; headers?: Record<string, string> } = {}): Promise<RawAnswer> {
  const id = nextId++;
  const body = { jsonrpc: '2.0', id, method, params: withEnvelope(params, opts.meta, opts.capabilities) };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': MODERN,
    'mcp-method': method,
  };
  const nameField = NAME_FIELD[method];
  if (nameField && typeof params[nameField] === 'string') headers['mcp-name'] = params[nameField];
  const res = await fetch(url, { method: 'POST', headers: { ...headers, ...opts.headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(60_000) });
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
