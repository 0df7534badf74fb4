/**
 * MCP over Streamable HTTP: the SDK's StreamableHTTPServerTransport, one per
 * session, behind an express app on one endpoint (`/mcp`). This file owns
 * what the SDK leaves to the application: the session table, DNS-rebinding
 * protection (Host and Origin must name an allowed host; 403 otherwise), and
 * closing a session's server when the session ends (DELETE, or shutdown).
 *
 * What a client can make it hold is bounded: a body over `maxMessageBytes`
 * is refused with 413 (read off and dropped, never buffered whole); at most
 * `maxSessions` sessions are open or being opened (503 past that); and what
 * `openSession` made (an instance, with --instances per-session) is released
 * unless a session the client can use came of it: when the SDK transport
 * refuses the initialize (406, 415, a batch...), when it fails, and when the
 * client goes away before it has the initialize answer.
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
import { SessionBacklog } from './backlog.js';
import { bodyBudget } from './body-budget.js';
import { BODY_READ_TIMEOUT_MS, DEFAULT_MAX_BACKLOG_BYTES, DEFAULT_MAX_LIST_BYTES, HEADERS_TIMEOUT_MS, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_SESSIONS, isListRequest, isNotification, listTooLarge, messageTooLarge } from './limits.js';

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
  /** Largest request body accepted, bytes. */
  maxMessageBytes?: number;
  /** Most sessions open (or being opened) at once. */
  maxSessions?: number;
  /** Largest list answer sent (tools/list...), bytes as serialized: --max-result-bytes. */
  maxListBytes?: number;
  /** Most bytes waiting unflushed for one session's client (backlog.ts). */
  maxBacklogBytes?: number;
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
  type Open = { transport: StreamableHTTPServerTransport; session: Session; backlog: SessionBacklog; lists: Set<string | number>; lastSeen: number };
  const sessions = new Map<string, Open>();
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
  const maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const maxSessions = opts.maxSessions ?? DEFAULT_MAX_SESSIONS;
  const maxBacklogBytes = opts.maxBacklogBytes ?? DEFAULT_MAX_BACKLOG_BYTES;
  const maxListBytes = opts.maxListBytes ?? DEFAULT_MAX_LIST_BYTES;
  const jsonRpcError = (res: Response, status: number, code: number, message: string): void => {
    res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
  };
  const sessionNotFound = (res: Response, id: string): void =>
    jsonRpcError(res, 404, -32001, `Session not found: ${id}. Start a new one with initialize`);
  const noSession = (res: Response): void =>
    jsonRpcError(res, 400, -32000, 'Bad Request: no mcp-session-id header; the first request of a session must be initialize');

  // Refused before its body is read: a request for no session, or one with no session that cannot be an initialize.
  app.use(PATH, (req: Request, res: Response, next: NextFunction) => {
    const sessionId = req.header('mcp-session-id');
    if (sessionId !== undefined && !sessions.has(sessionId)) return sessionNotFound(res, sessionId);
    if (sessionId === undefined && req.method !== 'POST') return noSession(res);
    next();
  });
  // Bodies being read at once, over all clients: 4 messages at the cap.
  const bodies = bodyBudget(4 * maxMessageBytes, maxMessageBytes, (res) => {
    res.setHeader('retry-after', '5');
    jsonRpcError(res, 503, -32000, 'Too many request bodies being read at once; try again later');
  });
  app.use(PATH, bodies.reserve, express.json({ limit: maxMessageBytes }), bodies.release);

  /** Sessions whose initialize is being served: they count against the cap too. */
  let opening = 0;

  /** Open a session for this initialize request, or release what was made for it. */
  const initialize = async (req: Request, res: Response): Promise<void> => {
    // The client may go away at any point: while the instance starts, or before its initialize is answered.
    let gone = false;
    let transport: StreamableHTTPServerTransport | undefined;
    res.once('close', () => {
      if (res.writableFinished) return;
      gone = true;
      if (transport?.sessionId) {
        opts.log(`http: session ${transport.sessionId} closed: the client went away before its initialize was answered`);
        void transport.close();
      }
    });
    const session = await opts.openSession();
    let released: Promise<void> | undefined;
    const release = (): Promise<void> => (released ??= session.release());
    if (gone) {
      opts.log('http: a session was not opened: the client went away before its initialize was answered');
      return release();
    }
    /** Ids of this session's list requests not yet answered: their answers are capped. */
    const lists = new Set<string | number>();
    const backlog = new SessionBacklog(maxBacklogBytes, opts.log, () => made.sessionId ?? '(opening)');
    const made = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, { transport: made, session, backlog, lists, lastSeen: Date.now() }),
    });
    transport = made;
    const send = made.send.bind(made);
    made.send = (message, options) => {
      // A notification for a client that does not read what it was sent is dropped.
      if (isNotification(message)) return backlog.admit() ? send(message, options) : Promise.resolve();
      if ('result' in message && lists.delete(message.id)) {
        const bytes = Buffer.byteLength(JSON.stringify(message));
        if (bytes > maxListBytes) return send(listTooLarge(message.id, bytes, maxListBytes) as unknown as typeof message, options);
      }
      return send(message, options);
    };
    backlog.track(res);
    made.onclose = () => {
      if (made.sessionId) sessions.delete(made.sessionId);
      void release();
    };
    try {
      await session.server.connect(made);
      await made.handleRequest(req, res, req.body);
    } finally {
      // No session id: the transport refused the request, or failed; no one can use this session.
      if (!made.sessionId || gone) await made.close();
    }
  };

  app.all(PATH, async (req, res) => {
    const sessionId = req.header('mcp-session-id');
    try {
      if (sessionId) {
        const open = sessions.get(sessionId);
        if (!open) return sessionNotFound(res, sessionId);
        open.lastSeen = Date.now();
        open.backlog.track(res);
        for (const message of Array.isArray(req.body) ? req.body : [req.body]) if (isListRequest(message)) open.lists.add(message.id);
        return await open.transport.handleRequest(req, res, req.body);
      }
      if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
        return noSession(res);
      }
      if (sessions.size + opening >= maxSessions) {
        res.setHeader('retry-after', '5');
        return jsonRpcError(res, 503, -32000, `Too many sessions: ${maxSessions} are open, the maximum (--max-sessions). End one (DELETE) or try again later`);
      }
      opening++;
      try {
        await initialize(req, res);
      } finally {
        opening--;
      }
    } catch (err) {
      opts.log(`http: ${(err as Error).message}`);
      if (!res.headersSent) jsonRpcError(res, 500, -32603, 'Internal error');
    }
  });
  // Bodies refused by the JSON parser: a JSON-RPC error, not an HTML page.
  app.use((err: Error & { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (err.type === 'entity.parse.failed') return jsonRpcError(res, 400, -32700, `Parse error: ${err.message}`);
    if (err.type === 'entity.too.large') return jsonRpcError(res, 413, -32600, messageTooLarge(maxMessageBytes));
    // Unsupported charset or encoding, aborted or truncated body.
    if (err.status !== undefined && err.status >= 400 && err.status < 500) return jsonRpcError(res, err.status, -32600, `Invalid Request: ${err.message}`);
    next(err);
  });

  const server = await new Promise<HttpServer>((resolve, reject) => {
    const listening = app.listen(opts.port, opts.host, () => resolve(listening)).once('error', reject);
  });
  // A client sending its request slowly holds a connection and its body so far: not for Node's default 300 s.
  server.requestTimeout = BODY_READ_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  // Each session needs a GET stream and a few POSTs at once.
  server.maxConnections = 4 * maxSessions;
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
