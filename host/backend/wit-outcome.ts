/**
 * A handler's answer (call-tool, read-resource, get-prompt) as the host gets
 * it from the guest, and the request context the guest gets, for MCP's
 * multi-round-trip requests (wit/README.md, "Input required").
 *
 * Two WIT shapes are served: a component built against wasi:mcp before
 * input-required existed returns the bare result record; a newer one returns
 * a `*-outcome` variant (`{ tag: 'complete' | 'input-required', val }`). No
 * result record has a `tag` field, so the shape tells them apart.
 *
 * Every value comes from the guest and is hostile: an input-required answer
 * is checked whole here (keys, count, method, params as MCP defines them,
 * sizes) and anything wrong is an `Error` whose message says what, which the
 * backend turns into a tool error or a JSON-RPC error. Nothing here throws
 * anything but that.
 */
import { CreateMessageRequestParamsSchema, ElicitRequestParamsSchema } from '@modelcontextprotocol/core';
import { jsonDepth, MAX_JSON_DEPTH } from '../worker/runtime-imports.js';
import type { CallContext, InputRequest, InputRequired } from './backend.js';
import { jsonBytes } from './wit-convert.js';

/** Requests in one input-required answer: MCP sets no number; a handler needing more is asking too much of one user at once. */
export const MAX_INPUT_REQUESTS = 16;
/** Characters of one key (MCP's name charset, as for tool names). */
export const MAX_INPUT_KEY_CHARS = 64;
/** Bytes of one request's params: an elicitation schema or a sampling prompt; far above a sensible one. */
export const MAX_INPUT_PARAMS_BYTES = 1024 * 1024;
/** Bytes of a handler's own state: it travels to the client and back on every round. */
export const MAX_STATE_BYTES = 64 * 1024;

const KEY = /^[A-Za-z0-9_.-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The guest's answer: its result (still WIT-shaped), or what it needs first. */
export type WitOutcome = { kind: 'complete'; value: unknown } | InputRequired;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Throws an Error naming what is wrong. */
export function outcomeFromWit(value: unknown): WitOutcome {
  if (!isRecord(value) || !('tag' in value)) return { kind: 'complete', value }; // built before outcomes existed
  if (value.tag === 'complete') return { kind: 'complete', value: value.val };
  if (value.tag === 'input-required') return inputRequiredFromWit(value.val);
  throw new Error(`unknown outcome ${quote(value.tag)} (complete or input-required)`);
}

function inputRequiredFromWit(val: unknown): InputRequired {
  if (!isRecord(val) || !Array.isArray(val.requests)) throw new Error('input-required is not { requests, state }');
  const list: unknown[] = val.requests;
  if (list.length > MAX_INPUT_REQUESTS) throw new Error(`input-required has ${list.length} requests, over the limit of ${MAX_INPUT_REQUESTS}`);
  const requests: Record<string, InputRequest> = {};
  for (const entry of list) {
    if (!Array.isArray(entry) || entry.length !== 2) throw new Error('an input request is not a (key, request) pair');
    const [key, request] = entry as [unknown, unknown];
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_INPUT_KEY_CHARS || !KEY.test(key)) {
      throw new Error(`input request key ${quote(key)} is not 1 to ${MAX_INPUT_KEY_CHARS} characters of A-Z a-z 0-9 _ . -`);
    }
    if (Object.hasOwn(requests, key)) throw new Error(`input request key "${key}" appears twice`);
    requests[key] = inputRequestFromWit(key, request);
  }
  const state = val.state;
  if (state !== undefined && !(state instanceof Uint8Array)) throw new Error('input-required state is not bytes');
  if (state && state.byteLength > MAX_STATE_BYTES) throw new Error(`input-required state is ${state.byteLength} bytes, over the limit of ${MAX_STATE_BYTES}`);
  if (list.length === 0 && state === undefined) throw new Error('input-required has neither requests nor state');
  return state === undefined ? { kind: 'input-required', requests } : { kind: 'input-required', requests, state };
}

function inputRequestFromWit(key: string, request: unknown): InputRequest {
  const { tag, val } = (isRecord(request) ? request : {}) as { tag?: unknown; val?: unknown };
  const what = `input request "${key}"`;
  switch (tag) {
    case 'elicit':
      return { method: 'elicitation/create', params: checkedParams(`${what} (elicitation/create)`, val, ElicitRequestParamsSchema) };
    case 'create-message':
      return { method: 'sampling/createMessage', params: checkedParams(`${what} (sampling/createMessage)`, val, CreateMessageRequestParamsSchema) };
    case 'list-roots':
      return val === undefined ? { method: 'roots/list' } : { method: 'roots/list', params: jsonObject(`${what} (roots/list)`, val) };
    default:
      throw new Error(`${what} has unknown method ${quote(tag)} (elicit, create-message or list-roots)`);
  }
}

interface Schema {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/** JSON object bytes that are the method's params as MCP defines them; the guest's own object is kept (unknown keys too). */
function checkedParams(what: string, bytes: unknown, schema: Schema): Record<string, unknown> {
  const params = jsonObject(what, bytes);
  let parsed: ReturnType<Schema['safeParse']>;
  try {
    parsed = schema.safeParse(params);
  } catch (err) {
    throw new Error(`${what}: the params could not be checked (${(err as Error)?.message ?? String(err)})`);
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
    throw new Error(`${what}: the params are not what MCP defines${at}: ${issue?.message ?? 'invalid'}`);
  }
  return params;
}

function jsonObject(what: string, bytes: unknown): Record<string, unknown> {
  if (!(bytes instanceof Uint8Array)) throw new Error(`${what}: the params are not bytes`);
  if (bytes.byteLength > MAX_INPUT_PARAMS_BYTES) throw new Error(`${what}: the params are ${bytes.byteLength} bytes, over the limit of ${MAX_INPUT_PARAMS_BYTES}`);
  let text: string;
  let value: unknown;
  try {
    text = utf8.decode(bytes);
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`${what}: the params are not valid JSON (${(err as Error).message})`);
  }
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new Error(`${what}: the params nest deeper than ${MAX_JSON_DEPTH} levels`);
  if (!isRecord(value)) throw new Error(`${what}: the params are not a JSON object`);
  return value;
}

const quote = (v: unknown): string => JSON.stringify(typeof v === 'string' ? v.slice(0, 80) : String(v).slice(0, 80));

/** jco's shape of request-context. A component built before its last three fields reads only `progressToken`. */
export interface WitRequestContext {
  progressToken?: string;
  clientCapabilities?: Uint8Array;
  inputResponses: [string, Uint8Array][];
  state?: Uint8Array;
}

/** What the guest learns of the request. */
export function requestContext(ctx: CallContext): WitRequestContext {
  const responses = Object.entries(ctx.inputResponses ?? {}).filter(([, v]) => v !== undefined);
  return {
    progressToken: ctx.progressToken === undefined ? undefined : String(ctx.progressToken),
    clientCapabilities: ctx.clientCapabilities ? jsonBytes(ctx.clientCapabilities) : undefined,
    inputResponses: responses.map(([key, value]) => [key, jsonBytes(value)]),
    state: ctx.state,
  };
}

/** The input-required answer as JSON, for the size cap on results. */
export function inputRequiredSize(answer: InputRequired): number {
  const state = answer.state ? Math.ceil(answer.state.byteLength / 3) * 4 : 0; // base64 on the wire
  return Buffer.byteLength(JSON.stringify(answer.requests)) + state;
}
