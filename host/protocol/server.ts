/**
 * The MCP protocol layer: SDK v2 `Server`s (JSON-RPC, both protocol eras,
 * the 2026-07-28 envelope, discovery, result stamping, logging levels)
 * whose request handlers call a Backend. It knows nothing of components or
 * of transports: a transport's serving entry (`serveStdio`,
 * `createMcpHandler`, a 2025 session) asks the factory for an instance.
 *
 * An instance serves one era (the SDK's rule): a 2025-11-25 client's
 * session or connection, a 2026-07-28 stdio connection, or one 2026-07-28
 * HTTP request. Only the instances that live for a connection or session
 * (pinned) listen to the backend and hold resource subscriptions; a
 * per-request instance holds nothing once its request is answered.
 */
import {
  CLIENT_CAPABILITIES_META_KEY,
  ProtocolError,
  ProtocolErrorCode,
  type ClientCapabilities,
  type LoggingLevel,
  type McpRequestContext,
  type McpServerFactory,
  type Notification,
  type ServerContext,
  type ServerNotifier,
} from '@modelcontextprotocol/server';
import { isInputRequired, type Backend, type BackendNotification, type CallContext, type ClientMethod, type InputRequired } from '../backend/backend.js';
import { HostServer } from './host-server.js';
import type { InputRequiredRounds, Resumed, RoundTarget } from './input-required.js';
import type { ResourceListens } from './listens.js';

export type Era = McpRequestContext['era'];

/** What each client request needs the client to have declared. */
const CLIENT_REQUESTS: Record<ClientMethod, keyof ClientCapabilities> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
};

export interface ProtocolOptions {
  /** How long a request to the client (sampling, elicitation, roots) may take. */
  clientRequestTimeoutMs: number;
  /** Seals and checks the state of input-required rounds. */
  rounds: InputRequiredRounds;
  /** The 2026-07-28 era's resource subscriptions (listens), which transports report. */
  listens?: ResourceListens;
  /**
   * Whether the transport is dropping notifications now (its client does not
   * read): they are not made at all then, which spares the work of building
   * each one for nothing (a flood of large logs would otherwise churn
   * hundreds of MiB through the SDK on the way to being dropped).
   */
  congested?: () => boolean;
  /** Host diagnostics (default: stderr). */
  log?: (line: string) => void;
}

/**
 * Notifications waiting to be sent to one client. A component can make them
 * faster than a slow client reads; past this many, new ones are dropped (the
 * runtime WIT calls notifications best effort), with one log line a burst.
 */
export const MAX_PENDING_NOTIFICATIONS = 1000;

/** The factory every serving entry asks for instances. */
export function protocolFactory(backend: Backend, options: ProtocolOptions): McpServerFactory {
  // A modern request over HTTP has `requestInfo`: its instance lives for that request only.
  return (rc) => createProtocolServer(backend, options, rc.era, rc.era === 'modern' && rc.requestInfo !== undefined);
}

