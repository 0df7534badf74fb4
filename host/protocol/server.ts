/**
 * The MCP protocol layer: an SDK `Server` (JSON-RPC, lifecycle, version
 * negotiation, logging levels) whose request handlers call a Backend. It
 * knows nothing of components or of transports: connect the returned server
 * to any SDK Transport.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  CreateMessageResultSchema,
  ElicitResultSchema,
  ErrorCode,
  ListRootsResultSchema,
  McpError,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  LoggingLevelSchema,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { ClientCapabilities, LoggingLevel, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { AnySchema } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { Backend, BackendNotification, CallContext, ClientMethod } from '../backend/backend.js';
import { handle } from './validated-handler.js';

type Extra = {
  _meta?: { progressToken?: string | number };
  signal: AbortSignal;
  sendNotification: (n: ServerNotification) => Promise<void>;
  sendRequest: <S extends AnySchema>(request: ServerRequest, resultSchema: S, options?: RequestOptions) => Promise<unknown>;
};

/** What each client request needs the client to have declared, and its result's schema. */
const CLIENT_REQUESTS: Record<ClientMethod, { capability: keyof ClientCapabilities; result: AnySchema }> = {
  'sampling/createMessage': { capability: 'sampling', result: CreateMessageResultSchema },
  'elicitation/create': { capability: 'elicitation', result: ElicitResultSchema },
  'roots/list': { capability: 'roots', result: ListRootsResultSchema },
};

export interface ProtocolOptions {
  /** How long a request to the client (sampling, elicitation, roots) may take. */
  clientRequestTimeoutMs: number;
  /** Host diagnostics (default: stderr). */
  log?: (line: string) => void;
}

/**
 * Notifications waiting to be sent to one client. A component can make them
 * faster than a slow client reads; past this many, new ones are dropped (the
 * runtime WIT calls notifications best effort), with one log line a burst.
 */
export const MAX_PENDING_NOTIFICATIONS = 1000;

