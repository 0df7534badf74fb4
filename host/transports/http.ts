/**
 * MCP over Streamable HTTP on one endpoint (`/mcp`), both protocol eras,
 * chosen per request by the SDK's own classification (isLegacyRequest):
 * 2026-07-28 requests (stateless, a `_meta` envelope in each) go to the
 * SDK's createMcpHandler (http-modern.ts); 2025-11-25 traffic (initialize,
 * mcp-session-id, GET, DELETE) to a session table (http-sessions.ts). This
 * file owns what applies to both: DNS-rebinding protection (Host and Origin
 * must name an allowed host; 403 otherwise, the SDK's node guards, since
 * createMcpHandler checks neither), request bodies (413 over
 * `maxMessageBytes`, read off and dropped, never buffered whole; at most 4
 * messages' worth read at once, 503 past it; -32700 for bad JSON), the
 * connection cap and the request timeouts.
 *
 * It knows nothing of components: `factory` makes the server for one 2026
 * request, `openSession` the server for a new 2025 session (and says how to
 * release it).
 */
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostHeaderValidation, originValidation } from '@modelcontextprotocol/node';
import { isLegacyRequest, type McpServerFactory, type ServerNotifier } from '@modelcontextprotocol/server';
import type { NextFunction, Request, Response } from 'express';
import { bodyBudget } from './body-budget.js';
import { jsonDeeperThan } from '../json-depth.js';
import { jsonRpcError, requestIdOf } from './http-errors.js';
import { modernLeg } from './http-modern.js';
import { noSession, sessionNotFound, sessionTable, type Session } from './http-sessions.js';
import { BODY_READ_TIMEOUT_MS, DEFAULT_MAX_BACKLOG_BYTES, DEFAULT_MAX_LIST_BYTES, HEADERS_TIMEOUT_MS, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_MODERN_REQUESTS, DEFAULT_MAX_SESSIONS, MAX_MESSAGE_DEPTH, messageTooDeep, messageTooLarge } from './limits.js';

export type { Session } from './http-sessions.js';

export interface HttpOptions {
  host: string;
  port: number;
  /** Host names accepted in Host and Origin headers (DNS-rebinding protection), both eras. */
  allowedHosts: string[];
  /**
   * 2026-07-28: the server for one request (the SDK calls it per request,
   * and per listen stream). Absent: that era is not served, and its
   * requests are answered as a 2025-only server answers them (400), which
   * a negotiating client takes as its cue to initialize a session.
   */
  factory?: McpServerFactory;
  /** 2025-11-25: the server for a new session, and how to release what it holds. */
  openSession: () => Promise<Session>;
  /** Called once with the publisher to 2026-07-28 listen streams (list changes, resource updates). */
  onNotifier?: (notify: ServerNotifier) => void;
  /**
   * Told of each 2026-07-28 listen stream opened, with the resources it
   * names (unchecked), and a signal that aborts when the stream closes.
   */
  onListen?: (resources: unknown, ended: AbortSignal) => void;
  /**
   * A session with no request for this long is closed (clients that go away
   * without DELETE, which is most of them, would otherwise hold it forever).
   */
  sessionIdleMs: number;
  /** Largest request body accepted, bytes, both eras. */
  maxMessageBytes?: number;
  /** Most 2025 sessions open (or being opened) at once. */
  maxSessions?: number;
  /** Most 2026 requests in flight at once, listen streams included (default 128). */
  maxModernRequests?: number;
  /** Most 2026 listen streams open at once (default: half of maxModernRequests). */
  maxSubscriptions?: number;
  /** Largest list answer sent (tools/list...), bytes as serialized: --max-result-bytes, both eras. */
  maxListBytes?: number;
  /** Most bytes waiting unflushed for one session's client (backlog.ts); a 2026 request, one stream, gets a quarter. */
  maxBacklogBytes?: number;
  log: (line: string) => void;
}

export interface HttpEndpoint {
  url: string;
  /** 2025 sessions now open. */
  sessions(): number;
  /** 2026 requests in flight now (listen streams included). */
  modernInFlight(): number;
  close(): Promise<void>;
}

const PATH = '/mcp';

