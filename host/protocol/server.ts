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
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import type { Backend, BackendNotification, CallContext } from '../backend/backend.js';
import { handle } from './validated-handler.js';

type Extra = { _meta?: { progressToken?: string | number }; sendNotification: (n: ServerNotification) => Promise<void> };

/** Progress reports of this request go to its caller (and its stream, over HTTP). */
function callContext(extra: Extra): CallContext {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return {};
  return {
    progressToken,
    onProgress: (update) =>
      void extra.sendNotification({ method: 'notifications/progress', params: { progressToken, ...update } }).catch(() => {}),
  };
}

export function createProtocolServer(backend: Backend): Server {
  const capabilities = backend.capabilities();
  const server = new Server(backend.serverInfo(), { capabilities, instructions: backend.instructions() });

  if (capabilities.tools) {
    handle(server, ListToolsRequestSchema, () => ({ tools: backend.listTools() }));
    handle(server, CallToolRequestSchema, (req, extra) =>
      backend.callTool(req.params.name, req.params.arguments ?? {}, callContext({ ...extra, _meta: req.params._meta })),
    );
  }
  if (capabilities.resources) {
    handle(server, ListResourcesRequestSchema, () => ({ resources: backend.listResources() }));
    handle(server, ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: backend.listResourceTemplates() }));
    handle(server, ReadResourceRequestSchema, (req, extra) =>
      backend.readResource(req.params.uri, callContext({ ...extra, _meta: req.params._meta })),
    );
    if (capabilities.resources.subscribe) {
      handle(server, SubscribeRequestSchema, async (req) => (await backend.subscribe(req.params.uri), {}));
      handle(server, UnsubscribeRequestSchema, async (req) => (await backend.unsubscribe(req.params.uri), {}));
    }
  }
  if (capabilities.prompts) {
    handle(server, ListPromptsRequestSchema, () => ({ prompts: backend.listPrompts() }));
    handle(server, GetPromptRequestSchema, (req, extra) =>
      backend.getPrompt(req.params.name, req.params.arguments, callContext({ ...extra, _meta: req.params._meta })),
    );
  }
  if (capabilities.completions) {
    handle(server, CompleteRequestSchema, async (req) => ({
      completion: await backend.complete(req.params.ref, req.params.argument, req.params.context?.arguments),
    }));
  }

  const forward = (n: BackendNotification): void => {
    void sendNotification(server, n).catch(() => {
      // Best effort, as the runtime WIT says: a client that went away loses it.
    });
  };
  const stop = backend.onNotification(forward);
  const previousOnClose = server.onclose;
  server.onclose = () => {
    stop();
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
      return server.sendLoggingMessage({ level: n.level, data: n.data });
  }
}
