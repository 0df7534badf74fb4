/**
 * The 2026-07-28 per-request `_meta` envelope with any key changed, for raw
 * clients (raw-client.ts over stdio, raw-http.ts over HTTP): modern-http.ts's
 * envelope, plus keys to add, drop or break. Required keys: protocolVersion and
 * clientCapabilities; clientInfo is optional; logLevel opts a request into
 * log notifications (spec 2026-07-28 basic/lifecycle, server/utilities/logging).
 */
import { envelope as baseEnvelope, MODERN } from './modern-http.js';

export { MODERN };
export const LEGACY = '2025-11-25';

export const PROTOCOL_VERSION_KEY = 'io.modelcontextprotocol/protocolVersion';
export const CLIENT_CAPABILITIES_KEY = 'io.modelcontextprotocol/clientCapabilities';
export const CLIENT_INFO_KEY = 'io.modelcontextprotocol/clientInfo';
export const LOG_LEVEL_KEY = 'io.modelcontextprotocol/logLevel';

export type Json = Record<string, unknown>;

/** An envelope; `extra` adds or overrides keys (a wrong version, a log level, a malformed value). */
export const envelope = (extra: Json = {}, capabilities: Json = {}): Json => ({ ...baseEnvelope(capabilities), ...extra });

/** `params` with an envelope in its `_meta` (next to any `_meta` keys it has, e.g. progressToken). */
export function withEnvelope(params: Json = {}, extra: Json = {}, capabilities: Json = {}): Json {
  const meta = (params._meta ?? {}) as Json;
  return { ...params, _meta: { ...meta, ...envelope(extra, capabilities) } };
}

/** A 2026 request line object. */
export const modernRequest = (id: number | string, method: string, params: Json = {}, extra: Json = {}, capabilities: Json = {}): Json => ({
  jsonrpc: '2.0',
  id,
  method,
  params: withEnvelope(params, extra, capabilities),
});
