/**
 * Input required (MCP's multi-round-trip requests), between the guest's WIT
 * values and the Backend's (wit/README.md, "Input required"): what a handler
 * gave `runtime.ask-input` → `InputRequired`, and the request's input
 * (client capabilities, the answers, the state) → what
 * `runtime.get-request-input` answers.
 *
 * The guest's answer is checked whole here again, whatever the worker
 * checked: structure and sizes (worker/input-check.ts), then that each
 * params value is what MCP defines for its method (the SDK's schemas). A bad
 * answer is an Error whose message says what, which the backend turns into a
 * tool error or a JSON-RPC error; nothing here throws anything else.
 */
import { CreateMessageRequestParamsSchema, ElicitRequestParamsSchema } from '@modelcontextprotocol/core';
import { checkInputRequired } from '../worker/input-check.js';
import type { WitRequestInput } from '../worker/messages.js';
import type { CallContext, InputRequest, InputRequired } from './backend.js';
import { jsonBytes } from './wit-convert.js';

interface Schema {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

const SCHEMAS: Partial<Record<InputRequest['method'], Schema>> = {
  'elicitation/create': ElicitRequestParamsSchema,
  'sampling/createMessage': CreateMessageRequestParamsSchema,
};

/** The guest's `input-required` value → InputRequired; throws an Error naming what is wrong. */
export function inputRequiredFromWit(value: unknown): InputRequired {
  const checked = checkInputRequired(value);
  if (!checked.ok) throw new Error(checked.reason);
  const entries = checked.value.requests.map(({ key, method, params }): [string, InputRequest] => {
    const schema = SCHEMAS[method];
    if (schema) mcpShaped(`input request "${key}" (${method})`, params, schema);
    return [key, (params === undefined ? { method } : { method, params }) as InputRequest];
  });
  // fromEntries defines own properties: a key such as "__proto__" is a key like any other, not the prototype.
  const requests: Record<string, InputRequest> = Object.fromEntries(entries);
  const { state } = checked.value;
  return state === undefined ? { kind: 'input-required', requests } : { kind: 'input-required', requests, state };
}

/** The guest's own object is kept (unknown keys too): the schema only says it is what MCP defines. */
function mcpShaped(what: string, params: unknown, schema: Schema): void {
  let parsed: ReturnType<Schema['safeParse']>;
  try {
    parsed = schema.safeParse(params);
  } catch (err) {
    throw new Error(`${what}: the params could not be checked (${(err as Error)?.message ?? String(err)})`);
  }
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const at = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
  throw new Error(`${what}: the params are not what MCP defines${at}: ${issue?.message ?? 'invalid'}`);
}

/** What `runtime.get-request-input` answers during this request's handler call. */
export function requestInput(ctx: CallContext): WitRequestInput {
  const responses = Object.entries(ctx.inputResponses ?? {}).filter(([, v]) => v !== undefined);
  return {
    clientCapabilities: ctx.clientCapabilities ? jsonBytes(ctx.clientCapabilities) : undefined,
    inputResponses: responses.map(([key, value]) => [key, jsonBytes(value)]),
    state: ctx.state,
  };
}

/** Bytes of an input-required answer as it goes out (state in base64), for the cap on results. */
export function inputRequiredSize(answer: InputRequired): number {
  const state = answer.state ? Math.ceil(answer.state.byteLength / 3) * 4 : 0;
  return Buffer.byteLength(JSON.stringify(answer.requests)) + state;
}