export function createProtocolServer(backend: Backend, options: ProtocolOptions, era: Era, perRequest: boolean): HostServer {
  const capabilities = backend.capabilities();
  const server = new HostServer(
    backend.serverInfo(),
    { capabilities, instructions: backend.instructions(), requestState: { verify: options.rounds.verify } },
    era === 'modern',
  );
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  /** This client's resource subscriptions (a backend may serve many clients). */
  const subscribed = new Set<string>();

  // Notifications a handler causes must reach the client before its response
  // (a client drops progress for a request it has its answer to). Sending is
  // asynchronous, so they queue here, and each response waits for the queue.
  let outbox: Promise<void> = Promise.resolve();
  let pending = 0;
  let dropping = false;
  const enqueue = (send: () => Promise<void>): void => {
    if (options.congested?.()) return;
    if (pending >= MAX_PENDING_NOTIFICATIONS) {
      if (!dropping) log(`notifications dropped: more than ${MAX_PENDING_NOTIFICATIONS} waiting for a client that does not keep up`);
      dropping = true;
      return;
    }
    pending++;
    outbox = outbox
      .then(send)
      .catch(() => {
        // Best effort, as the runtime WIT says: a client that went away loses it.
      })
      .finally(() => {
        if (--pending === 0) dropping = false;
      });
  };

  const clientCapabilities = (ctx: ServerContext): ClientCapabilities | undefined =>
    era === 'modern'
      ? ((ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined)
      : server.getClientCapabilities();

  /** A request to the client on this request's behalf (and stream, over HTTP): the 2025 era only. */
  const requestClient =
    (ctx: ServerContext) =>
    async (method: ClientMethod, params: unknown): Promise<unknown> => {
      if (era === 'modern') {
        throw new ProtocolError(
          ProtocolErrorCode.MethodNotFound,
          `${method}: this client speaks MCP 2026-07-28, where a server sends no requests; a handler asks by returning input-required (wit/README.md)`,
        );
      }
      const capability = CLIENT_REQUESTS[method];
      if (!server.getClientCapabilities()?.[capability]) {
        throw new ProtocolError(ProtocolErrorCode.MethodNotFound, `the client does not support ${method} (it did not declare the ${capability} capability)`);
      }
      return ctx.mcpReq.send({ method, params: params as Record<string, unknown> }, { signal: ctx.mcpReq.signal, timeout: options.clientRequestTimeoutMs });
    };

  /**
   * What a handler sends while serving this request goes to its caller, on
   * the request's own stream over HTTP (a client may have no other open),
   * and only while the request lives: once it is cancelled (its signal
   * aborts) or answered (`end`), its log and progress are dropped, also
   * those queued and not yet sent. Log levels are the SDK's: 2025, the
   * session's `logging/setLevel`; 2026, the request's own `_meta` level
   * (no level, no logs).
   */
  const callContext = (ctx: ServerContext, resumed: Resumed): [CallContext, () => void] => {
    let ended = false;
    const live = (): boolean => !ended && !ctx.mcpReq.signal.aborted;
    const send = (deliver: () => Promise<void>): void => {
      if (live()) enqueue(() => (live() ? deliver() : Promise.resolve()));
    };
    const callCtx: CallContext = {
      signal: ctx.mcpReq.signal,
      requestClient: requestClient(ctx),
      clientCapabilities: clientCapabilities(ctx),
      ...resumed,
      onLog: (level, data) => send(() => ctx.mcpReq.log(level, data)),
    };
    const progressToken = ctx.mcpReq._meta?.progressToken;
    if (progressToken !== undefined) {
      callCtx.progressToken = progressToken;
      callCtx.onProgress = (update) => send(() => ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, ...update } } as Notification));
    }
    return [callCtx, () => void (ended = true)];
  };

  /**
   * Run a handler that may answer input-required: its earlier round checked
   * first, its notifications sent before its answer, an input-required
   * answer sealed into the SDK's result.
   */
  const serve = async <T extends object>(ctx: ServerContext, target: RoundTarget, run: (callCtx: CallContext) => Promise<T | InputRequired>) => {
    const [callCtx, end] = callContext(ctx, options.rounds.resume(ctx, target));
    try {
      const result = await run(callCtx);
      await outbox;
      return isInputRequired(result) ? options.rounds.answer(result, target, ctx) : result;
    } finally {
      end();
    }
  };

  if (capabilities.tools) {
    server.setRequestHandler('tools/list', () => ({ tools: backend.listTools() }));
    server.setRequestHandler('tools/call', (req, ctx) => {
      const args = req.params.arguments ?? {};
      return serve(ctx, { method: 'tools/call', name: req.params.name, arguments: args }, (callCtx) => backend.callTool(req.params.name, args, callCtx));
    });
  }
  if (capabilities.resources) {
    server.setRequestHandler('resources/list', () => ({ resources: backend.listResources() }));
    server.setRequestHandler('resources/templates/list', () => ({ resourceTemplates: backend.listResourceTemplates() }));
    // An unknown resource (the backend's -32002) goes out as -32602 with data.uri in both eras: the
    // SDK's wire codecs map it (SEP-2164; clients accept either code, and SDK v1 sent -32602 too).
    server.setRequestHandler('resources/read', (req, ctx) =>
      serve(ctx, { method: 'resources/read', name: req.params.uri }, (callCtx) => backend.readResource(req.params.uri, callCtx)),
    );
    if (capabilities.resources.subscribe && era === 'legacy') {
      server.setRequestHandler('resources/subscribe', async (req) => {
        const uri = req.params.uri;
        if (subscribed.has(uri)) return {};
        // Taken before the await: a second subscribe of this session meanwhile counts once, not twice.
        subscribed.add(uri);
        try {
          await backend.subscribe(uri);
        } catch (err) {
          subscribed.delete(uri);
          throw err;
        }
        return {};
      });
      server.setRequestHandler('resources/unsubscribe', async (req) => {
        if (subscribed.delete(req.params.uri)) await backend.unsubscribe(req.params.uri);
        return {};
      });
    }
  }
  if (capabilities.prompts) {
    server.setRequestHandler('prompts/list', () => ({ prompts: backend.listPrompts() }));
    server.setRequestHandler('prompts/get', (req, ctx) =>
      serve(ctx, { method: 'prompts/get', name: req.params.name, arguments: req.params.arguments }, (callCtx) =>
        backend.getPrompt(req.params.name, req.params.arguments, callCtx),
      ),
    );
  }
  if (capabilities.completions) {
    server.setRequestHandler('completion/complete', async (req, ctx) => ({
      completion: await backend.complete(req.params.ref, req.params.argument, req.params.context?.arguments, ctx.mcpReq.signal),
    }));
  }

  if (!perRequest) {
    const stop = backend.onNotification((n) => {
      // Updates of resources this client subscribed to: 2025, with resources/subscribe; 2026, by a listen
      // (the SDK's listen router then sends each listen only what it named).
      if (n.kind === 'resource-updated' && !(era === 'legacy' ? subscribed.has(n.uri) : options.listens?.has(n.uri))) return;
      // A log that belongs to no request has no channel in the 2026-07-28 era.
      if (n.kind === 'log' && era === 'modern') return;
      enqueue(() => sendNotification(server, n));
    });
    const previousOnClose = server.onclose;
    server.onclose = () => {
      stop();
      for (const uri of subscribed) void backend.unsubscribe(uri).catch(() => {});
      previousOnClose?.();
    };
  }
  return server;
}

