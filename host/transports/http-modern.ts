/**
 * The 2026-07-28 era over HTTP: stateless, each request served on its own
 * by the SDK's createMcpHandler (a fresh Server from the factory for each
 * request, and the `subscriptions/listen` streams), adapted to Node by
 * toNodeHandler. The SDK's classification, envelope and header checks
 * (Mcp-Method, Mcp-Name, MCP-Protocol-Version) and `server/discover` are its
 * own; what it leaves to the application, and is bounded here:
 *
 * - exchanges in flight at once (each holds a Server instance and its
 *   connection; a listen stream is one while it is open): `maxInFlight`,
 *   503 past it;
 * - listen streams: `maxSubscriptions` (the SDK refuses past it, in band),
 *   and the filter each holds for as long as it is open: MAX_LISTEN_FILTER_BYTES;
 * - what waits for a client that does not read: each exchange's response is
 *   metered like a session (backlog.ts: notifications dropped, a stream
 *   that gets more ended);
 * - list answers over --max-result-bytes (outbound.ts).
 * Host/Origin checks and the body limits are the endpoint's (http.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer, ProtocolError, type McpServerFactory, type Server, type ServerNotifier, type Transport } from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import { SessionBacklog } from './backlog.js';
import { jsonRpcError, requestIdOf } from './http-errors.js';
import { listenFilterBytes, listenFilterTooLarge, MAX_LISTEN_FILTER_BYTES } from './limits.js';
import { capOutbound } from './outbound.js';

/**
 * 64 KiB: a listen stream's filter (its resource URIs) is held, and matched
 * against every change, for as long as the stream is open; hundreds of URIs
 * fit, and 64 open streams hold 4 MiB of filters at most, not 64 bodies.
 */

export interface ModernOptions {
  factory: McpServerFactory;
  maxInFlight: number;
  maxSubscriptions: number;
  maxMessageBytes: number;
  maxBacklogBytes: number;
  maxListBytes: number;
  /** Told of each listen stream the SDK opened, with the resources it names (unchecked), until `ended` aborts. */
  onListen?: (resources: unknown, ended: AbortSignal) => void;
  log: (line: string) => void;
}

export interface ModernLeg {
  /** Serve a 2026-07-28 request (its body already parsed). */
  handle(req: Request, res: Response): Promise<void>;
  /** Publishes list changes and resource updates to the open listen streams. */
  notify: ServerNotifier;
  /** Exchanges in flight now, listen streams included. */
  inFlight(): number;
  close(): Promise<void>;
}

export function modernLeg(opts: ModernOptions): ModernLeg {
  /** The backlog of the request being served: the factory runs in its async context. */
  const exchange = new AsyncLocalStorage<SessionBacklog>();
  const factory: McpServerFactory = async (ctx) => {
    const product = await opts.factory(ctx);
    const backlog = exchange.getStore();
    if (backlog) capOnConnect(product instanceof McpServer ? product.server : product, backlog, opts.maxListBytes);
    return product;
  };
  const onerror = (err: Error): void => {
    // What a client got wrong is answered to it; only the host's own failures are logged.
    if (err instanceof ProtocolError || /^(Rejected |Unsupported Media Type|subscriptions\/listen refused)/.test(err.message)) return;
    opts.log(`http: ${err.message}`);
  };
  const handler = createMcpHandler(factory, {
    legacy: 'reject',
    maxSubscriptions: opts.maxSubscriptions,
    maxRequestBodySize: opts.maxMessageBytes,
    onerror,
  });
  const serve = toNodeHandler(handler, { maxRequestBodySize: opts.maxMessageBytes, onerror });
  let inFlight = 0;
  let served = 0;

  return {
    notify: handler.notify,
    inFlight: () => inFlight,
    async handle(req, res) {
      if (inFlight >= opts.maxInFlight) {
        res.setHeader('retry-after', '5');
        return jsonRpcError(res, 503, -32000, `Too many requests in flight: ${opts.maxInFlight}, the maximum; try again later`, requestIdOf(req.body));
      }
      const filterBytes = listenFilterBytes(req.body);
      if (filterBytes > MAX_LISTEN_FILTER_BYTES) {
        // In band, as the SDK answers a listen it refuses.
        return jsonRpcError(res, 200, -32602, listenFilterTooLarge(filterBytes), requestIdOf(req.body));
      }
      // In flight until its response ends: a stream (SSE, listen) until it closes.
      inFlight++;
      res.once('close', () => inFlight--);
      if (opts.onListen && filterBytes > 0) reportListen(req, res, opts.onListen);
      const label = `2026-07-28 request ${++served}`;
      const backlog = new SessionBacklog(opts.maxBacklogBytes, opts.log, () => label);
      backlog.track(res);
      await exchange.run(backlog, () => serve(req, res, req.body));
    },
    close: () => handler.close(),
  };
}

/**
 * Report a listen once the SDK answers it with a stream (not when it refuses
 * it: a refused listen would cost the component a subscribe and an
 * unsubscribe per resource for nothing); it ends when the stream closes.
 */
function reportListen(req: Request, res: Response, onListen: (resources: unknown, ended: AbortSignal) => void): void {
  const ended = new AbortController();
  res.once('close', () => ended.abort());
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
  res.writeHead = ((...args: unknown[]) => {
    // toNodeHandler passes the SDK's headers, names in lower case.
    const headers = args.find((a): a is Record<string, unknown> => typeof a === 'object' && a !== null && !Array.isArray(a));
    if (String(headers?.['content-type'] ?? '').startsWith('text/event-stream')) {
      const params = (req.body as { params?: { notifications?: { resourceSubscriptions?: unknown } } }).params;
      onListen(params?.notifications?.resourceSubscriptions, ended.signal);
    }
    return writeHead(...args);
  }) as typeof res.writeHead;
}

/** The size of a `subscriptions/listen` request's filter as sent; 0 for any other request. */
/** Cap what the server sends once connected (the SDK connects it to its per-request transport). */
function capOnConnect(server: Server, backlog: SessionBacklog, maxListBytes: number): void {
  const connect = server.connect.bind(server);
  server.connect = async (transport: Transport) => {
    await connect(transport);
    capOutbound(transport, backlog, maxListBytes);
  };
}