export function createProtocolServer(backend: Backend, options: ProtocolOptions): Server {
  const capabilities = backend.capabilities();
  const server = new Server(backend.serverInfo(), { capabilities, instructions: backend.instructions() });
  /** This client's resource subscriptions (a backend may serve many clients). */
  const subscribed = new Set<string>();

  // Notifications a handler causes must reach the client before its response
  // (a client drops progress for a request it has its answer to). Sending is
  // asynchronous, so they queue here, and each response waits for the queue.
  let outbox: Promise<void> = Promise.resolve();
  let pending = 0;
  let dropping = false;
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const enqueue = (send: () => Promise<void>): void => {
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
  /** The handler's result, after what it sent; from then on, nothing more of that request is sent (`end`). */
  const afterNotifications = async <T>(result: Promise<T>, end: () => void): Promise<T> => {
    try {
      const value = await result;
      await outbox;
      return value;
    } finally {
      end();
    }
  };

  // Our own logging/setLevel (replacing the SDK's, which answers a bad level
  // with Internal error): one Server serves one client, so one level.
  let minimumLevel: LoggingLevel | undefined;
  handle(server, SetLevelRequestSchema, (req) => {
    minimumLevel = req.params.level;
    return {};
  });
  const wanted = (level: LoggingLevel): boolean => !minimumLevel || severity(level) >= severity(minimumLevel);

  /** A request to the client on this request's behalf (and stream, over HTTP). */
  const requestClient =
    (extra: Extra) =>
    async (method: ClientMethod, params: unknown): Promise<unknown> => {
      const { capability, result } = CLIENT_REQUESTS[method];
      if (!server.getClientCapabilities()?.[capability]) {
        throw new McpError(ErrorCode.MethodNotFound, `the client does not support ${method} (it did not declare the ${capability} capability)`);
      }
      return extra.sendRequest({ method, params } as ServerRequest, result, { signal: extra.signal, timeout: options.clientRequestTimeoutMs });
    };

  /**
   * What a handler sends while serving this request goes to its caller, on
   * the request's own stream over HTTP (a client may have no other open),
   * and only while the request lives: once it is cancelled (its signal
   * aborts) or answered (`end`), its log and progress are dropped, also
   * those queued and not yet sent.
   */
  const callContext = (extra: Extra): [CallContext, () => void] => {
    const progressToken = extra._meta?.progressToken;
    let ended = false;
    const live = (): boolean => !ended && !extra.signal.aborted;
    const send = (n: ServerNotification): void => {
      if (live()) enqueue(() => (live() ? extra.sendNotification(n) : Promise.resolve()));
    };
    const base: CallContext = {
      signal: extra.signal,
      requestClient: requestClient(extra),
      onLog: (level, data) => {
        if (wanted(level)) send({ method: 'notifications/message', params: { level, data } });
      },
    };
    const end = (): void => void (ended = true);
    if (progressToken === undefined) return [base, end];
    return [{ ...base, progressToken, onProgress: (update) => send({ method: 'notifications/progress', params: { progressToken, ...update } }) }, end];
  };
  /** Run a handler with its request's context, answering after its notifications. */
  const serve = <T>(extra: Extra, run: (ctx: CallContext) => Promise<T>): Promise<T> => {
    const [ctx, end] = callContext(extra);
    return afterNotifications(run(ctx), end);
  };

  if (capabilities.tools) {
    handle(server, ListToolsRequestSchema, () => ({ tools: backend.listTools() }));
    handle(server, CallToolRequestSchema, (req, extra) =>
      serve({ ...extra, _meta: req.params._meta }, (ctx) => backend.callTool(req.params.name, req.params.arguments ?? {}, ctx)),
    );
  }
  if (capabilities.resources) {
    handle(server, ListResourcesRequestSchema, () => ({ resources: backend.listResources() }));
    handle(server, ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: backend.listResourceTemplates() }));
    handle(server, ReadResourceRequestSchema, (req, extra) =>
      serve({ ...extra, _meta: req.params._meta }, (ctx) => backend.readResource(req.params.uri, ctx)),
    );
    if (capabilities.resources.subscribe) {
      handle(server, SubscribeRequestSchema, async (req) => {
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
      handle(server, UnsubscribeRequestSchema, async (req) => {
        if (subscribed.delete(req.params.uri)) await backend.unsubscribe(req.params.uri);
        return {};
      });
    }
  }
  if (capabilities.prompts) {
    handle(server, ListPromptsRequestSchema, () => ({ prompts: backend.listPrompts() }));
    handle(server, GetPromptRequestSchema, (req, extra) =>
      serve({ ...extra, _meta: req.params._meta }, (ctx) => backend.getPrompt(req.params.name, req.params.arguments, ctx)),
    );
  }
  if (capabilities.completions) {
    handle(server, CompleteRequestSchema, async (req, extra) => ({
      completion: await backend.complete(req.params.ref, req.params.argument, req.params.context?.arguments, extra.signal),
    }));
  }

  const forward = (n: BackendNotification): void => {
    if (n.kind === 'log' && !wanted(n.level)) return;
    if (n.kind === 'resource-updated' && !subscribed.has(n.uri)) return;
    enqueue(() => sendNotification(server, n));
  };
  const stop = backend.onNotification(forward);
  const previousOnClose = server.onclose;
  server.onclose = () => {
    stop();
    for (const uri of subscribed) void backend.unsubscribe(uri).catch(() => {});
    previousOnClose?.();
  };
  return server;
}

async function sendNotification(server: Server, n: BackendNotification): Promise<void> {
  if (!server.transport) return;
  switch (n.kind) {
    case 'list-changed':
      if (n.list === 'tools') return server.sendToolListChanged();
      if (n.list === 'resources') return server.sendResourceListChanged();
      return server.sendPromptListChanged();
    case 'resource-updated':
      return server.sendResourceUpdated({ uri: n.uri });
    case 'log':
      return server.notification({ method: 'notifications/message', params: { level: n.level, data: n.data } });
  }
}

const severity = (level: LoggingLevel): number => LoggingLevelSchema.options.indexOf(level);
