/**
 * Errors across the component boundary, both ways: a guest's WIT `error` as
 * a JSON-RPC error (the table is in wit/README.md), a client's JSON-RPC error
 * as the WIT error a guest sees, and a failed tool as an `isError` result.
 */
import { MissingRequiredClientCapabilityError, ProtocolErrorCode, ProtocolError } from '@modelcontextprotocol/server';
import type { CallToolResult, ClientCapabilities } from '@modelcontextprotocol/server';
import type { WitError } from '../worker/messages.js';
import { parseJsonBytes } from './wit-convert.js';

/** JSON-RPC's request timeout (-32001): SDK v1 named it, v2 has no name for it. */
const REQUEST_TIMEOUT = -32001;

/** WIT error code → JSON-RPC code (non-standard ones where JSON-RPC has none). */
const JSONRPC_CODES: Record<string, number> = {
  'invalid-request': ProtocolErrorCode.InvalidRequest,
  'method-not-found': ProtocolErrorCode.MethodNotFound,
  'invalid-params': ProtocolErrorCode.InvalidParams,
  'internal-error': ProtocolErrorCode.InternalError,
  'resource-not-found': -32002,
  'tool-not-found': ProtocolErrorCode.InvalidParams,
  'prompt-not-found': ProtocolErrorCode.InvalidParams,
  unauthorized: -32010,
  forbidden: -32011,
  timeout: REQUEST_TIMEOUT,
  'rate-limited': -32012,
  unavailable: -32013,
};

/** JSON-RPC codes the client may answer with → the WIT code the guest sees. */
const WIT_CODES: Record<number, string> = {
  [ProtocolErrorCode.MethodNotFound]: 'method-not-found',
  [ProtocolErrorCode.InvalidParams]: 'invalid-params',
  [ProtocolErrorCode.InvalidRequest]: 'invalid-request',
  [REQUEST_TIMEOUT]: 'timeout',
};

/** Bytes of the capabilities a missing-client-capability error names: a handful of small objects. */
const MAX_CAPABILITY_BYTES = 64 * 1024;

export function witErrorToMcp(error: WitError): ProtocolError {
  if (error.code === 'missing-client-capability') return missingCapability(error);
  let data: unknown;
  try {
    data = error.data ? parseJsonBytes(error.data) : undefined;
  } catch {
    data = undefined; // not JSON: the client gets the code and message
  }
  const code = Object.hasOwn(JSONRPC_CODES, error.code) ? JSONRPC_CODES[error.code]! : ProtocolErrorCode.InternalError;
  return new ProtocolError(code, String(error.message), data);
}

/**
 * -32021, whose data MCP defines: `{ requiredCapabilities: ClientCapabilities }`.
 * The guest's `data` must be that ClientCapabilities object (each named
 * capability an object); anything else is the component's fault, not the client's.
 */
function missingCapability(error: WitError): ProtocolError {
  let required: unknown;
  try {
    if (error.data && error.data.byteLength <= MAX_CAPABILITY_BYTES) required = parseJsonBytes(error.data);
  } catch {
    required = undefined;
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(required) || Object.keys(required).length === 0 || !Object.values(required).every(isObject)) {
    return new ProtocolError(
      ProtocolErrorCode.InternalError,
      `the component answered missing-client-capability without naming the capabilities as a ClientCapabilities JSON object (e.g. {"sampling":{}}): ${String(error.message)}`,
    );
  }
  return new MissingRequiredClientCapabilityError({ requiredCapabilities: required as ClientCapabilities }, String(error.message));
}

/** A client's (or the host's) error as the WIT error a guest sees. */
export function mcpErrorToWit(err: unknown): { code: string; message: string } {
  const code = err instanceof ProtocolError ? (WIT_CODES[err.code] ?? 'internal-error') : 'internal-error';
  // ProtocolError prefixes "MCP error <code>: "; the guest has the code already.
  const message = err instanceof Error ? err.message.replace(/^MCP error -?\d+: /, '') : String(err);
  return { code, message };
}

export function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
