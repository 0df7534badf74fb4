/**
 * Errors across the component boundary, both ways: a guest's WIT `error` as
 * a JSON-RPC error (the table is in wit/README.md), a client's JSON-RPC error
 * as the WIT error a guest sees, and a failed tool as an `isError` result.
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { WitError } from '../worker/messages.js';
import { parseJsonBytes } from './wit-convert.js';

/** WIT error code → JSON-RPC code (non-standard ones where JSON-RPC has none). */
const JSONRPC_CODES: Record<string, number> = {
  'invalid-request': ErrorCode.InvalidRequest,
  'method-not-found': ErrorCode.MethodNotFound,
  'invalid-params': ErrorCode.InvalidParams,
  'internal-error': ErrorCode.InternalError,
  'resource-not-found': -32002,
  'tool-not-found': ErrorCode.InvalidParams,
  'prompt-not-found': ErrorCode.InvalidParams,
  unauthorized: -32010,
  forbidden: -32011,
  timeout: ErrorCode.RequestTimeout,
  'rate-limited': -32012,
  unavailable: -32013,
};

/** JSON-RPC codes the client may answer with → the WIT code the guest sees. */
const WIT_CODES: Record<number, string> = {
  [ErrorCode.MethodNotFound]: 'method-not-found',
  [ErrorCode.InvalidParams]: 'invalid-params',
  [ErrorCode.InvalidRequest]: 'invalid-request',
  [ErrorCode.RequestTimeout]: 'timeout',
};

export function witErrorToMcp(error: WitError): McpError {
  let data: unknown;
  try {
    data = error.data ? parseJsonBytes(error.data) : undefined;
  } catch {
    data = undefined; // not JSON: the client gets the code and message
  }
  const code = Object.hasOwn(JSONRPC_CODES, error.code) ? JSONRPC_CODES[error.code]! : ErrorCode.InternalError;
  return new McpError(code, String(error.message), data);
}

/** A client's (or the host's) error as the WIT error a guest sees. */
export function mcpErrorToWit(err: unknown): { code: string; message: string } {
  const code = err instanceof McpError ? (WIT_CODES[err.code] ?? 'internal-error') : 'internal-error';
  // McpError prefixes "MCP error <code>: "; the guest has the code already.
  const message = err instanceof Error ? err.message.replace(/^MCP error -?\d+: /, '') : String(err);
  return { code, message };
}

export function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
