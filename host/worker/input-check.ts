/**
 * The structural check of what a guest gives `runtime.ask-input` (its WIT
 * `input-required` value): keys, count, methods, params that are JSON
 * objects, sizes. Pure and dependency-free, so the instance worker refuses a
 * bad answer at the guest's call (it gets the reason as its error) and the
 * main thread checks the same value again before it uses it (it trusts
 * nothing that crossed from the worker's guest side). Whether the params are
 * what MCP defines is checked on the main thread (backend/wit-outcome.ts).
 */

import { jsonDeeperThan } from '../json-depth.js';

/** Requests in one answer: MCP sets no number; more is asking too much of one user at once. */
export const MAX_INPUT_REQUESTS = 16;
/** Characters of one key (MCP's name characters, as for tool names). */
export const MAX_INPUT_KEY_CHARS = 64;
/** Bytes of one request's params: an elicitation schema or a sampling prompt; far above a sensible one. */
export const MAX_INPUT_PARAMS_BYTES = 1024 * 1024;
/** Bytes of a handler's own state: it travels to the client and back on every round. */
export const MAX_STATE_BYTES = 64 * 1024;
/** Nesting of the params JSON: deeper would overflow the stack of whoever serializes it. */
export const MAX_INPUT_DEPTH = 64;

export type InputMethod = 'elicitation/create' | 'sampling/createMessage' | 'roots/list';

export interface CheckedInput {
  requests: { key: string; method: InputMethod; params?: Record<string, unknown> }[];
  state?: Uint8Array;
}

const KEY = /^[A-Za-z0-9_.-]+$/;
const METHODS: Record<string, InputMethod> = { elicit: 'elicitation/create', 'create-message': 'sampling/createMessage', 'list-roots': 'roots/list' };
const utf8 = new TextDecoder('utf-8', { fatal: true });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const quote = (v: unknown): string => JSON.stringify(String(v).slice(0, 80));

/** Checked and parsed, or why not (one line). Never throws. */
export function checkInputRequired(value: unknown): { ok: true; value: CheckedInput } | { ok: false; reason: string } {
  try {
    return { ok: true, value: checked(value) };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

function checked(value: unknown): CheckedInput {
  if (!isRecord(value) || !Array.isArray(value.requests)) throw new Error('input-required is not { requests, state }');
  const list: unknown[] = value.requests;
  if (list.length > MAX_INPUT_REQUESTS) throw new Error(`input-required has ${list.length} requests, over the limit of ${MAX_INPUT_REQUESTS}`);
  const seen = new Set<string>();
  const requests: CheckedInput['requests'] = [];
  for (const entry of list) {
    if (!Array.isArray(entry) || entry.length !== 2) throw new Error('an input request is not a (key, request) pair');
    const [key, request] = entry as [unknown, unknown];
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_INPUT_KEY_CHARS || !KEY.test(key)) {
      throw new Error(`input request key ${quote(key)} is not 1 to ${MAX_INPUT_KEY_CHARS} characters of A-Z a-z 0-9 _ . -`);
    }
    if (seen.has(key)) throw new Error(`input request key "${key}" appears twice`);
    seen.add(key);
    const { tag, val } = (isRecord(request) ? request : {}) as { tag?: unknown; val?: unknown };
    const method = typeof tag === 'string' && Object.hasOwn(METHODS, tag) ? METHODS[tag]! : undefined;
    if (!method) throw new Error(`input request "${key}" has unknown method ${quote(tag)} (elicit, create-message or list-roots)`);
    const what = `input request "${key}" (${method})`;
    if (method === 'roots/list' && val === undefined) requests.push({ key, method });
    else requests.push({ key, method, params: jsonObject(what, val) });
  }
  const state = value.state;
  if (state !== undefined && !(state instanceof Uint8Array)) throw new Error('input-required state is not bytes');
  if (state && state.byteLength > MAX_STATE_BYTES) throw new Error(`input-required state is ${state.byteLength} bytes, over the limit of ${MAX_STATE_BYTES}`);
  if (list.length === 0 && state === undefined) throw new Error('input-required has neither requests nor state');
  return state === undefined ? { requests } : { requests, state };
}

function jsonObject(what: string, bytes: unknown): Record<string, unknown> {
  if (!(bytes instanceof Uint8Array)) throw new Error(`${what}: the params are not bytes`);
  if (bytes.byteLength > MAX_INPUT_PARAMS_BYTES) throw new Error(`${what}: the params are ${bytes.byteLength} bytes, over the limit of ${MAX_INPUT_PARAMS_BYTES}`);
  const parsed = parseJson(bytes, MAX_INPUT_DEPTH);
  if ('invalid' in parsed) throw new Error(`${what}: the params are not valid JSON (${parsed.invalid})`);
  if ('tooDeep' in parsed) throw new Error(`${what}: the params nest deeper than ${MAX_INPUT_DEPTH} levels`);
  const value = parsed.value;
  if (!isRecord(value)) throw new Error(`${what}: the params are not a JSON object`);
  return value;
}

/** Guest bytes as JSON: valid UTF-8 and JSON (else `invalid`, the parser's reason), nested at most `maxDepth` deep (else `tooDeep`). */
export function parseJson(bytes: Uint8Array, maxDepth: number): { value: unknown } | { invalid: string } | { tooDeep: true } {
  let text: string;
  let value: unknown;
  try {
    text = utf8.decode(bytes);
    value = JSON.parse(text);
  } catch (err) {
    return { invalid: (err as Error).message };
  }
  if (jsonDeeperThan(text, maxDepth)) return { tooDeep: true };
  return { value };
}

