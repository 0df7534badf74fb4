/**
 * Asking the client for input without blocking (MCP's multi-round-trip
 * requests, 2026-07-28): a handler returns `inputRequired(...)` with the
 * requests it needs answered, by key, and optionally state of its own; the
 * host gets them answered (embedded in the result for a 2026 client, as
 * server-to-client requests for a 2025 one) and calls the handler again
 * with the same arguments, `ctx.inputResponses` and `ctx.state`.
 *
 *   run: (_args, ctx) => {
 *     const name = acceptedContent(ctx.inputResponses.user_name)?.name;
 *     if (typeof name === 'string') return `Hello, ${name}!`;
 *     return inputRequired({ requests: { user_name: elicit('What is your name?', {
 *       type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }) } });
 *   }
 *
 * The responses come from the client: check them before use (the helpers
 * below return undefined for anything not of the right shape).
 */
import type { InputRequest, InputRequired } from 'wasi:mcp/runtime@0.1.0';
import { jsonBytes } from './content.js';
import type { JsonObject, SamplingParams } from './specs.js';

/** One request for the client, as MCP names it; build with elicit, createMessage or listRoots. */
export type InputRequestSpec =
  | { method: 'elicitation/create'; params: JsonObject }
  | { method: 'sampling/createMessage'; params: JsonObject }
  | { method: 'roots/list'; params?: JsonObject };

/** elicitation/create in form mode: ask the user for fields described by a flat JSON Schema object. */
export function elicit(message: string, requestedSchema: JsonObject): InputRequestSpec {
  return { method: 'elicitation/create', params: { message, requestedSchema } };
}

/** elicitation/create in URL mode: send the user to a page (the client shows `url`). */
export function elicitUrl(message: string, url: string): InputRequestSpec {
  return { method: 'elicitation/create', params: { mode: 'url', message, url } };
}

/** sampling/createMessage: ask the client's model. */
export function createMessage(params: SamplingParams): InputRequestSpec {
  return { method: 'sampling/createMessage', params: params as JsonObject };
}

/** roots/list: the client's roots. */
export function listRoots(): InputRequestSpec {
  return { method: 'roots/list' };
}

/** Keys: MCP's name characters; the host refuses others (and more than 16 requests, and state over 64 KiB). */
const KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/** A handler's answer asking for input; return it from a tool, a resource read or a prompt. */
export class InputRequiredAnswer {
  constructor(
    readonly requests: Readonly<Record<string, InputRequestSpec>>,
    readonly state: Uint8Array | undefined,
  ) {}
}

export interface InputRequiredSpec {
  /** What to ask, by key; the answers come back in `ctx.inputResponses` under the same keys. */
  requests?: Record<string, InputRequestSpec>;
  /**
   * Comes back unchanged as `ctx.state` (bytes; a string as UTF-8, an object
   * as JSON). Signed by the host, so the client cannot change it, but not
   * encrypted: the client can read it. At most 64 KiB.
   */
  state?: Uint8Array | string | JsonObject;
}

/** Ask the client for input before answering. Throws a TypeError for a key the host would refuse. */
export function inputRequired(spec: InputRequiredSpec): InputRequiredAnswer {
  const requests = spec.requests ?? {};
  for (const key of Object.keys(requests)) {
    if (!KEY.test(key)) throw new TypeError(`input request key "${key.slice(0, 80)}" must be 1 to 64 characters of A-Z a-z 0-9 _ . -`);
  }
  const { state } = spec;
  const bytes = state === undefined || state instanceof Uint8Array ? state : typeof state === 'string' ? new TextEncoder().encode(state) : jsonBytes(state);
  if (Object.keys(requests).length === 0 && bytes === undefined) throw new TypeError('inputRequired needs requests, state, or both');
  return new InputRequiredAnswer(requests, bytes);
}

/** The WIT value of an answer (what `runtime.askInput` takes). */
export function inputRequiredToWit(answer: InputRequiredAnswer): InputRequired {
  return {
    requests: Object.entries(answer.requests).map(([key, r]): [string, InputRequest] => [key, inputRequestToWit(r)]),
    state: answer.state,
  };
}

function inputRequestToWit(r: InputRequestSpec): InputRequest {
  switch (r.method) {
    case 'elicitation/create':
      return { tag: 'elicit', val: jsonBytes(r.params) };
    case 'sampling/createMessage':
      return { tag: 'create-message', val: jsonBytes(r.params) };
    case 'roots/list':
      return { tag: 'list-roots', val: r.params === undefined ? undefined : jsonBytes(r.params) };
    default:
      throw new TypeError(`unknown input request method ${JSON.stringify(String((r as { method?: unknown }).method))}`);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An elicitation answer's fields when the user accepted; undefined for a decline, a cancel, or anything malformed. */
export function acceptedContent(response: unknown): Record<string, unknown> | undefined {
  if (!isRecord(response) || response.action !== 'accept') return undefined;
  return isRecord(response.content) ? response.content : {};
}

/** The text a sampling answer carries; undefined when it is not a CreateMessageResult with text content. */
export function sampledText(response: unknown): string | undefined {
  if (!isRecord(response)) return undefined;
  const content = Array.isArray(response.content) ? response.content.find((c) => isRecord(c) && c.type === 'text') : response.content;
  return isRecord(content) && content.type === 'text' && typeof content.text === 'string' ? content.text : undefined;
}

/** The roots a roots/list answer carries; undefined when it is not a ListRootsResult. */
export function rootsOf(response: unknown): { uri: string; name?: string }[] | undefined {
  if (!isRecord(response) || !Array.isArray(response.roots)) return undefined;
  const roots = response.roots.filter((r): r is { uri: string; name?: string } => isRecord(r) && typeof r.uri === 'string');
  return roots.length === response.roots.length ? roots.map((r) => (typeof r.name === 'string' ? { uri: r.uri, name: r.name } : { uri: r.uri })) : undefined;
}

/** MCP's ClientCapabilities, as the client declared them. */
export type ClientCapabilities = Record<string, unknown> & {
  sampling?: JsonObject;
  elicitation?: JsonObject;
  roots?: JsonObject;
  experimental?: JsonObject;
};

/**
 * Throw from a handler when the request needs a client capability the
 * client did not declare (`ctx.clientCapabilities`): the client gets MCP's
 * MissingRequiredClientCapabilityError (-32021) naming them.
 */
export class MissingClientCapability {
  readonly capabilities: ClientCapabilities;
  constructor(
    capabilities: string[] | ClientCapabilities,
    readonly message = `this request needs the client capabilities ${(Array.isArray(capabilities) ? capabilities : Object.keys(capabilities)).join(', ')}`,
  ) {
    this.capabilities = Array.isArray(capabilities) ? Object.fromEntries(capabilities.map((c) => [c, {}])) : capabilities;
  }
}