async function sendNotification(server: HostServer, n: BackendNotification): Promise<void> {
  if (!server.transport) return;
  switch (n.kind) {
    case 'list-changed':
      if (n.list === 'tools') return server.sendToolListChanged();
      if (n.list === 'resources') return server.sendResourceListChanged();
      return server.sendPromptListChanged();
    case 'resource-updated':
      return server.sendResourceUpdated({ uri: n.uri });
    case 'log':
      return server.sendLoggingMessage({ level: n.level as LoggingLevel, data: n.data }, server.transport.sessionId);
  }
}

/**
 * The backend's changes to the 2026-07-28 listens of a per-request serving
 * entry (over HTTP, `createMcpHandler`'s notifier), whose instances never
 * listen themselves. Returns a function that stops forwarding.
 */
export function forwardChanges(backend: Backend, notify: ServerNotifier, listens?: ResourceListens): () => void {
  return backend.onNotification((n) => {
    if (n.kind === 'list-changed') {
      if (n.list === 'tools') notify.toolsChanged();
      else if (n.list === 'prompts') notify.promptsChanged();
      else notify.resourcesChanged();
    } else if (n.kind === 'resource-updated' && listens?.has(n.uri)) {
      notify.resourceUpdated(n.uri);
    }
    // A log that belongs to no request has no channel in the 2026-07-28 era.
  });
}
