/**
 * Multi-round-trip requests (MRTR, MCP 2026-07-28): a handler that needs
 * input from the client answers "input required" with what it asks and
 * state of its own, and is called again with the answers and the state.
 *
 * The state travels through the client, so the host seals it: the SDK's
 * request-state codec (HMAC-SHA256 with a key from --state-key, random per
 * process by default; a TTL; bound to the method). Inside the seal the host
 * records which request it belongs to (method, name or URI, a hash of the
 * arguments), which input requests were made (key → method), a nonce, and
 * the component's own bytes. On the next round:
 * - a state for another request (other tool, other arguments) is refused;
 * - a state used once already on this process is refused (replay); across
 *   processes only the TTL bounds a replay, since nothing is shared;
 * - only answers to requests that were made, of the kind that was asked,
 *   reach the component; any other is dropped and logged.
 * The state is signed, not encrypted: the client can read the component's
 * bytes. Both eras go through here: a 2025 client gets the same input
 * requests as server-to-client requests from the SDK's legacy shim, which
 * calls the handler again the same way.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  createRequestStateCodec,
  inputRequired,
  inputResponse,
  ProtocolError,
  ProtocolErrorCode,
  type InputRequiredResult,
  type InputRequests,
  type RequestStateCodec,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { InputRequest, InputRequired } from '../backend/backend.js';

export type ResumableMethod = 'tools/call' | 'prompts/get' | 'resources/read';

/** The request a round belongs to: a state is good for this one only. */
export interface RoundTarget {
  method: ResumableMethod;
  /** Tool or prompt name, or resource URI. */
  name: string;
  arguments?: unknown;
}

interface HostState {
  v: 1;
  /** sha256 over method, name and canonical arguments. */
  h: string;
  /** The input requests made, by key. */
  k: Record<string, InputRequest['method']>;
  /** The component's own state, base64. */
  s?: string;
  /** Nonce: a state is spent when used. */
  n: string;
}

export interface InputRequiredOptions {
  /** At least 32 bytes (the SDK's codec refuses less). */
  key: Uint8Array;
  /** How long a state stays good, seconds. */
  ttlSeconds: number;
  log: (line: string) => void;
}

/** The least key length, bytes. */
export const MIN_STATE_KEY_BYTES = 32;
export const DEFAULT_STATE_TTL_SECONDS = 600;
/** Spent nonces remembered at most (oldest forgotten first; each is forgotten anyway when its state expires). */
const MAX_SPENT = 100_000;

const RESPONSE_KIND: Record<InputRequest['method'], string> = {
  'elicitation/create': 'elicit',
  'sampling/createMessage': 'sampling',
  'roots/list': 'roots',
};

/** What a later round hands the backend. */
export interface Resumed {
  inputResponses?: Record<string, unknown>;
  state?: Uint8Array;
}

export class InputRequiredRounds {
  private readonly codec: RequestStateCodec<HostState>;
  /** nonce → expiry (ms since epoch), in insertion order. */
  private readonly spent = new Map<string, number>();

  constructor(private readonly options: InputRequiredOptions) {
    this.codec = createRequestStateCodec<HostState>({ key: options.key, ttlSeconds: options.ttlSeconds, bind: (ctx) => ctx.mcpReq.method });
  }

  /** For `ServerOptions.requestState.verify`: the SDK refuses a bad seal with -32602 before any handler runs. */
  readonly verify = (state: string, ctx: ServerContext): Promise<HostState> => this.codec.verify(state, ctx);

  /** The input-required answer of a handler, as the SDK's result, its state sealed. */
  async answer(answer: InputRequired, target: RoundTarget, ctx: ServerContext): Promise<InputRequiredResult> {
    // Keys are the component's: null-prototype objects, so "__proto__" is a key like any other.
    const kinds: HostState['k'] = Object.create(null) as HostState['k'];
    const inputRequests: InputRequests = Object.create(null) as InputRequests;
    for (const [key, request] of Object.entries(answer.requests)) {
      kinds[key] = request.method;
      inputRequests[key] = { method: request.method, params: request.params ?? {} } as InputRequests[string];
    }
    const payload: HostState = { v: 1, h: targetHash(target), k: kinds, n: randomBytes(16).toString('base64url') };
    if (answer.state) payload.s = Buffer.from(answer.state).toString('base64');
    return inputRequired({ inputRequests: Object.keys(inputRequests).length > 0 ? inputRequests : undefined, requestState: await this.codec.mint(payload, ctx) });
  }

  /**
   * The round this request continues, checked: its answers (only to what was
   * asked) and the component's state; nothing for a first round. Throws
   * Invalid params for a state of another request or one already used.
   */
  resume(ctx: ServerContext, target: RoundTarget): Resumed {
    const state = ctx.mcpReq.requestState<HostState>();
    const responses = ctx.mcpReq.inputResponses;
    if (state === undefined) {
      if (responses && Object.keys(responses).length > 0) this.options.log(`${target.method} ${target.name.slice(0, 200)}: input responses without a request state dropped`);
      return {};
    }
    if (typeof state !== 'object' || state === null || state.v !== 1 || state.h !== targetHash(target)) {
      throw refused('the request state belongs to another request (another tool, prompt, resource or other arguments)');
    }
    this.spend(state.n);
    const delivered: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const dropped: string[] = [];
    for (const [key, value] of Object.entries(responses ?? {})) {
      const asked = Object.hasOwn(state.k, key) ? state.k[key] : undefined;
      if (asked && inputResponse(responses, key).kind === RESPONSE_KIND[asked]) delivered[key] = value;
      else dropped.push(key);
    }
    // One line a request, however many: the keys are the client's.
    if (dropped.length > 0) {
      const named = dropped.slice(0, 3).map((k) => JSON.stringify(k.slice(0, 64))).join(', ');
      this.options.log(`${target.method} ${target.name.slice(0, 200)}: ${dropped.length} input response(s) dropped (${named}${dropped.length > 3 ? ', …' : ''}): not answers to what was asked`);
    }
    return { inputResponses: delivered, state: state.s === undefined ? undefined : new Uint8Array(Buffer.from(state.s, 'base64')) };
  }

  private spend(nonce: string): void {
    const now = Date.now();
    if (this.spent.has(nonce)) throw refused('the request state was used already (each one is good for one retry)');
    for (const [old, expiry] of this.spent) {
      if (expiry > now && this.spent.size < MAX_SPENT) break;
      this.spent.delete(old);
    }
    this.spent.set(nonce, now + this.options.ttlSeconds * 1000);
  }
}

function refused(why: string): ProtocolError {
  return new ProtocolError(ProtocolErrorCode.InvalidParams, `Invalid request state: ${why}`, { reason: 'invalid_request_state' });
}

function targetHash(target: RoundTarget): string {
  return createHash('sha256').update(canonicalJson([target.method, target.name, target.arguments ?? null])).digest('base64url');
}

/** JSON with object keys sorted, so equal arguments hash equal however the client ordered them. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
