/**
 * Temporary, until the protocol layer (host/protocol) is on SDK v2: the
 * HTTP transport takes v2 servers, and the protocol layer still makes a v1
 * one. A legacy session's v2 `Server` here only hands its transport to the
 * v1 server (the transport is the v2 node one; the message shapes of the
 * 2025 era are the same). The 2026-07-28 factory answers `server/discover`
 * and nothing else (-32601): the real one comes with the v2 protocol layer.
 */
import type { Server as V1Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport as V1Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { Server, type McpServerFactory } from '@modelcontextprotocol/server';
import type { Backend } from '../../host/backend/backend.js';

/** A v2 face for a v1 server that serves one 2025 session. */
export function legacySessionServer(v1: V1Server, backend: Backend): Server {
  const face = new Server(backend.serverInfo(), { capabilities: {} });
  face.connect = (transport) => v1.connect(transport as unknown as V1Transport);
  face.close = () => v1.close();
  return face;
}

/** The 2026-07-28 factory until the v2 protocol layer: discovery only. */
export const discoveryOnlyFactory =
  (backend: Backend): McpServerFactory =>
  () =>
    new Server(backend.serverInfo(), { capabilities: {}, instructions: backend.instructions() });