export async function serveHttp(opts: HttpOptions): Promise<HttpEndpoint> {
  const { default: express } = await import('express');
  const maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const maxSessions = opts.maxSessions ?? DEFAULT_MAX_SESSIONS;
  const maxModernRequests = opts.maxModernRequests ?? DEFAULT_MAX_MODERN_REQUESTS;
  const maxBacklogBytes = opts.maxBacklogBytes ?? DEFAULT_MAX_BACKLOG_BYTES;
  const maxListBytes = opts.maxListBytes ?? DEFAULT_MAX_LIST_BYTES;
  const sessions = sessionTable({ openSession: opts.openSession, sessionIdleMs: opts.sessionIdleMs, maxSessions, maxBacklogBytes, maxListBytes, log: opts.log });
  const factory = opts.factory;
  const modern = modernLeg({
    factory: factory ?? (() => Promise.reject(new Error('the 2026-07-28 era is not served'))),
    maxInFlight: maxModernRequests,
    // Half the slots at most, so listen streams never leave no room for calls.
    maxSubscriptions: opts.maxSubscriptions ?? Math.max(1, Math.floor(maxModernRequests / 2)),
    maxMessageBytes,
    // One stream of one request, where a session has several: a quarter (4 MiB), which bounds what 128 of them hold.
    maxBacklogBytes: Math.ceil(maxBacklogBytes / 4),
    maxListBytes,
    onListen: opts.onListen,
    log: opts.log,
  });
  opts.onNotifier?.(modern.notify);

  const app = express();
  app.disable('x-powered-by');
  const checkHost = hostHeaderValidation(opts.allowedHosts);
  const checkOrigin = originValidation(opts.allowedHosts);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (checkHost(req, res) && checkOrigin(req, res)) next();
  });

  // Refused before its body is read: a request for no session, or one with no session that cannot be an initialize.
  // A 2026 request has no session (the header is not of its era), so one that says it is 2026 is let through.
  app.use(PATH, (req: Request, res: Response, next: NextFunction) => {
    const sessionId = req.header('mcp-session-id');
    if (sessionId !== undefined && !sessions.has(sessionId) && !claimsModern(req)) return sessionNotFound(res, sessionId);
    if (sessionId === undefined && req.method !== 'POST') return noSession(res);
    next();
  });
  // Bodies being read at once, over all clients: 4 messages at the cap.
  const bodies = bodyBudget(4 * maxMessageBytes, maxMessageBytes, (res) => {
    res.setHeader('retry-after', '5');
    jsonRpcError(res, 503, -32000, 'Too many request bodies being read at once; try again later');
  });
  // Deep JSON is refused as it is read (the SDK's schemas recurse over what is parsed): 400 -32600.
  const depthCheck = (_req: Request, _res: Response, body: Buffer): void => {
    if (jsonDeeperThan(body.toString('utf8'), MAX_MESSAGE_DEPTH)) throw Object.assign(new Error(messageTooDeep()), { status: 400, type: 'entity.too.deep' });
  };
  app.use(PATH, bodies.reserve, express.json({ limit: maxMessageBytes, verify: depthCheck }), bodies.release);

  app.all(PATH, async (req, res) => {
    try {
      // A body the parser did not take (another content type) is read by no one: not under the budget.
      if (req.method === 'POST' && req.body === undefined) {
        if (req.header('mcp-session-id') === undefined && !claimsModern(req)) return noSession(res);
        return jsonRpcError(res, 415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
      }
      if (await isModern(req)) {
        if (!factory) return notServedModern(res, requestIdOf(req.body));
        return await modern.handle(req, res);
      }
      await sessions.handle(req, res);
    } catch (err) {
      opts.log(`http: ${(err as Error).message}`);
      if (!res.headersSent) jsonRpcError(res, 500, -32603, 'Internal error');
    }
  });
  // Bodies refused by the JSON parser: a JSON-RPC error, not an HTML page.
  app.use((err: Error & { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (err.type === 'entity.parse.failed') return jsonRpcError(res, 400, -32700, `Parse error: ${err.message}`);
    if (err.type === 'entity.too.large') return jsonRpcError(res, 413, -32600, messageTooLarge(maxMessageBytes));
    if (err.type === 'entity.too.deep') return jsonRpcError(res, 400, -32600, err.message);
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
  // Each session needs a GET stream and a few POSTs at once; each 2026 request in flight one.
  server.maxConnections = 4 * maxSessions + maxModernRequests;
  const { port } = server.address() as AddressInfo;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${hostForUrl}:${port}${PATH}`,
    sessions: sessions.size,
    modernInFlight: modern.inFlight,
    close: async () => {
      await sessions.close();
      await modern.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A 2026-07-28 request to a server that serves sessions only. */
function notServedModern(res: Response, id: string | number | null): void {
  jsonRpcError(
    res,
    400,
    -32000,
    'Bad Request: this server keeps an instance per session (--instances per-session), which the stateless 2026-07-28 revision has no place for; open a 2025-11-25 session with initialize',
    id,
  );
}

/** Whether the request's MCP-Protocol-Version header names 2026-07-28 or later (a hint only: the body decides, in `isModern`). */
const claimsModern = (req: Request): boolean => {
  const version = req.header('mcp-protocol-version') ?? '';
  return /^\d{4}-\d{2}-\d{2}$/.test(version) && version >= '2026-07-28';
};

/**
 * Whether the SDK's createMcpHandler would serve this request as 2026-07-28
 * (everything it answers, its rejections included). The body is already
 * parsed: the probe carries only the method and the headers it reads.
 */
async function isModern(req: Request): Promise<boolean> {
  if (req.method !== 'POST') return false;
  const headers = new Headers();
  for (const name of ['mcp-protocol-version', 'mcp-method', 'mcp-name']) {
    const value = req.header(name);
    if (value !== undefined) headers.set(name, value);
  }
  return !(await isLegacyRequest(new Request('http://localhost/mcp', { method: 'POST', headers }), req.body));
}
