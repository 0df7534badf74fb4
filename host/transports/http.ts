/**
 * MCP over Streamable HTTP: the SDK's StreamableHTTPServerTransport, one per
 * session, behind an express app on one endpoint (`/mcp`). This file owns
 * what the SDK leaves to the application: the session table, DNS-rebinding
 * protection (Host and Origin must name an allowed host; 403 otherwise), and
 * closing a session's server when the session ends (DELETE, or shutdown).
 *
 * It knows nothing of components: `openSession` makes the protocol server
 * for a new session (and says how to release it).
 */
import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { hostHeaderValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { NextFunction, Request, Response } from 'express';

export interface Session {
  server: Server;
  /** Release what the session held (its component instance, if it had its own). */
  release(): Promise<void>;
}

export interface HttpOptions {
  host: string;
  port: number;
  /** Host names accepted in Host and Origin headers (DNS-rebinding protection). */
  allowedHosts: string[];
  openSession: () => Promise<Session>;
  /**
   * A session with no request for this long is closed (clients that go away
   * without DELETE, which is most of them, would otherwise hold it forever).
   */
  sessionIdleMs: number;
  log: (line: string) => void;
}

export interface HttpEndpoint {
  url: string;
  /** Sessions now open. */
  sessions(): number;
  close(): Promise<void>;
}

const PATH = '/mcp';

export async function serveHttp(opts: HttpOptions): Promise<HttpEndpoint> {
  const { default: express } = await import('express');
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; session: Session; lastSeen: number }>();
  const sweep = setInterval(
    () => {
      const cutoff = Date.now() - opts.sessionIdleMs;
      for (const [id, open] of sessions) {
        if (open.lastSeen >= cutoff) continue;
        opts.log(`http: session ${id} idle for ${Math.round(opts.sessionIdleMs / 1000)} s, closed`);
        void open.transport.close();
      }
    },
    Math.min(opts.sessionIdleMs / 2, 60_000),
  );
  sweep.unref();
  const app = express();
  app.disable('x-powered-by');
  app.use(hostHeaderValidation(opts.allowedHosts));
  app.use(originValidation(opts.allowedHosts));
  app.use(express.json({ limit: '64mb' }));

  const jsonRpcError = (res: Response, status: number, code: number, message: string): void => {
    res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
  };

  app.all(PATH, async (req, res) => {
    const sessionId = req.header('mcp-session-id');
    try {
      if (sessionId) {
        const open = sessions.get(sessionId);
        if (!open) return jsonRpcError(res, 404, -32001, `Session not found: ${sessionId}. Start a new one with initialize`);
        open.lastSeen = Date.now();
        return await open.transport.handleRequest(req, res, req.body);
      }
      if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
        return jsonRpcError(res, 400, -32000, 'Bad Request: no mcp-session-id header; the first request of a session must be initialize');
      }
      const session = await opts.openSession();
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void sessions.set(id, { transport, session, lastSeen: Date.now() }),
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
        void session.release();
      };
      await session.server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (err) {
      opts.log(`http: ${(err as Error).message}`);
      if (!res.headersSent) jsonRpcError(res, 500, -32603, 'Internal error');
    }
  });
  // Bodies that are not JSON: a JSON-RPC parse error, not an HTML page.
  app.use((err: Error & { type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (err.type === 'entity.parse.failed') return jsonRpcError(res, 400, -32700, `Parse error: ${err.message}`);
    next(err);
  });

  const server = await new Promise<HttpServer>((resolve, reject) => {
    const listening = app.listen(opts.port, opts.host, () => resolve(listening)).once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${hostForUrl}:${port}${PATH}`,
    sessions: () => sessions.size,
    close: async () => {
      clearInterval(sweep);
      for (const { transport } of [...sessions.values()]) await transport.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Refuse a browser request from a page whose Origin is not an allowed host. */
function originValidation(allowedHosts: string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.header('origin');
    if (origin === undefined) return next();
    let hostname: string | undefined;
    try {
      hostname = new URL(origin).hostname;
    } catch {
      hostname = undefined;
    }
    if (hostname !== undefined && allowedHosts.includes(hostname)) return next();
    res.status(403).json({ jsonrpc: '2.0', error: { code: -32000, message: `Invalid Origin: ${origin}` }, id: null });
  };
}
