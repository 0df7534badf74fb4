/**
 * An unchanged MCP server (SDK v1 or v2; McpServer or the low-level Server;
 * its own StdioServerTransport) as a wasi:mcp component. The server runs as
 * it would under Node, reading process.stdin and writing process.stdout;
 * this module is the client at the other end of those pipes (stdio.ts),
 * translating wasi:mcp to MCP's JSON-RPC and back:
 *
 *   run          start the server (its top level, main()), initialize it,
 *                list what it offers and register that (register-*), serve
 *   handlers     each call → the JSON-RPC request, the server's answer →
 *                the WIT result (its JSON-RPC error → the WIT error)
 *   server → us  notifications → runtime (log, progress, updated, changed);
 *                requests (sampling, elicitation, roots) → runtime imports
 *
 * The server's SDK checks requests itself: the build marks the component so
 * the host relays them unchecked (toolchain/node-server.ts), and answers
 * keep the server's wording.
 */
import * as runtime from 'wasi:mcp/runtime@0.1.0';
import type { ErrorCode } from 'wasi:mcp/types@0.1.0';
import type { CompletionArgument, CompletionReference, CompletionResult, PromptContents, RequestContext, ResourceContents, ToolResult } from 'wasi:mcp/handlers@0.1.0';
import { jsonBytes, parseJson } from '../content.js';
import { embedded, mcpToolResult, promptContents } from '../results.js';
import { exitCalled } from './process.js';
import { Buffer } from 'buffer';
import { stdin, stdout } from './stdio.js';

type Json = Record<string, unknown>;
type WitError = { code: ErrorCode; message: string; data?: Uint8Array };
interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

/** The revision the bridge speaks to the server (the host speaks each client's own). */
const PROTOCOL_VERSION = '2025-11-25';
/** What the bridge tells the server its client can do: what the host relays (each call still needs the real client's capability). */
const CLIENT_CAPABILITIES = { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } };
/** Event-loop turns the server gets to reach its transport's start (main() awaiting its set-up). */
const START_TURNS = 10_000;

/** What the SDK's StdioServerTransport reads in one message (its ReadBuffer's default, v1 and v2): it drops a longer line without an answer. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** Whether a line is over MAX_MESSAGE_BYTES (a string's UTF-8 is 1 to 3 bytes a UTF-16 unit: counted only between). */
const overTransport = (line: string): boolean => line.length >= MAX_MESSAGE_BYTES || (line.length * 3 >= MAX_MESSAGE_BYTES && Buffer.byteLength(line) >= MAX_MESSAGE_BYTES);
const tooLong = (bytes: number): RpcError => ({ code: -32600, message: `the request is ${bytes} bytes or more, over the ${MAX_MESSAGE_BYTES} bytes the server's stdio transport reads in one message` });

/** JSON-RPC code → WIT error code (the host maps it back, wit-errors.ts). */
const WIT_CODES: Record<number, ErrorCode> = { [-32600]: 'invalid-request', [-32601]: 'method-not-found', [-32602]: 'invalid-params', [-32603]: 'internal-error', [-32002]: 'resource-not-found', [-32001]: 'timeout' };
/** WIT error code of a runtime import's failure → JSON-RPC code, for the server. */
const RPC_CODES: Partial<Record<ErrorCode, number>> = { 'invalid-request': -32600, 'method-not-found': -32601, 'invalid-params': -32602, timeout: -32001, 'missing-client-capability': -32021 };

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const turn = (): Promise<void> => new Promise((resolve) => setTimeout(() => resolve(), 0));

/** The server's JSON-RPC error as the WIT error a handler rejects with (a plain object: an Error would trap). */
function witError(error: RpcError): WitError {
  const code = WIT_CODES[error.code] ?? 'internal-error';
  const data = error.data === undefined ? undefined : jsonBytes(error.data);
  return { code, message: String(error.message), ...(data ? { data } : {}) };
}

/** JSON-RPC over the server's stdio, from the client's side. */
class Peer {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: RpcError) => void }>();
  /** Server requests answered while a handler runs (a runtime import may block on the client). */
  onRequest: (method: string, params: unknown) => unknown = () => {
    throw { code: -32601, message: 'Method not found' };
  };
  onNotification: (method: string, params: Json) => void = () => {};

  constructor() {
    stdout.sink((line) => this.receive(line));
  }

  request(method: string, params: Json): Promise<unknown> {
    const id = this.nextId++;
    const line = JSON.stringify({ jsonrpc: '2.0', id, method, params });
    // Refused here, not sent: the server's transport would drop it unanswered, and the call end in a trap.
    if (overTransport(line)) return Promise.reject(tooLong(Buffer.byteLength(line)));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      queueMicrotask(() => stdin.deliver(line));
    });
  }

  notify(method: string, params: Json = {}): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Later, not now: the server may be inside its own send() when we answer it. */
  private send(message: Json): void {
    const line = JSON.stringify(message);
    queueMicrotask(() => stdin.deliver(line));
  }

  private receive(line: string): void {
    if (line.trim() === '') return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      console.error(`(not JSON-RPC, on the server's stdout) ${line}`);
      return;
    }
    if (!isRecord(message)) return;
    const { id, method } = message;
    if (typeof method === 'string') {
      const params = isRecord(message.params) ? message.params : {};
      if (id === undefined) return this.onNotification(method, params);
      let reply: Json;
      try {
        reply = { result: this.onRequest(method, params) ?? {} };
      } catch (err) {
        reply = { error: isRecord(err) && typeof err.code === 'number' ? err : { code: -32603, message: String((err as Error)?.message ?? err) } };
      }
      return this.send({ jsonrpc: '2.0', id, ...reply });
    }
    const waiting = typeof id === 'number' ? this.pending.get(id) : undefined;
    if (!waiting) return;
    this.pending.delete(id as number);
    if (isRecord(message.error)) waiting.reject(message.error as unknown as RpcError);
    else waiting.resolve(message.result);
  }
}

/** Run a runtime import for the server; its WIT error as the JSON-RPC error the server gets. */
function relayed<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const payload = (err as { payload?: { code?: ErrorCode; message?: string } }).payload;
    throw { code: (payload?.code && RPC_CODES[payload.code]) ?? -32603, message: payload?.message ?? String((err as Error)?.message ?? err) };
  }
}

/**
 * `fn` run for a notification, one run at a time and at most one more
 * queued: a storm of list_changed (one per tool an SDK server adds) costs
 * two listings, not one each, and leaves no listing waiting per notification.
 */
function coalesced(fn: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const go = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void fn()
      .catch(() => {})
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          go();
        }
      });
  };
  return go;
}

/** Why the start failed, in words: an Error, a runtime import's WIT error (`payload`), or the server's JSON-RPC error. */
function startFailure(err: unknown): string {
  const payload = isRecord(err) && isRecord(err.payload) ? err.payload : undefined;
  if (payload) return `the host refused it: ${String(payload.code)}: ${String(payload.message)}`;
  if (err instanceof Error) return err.message;
  if (isRecord(err) && typeof err.message === 'string') return `${err.message} (JSON-RPC error ${String(err.code)})`;
  return String(err);
}

const LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

export interface Bridged {
  run: { run(): Promise<void> };
  handlers: Record<string, (...args: never[]) => unknown>;
}

/** The component's exports for the server whose module `start` initializes (its top level runs then, not at build time). */
export function bridge(start: () => Promise<unknown>): Bridged {
  const peer = new Peer();

  async function listAll(method: string, key: string): Promise<Json[]> {
    const items: Json[] = [];
    let cursor: string | undefined;
    do {
      // A list the server has no handler for is empty: a low-level Server that declares
      // `resources` often serves resources/list and not resources/templates/list.
      const page = (await peer.request(method, cursor ? { cursor } : {}).catch((err: RpcError) => {
        if (err?.code === -32601) return {};
        throw err;
      })) as Json;
      const list = page[key];
      if (Array.isArray(list)) items.push(...list.filter(isRecord));
      cursor = typeof page.nextCursor === 'string' && page.nextCursor !== '' ? page.nextCursor : undefined;
    } while (cursor);
    return items;
  }

  const opt = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const optBool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

  async function registerTools(): Promise<void> {
    const tools = await listAll('tools/list', 'tools');
    if (tools.length === 0) return;
    runtime.registerTools(
      tools.map((t) => {
        const a = isRecord(t.annotations) ? t.annotations : undefined;
        return {
          name: String(t.name),
          title: opt(t.title),
          description: opt(t.description) ?? '',
          inputSchema: jsonBytes(t.inputSchema ?? { type: 'object' }),
          outputSchema: t.outputSchema === undefined ? undefined : jsonBytes(t.outputSchema),
          annotations: a
            ? { title: opt(a.title), readOnlyHint: optBool(a.readOnlyHint), destructiveHint: optBool(a.destructiveHint), idempotentHint: optBool(a.idempotentHint), openWorldHint: optBool(a.openWorldHint) }
            : undefined,
        };
      }),
    );
  }

  async function registerResources(): Promise<void> {
    const resources = await listAll('resources/list', 'resources');
    if (resources.length > 0) {
      runtime.registerResources(
        resources.map((r) => ({
          uri: String(r.uri),
          name: String(r.name),
          title: opt(r.title),
          description: opt(r.description),
          mimeType: opt(r.mimeType),
          size: typeof r.size === 'number' && Number.isSafeInteger(r.size) && r.size >= 0 ? BigInt(r.size) : undefined,
        })),
      );
    }
    const templates = await listAll('resources/templates/list', 'resourceTemplates');
    if (templates.length > 0) {
      runtime.registerResourceTemplates(
        templates.map((t) => ({ uriTemplate: String(t.uriTemplate), name: String(t.name), title: opt(t.title), description: opt(t.description), mimeType: opt(t.mimeType) })),
      );
    }
  }

  async function registerPrompts(): Promise<void> {
    const prompts = await listAll('prompts/list', 'prompts');
    if (prompts.length === 0) return;
    runtime.registerPrompts(
      prompts.map((p) => ({
        name: String(p.name),
        title: opt(p.title),
        description: opt(p.description),
        arguments: Array.isArray(p.arguments)
          ? p.arguments.filter(isRecord).map((a) => ({ name: String(a.name), description: opt(a.description), required: optBool(a.required) }))
          : undefined,
      })),
    );
  }

  const toolsChanged = coalesced(registerTools);
  const resourcesChanged = coalesced(registerResources);
  const promptsChanged = coalesced(registerPrompts);

  /**
   * Set once the host serves it. Before, no client can hear a log or answer
   * a sampling request, and relaying them would spend the start's budget of
   * runtime calls (10,000), which its registrations need: a server logging
   * at length while it starts could not start.
   */
  let serving = false;
  const HEARD_ONLY_WHILE_SERVING = new Set(['notifications/message', 'notifications/progress', 'notifications/resources/updated']);

  peer.onRequest = (method, params) => {
    if (!serving && method !== 'ping') throw { code: -32600, message: `${method} cannot be sent while the server starts: no client is connected yet` };
    switch (method) {
      case 'ping':
        return {};
      case 'sampling/createMessage':
        return parseJson(relayed(() => runtime.createMessage(jsonBytes(params))));
      case 'elicitation/create':
        return parseJson(relayed(() => runtime.elicit(jsonBytes(params))));
      case 'roots/list':
        return { roots: relayed(() => runtime.listRoots()).map((r) => ({ uri: r.uri, ...(r.name !== undefined ? { name: r.name } : {}) })) };
      default:
        throw { code: -32601, message: `Method not found: ${method} (mcp-host relays sampling, elicitation and roots)` };
    }
  };

  peer.onNotification = (method, params) => {
    if (!serving && HEARD_ONLY_WHILE_SERVING.has(method)) return;
    // Best effort, as notifications are: a refusal (no client listening) is not the server's failure.
    const quietly = (fn: () => unknown): void => {
      try {
        fn();
      } catch {}
    };
    switch (method) {
      case 'notifications/message': {
        const level = LEVELS.includes(String(params.level)) ? (params.level as (typeof LEVELS)[number]) : 'info';
        const data = params.data;
        return quietly(() => runtime.log(level as never, typeof data === 'string' ? data : '', typeof data === 'string' ? undefined : jsonBytes(data ?? null)));
      }
      case 'notifications/progress':
        if (params.progressToken === undefined || typeof params.progress !== 'number') return;
        return quietly(() =>
          runtime.reportProgress(String(params.progressToken), params.progress as number, typeof params.total === 'number' ? params.total : undefined, opt(params.message)),
        );
      case 'notifications/resources/updated':
        return quietly(() => runtime.sendNotification({ tag: 'resources-updated', val: [String(params.uri)] }));
      // Registering again replaces entries and makes the host tell its clients.
      case 'notifications/tools/list_changed':
        return toolsChanged();
      case 'notifications/resources/list_changed':
        return resourcesChanged();
      case 'notifications/prompts/list_changed':
        return promptsChanged();
      default:
        return;
    }
  };

  /**
   * The entry (wasi:cli/run) returns a bare error: the host can only say it
   * failed, so the reason is written to stderr (the host's log) first.
   */
  async function run(): Promise<void> {
    try {
      await startServer();
    } catch (err) {
      console.error(`mcp-host: the server did not start: ${startFailure(err)}`);
      throw err;
    }
  }

  async function startServer(): Promise<void> {
    const started = start();
    let failed: unknown;
    started.catch((err: unknown) => void (failed ??= err));
    // The server's top level (main()) starts its transport when it is ready: wait for it to listen on stdin.
    for (let i = 0; stdin.listenerCount('data') === 0; i++) {
      if (exitCalled !== undefined) throw new Error(`the server exited (process.exit(${exitCalled})) while starting; its output above says why`);
      if (failed !== undefined) throw failed;
      if (i >= START_TURNS) throw new Error('the server never started its stdio transport (server.connect(new StdioServerTransport()))');
      await turn();
    }
    const init = (await peer.request('initialize', {
      protocolVersion: PROTOCOL_VERSION,
      capabilities: CLIENT_CAPABILITIES,
      clientInfo: { name: 'mcp-host', version: '0.1.0' },
    }).catch((err: RpcError) => {
      throw new Error(`the server refused initialize: ${err.message}`);
    })) as Json;
    peer.notify('notifications/initialized');
    const info = isRecord(init.serverInfo) ? init.serverInfo : {};
    const caps = isRecord(init.capabilities) ? init.capabilities : {};
    const resources = isRecord(caps.resources) ? caps.resources : undefined;
    runtime.registerServer({
      name: opt(info.name) ?? 'server',
      version: opt(info.version) ?? '0.0.0',
      title: opt(info.title),
      instructions: opt(init.instructions),
      capabilities: {
        completions: isRecord(caps.completions),
        logging: isRecord(caps.logging) ? {} : undefined,
        tools: isRecord(caps.tools) ? { listChanged: optBool(caps.tools.listChanged) } : undefined,
        prompts: isRecord(caps.prompts) ? { listChanged: optBool(caps.prompts.listChanged) } : undefined,
        resources: resources ? { subscribe: optBool(resources.subscribe), listChanged: optBool(resources.listChanged) } : undefined,
      },
    });
    if (isRecord(caps.tools)) await registerTools();
    if (resources) await registerResources();
    if (isRecord(caps.prompts)) await registerPrompts();
    runtime.serve();
    serving = true;
  }

  const meta = (context: RequestContext): Json => (context.progressToken === undefined ? {} : { _meta: { progressToken: context.progressToken } });
  /** The server's answer, or its JSON-RPC error as the WIT error. */
  const ask = <T>(method: string, params: Json, then: (result: Json) => T): Promise<T> =>
    peer.request(method, params).then(
      (result) => then(isRecord(result) ? result : {}),
      (err: RpcError) => Promise.reject(witError(err)),
    );
  /** A result the host cannot take is the server's fault: an internal error naming it (never a trap). */
  const checked =
    <T>(what: string, convert: (r: Json) => T) =>
    (r: Json): T => {
      try {
        return convert(r);
      } catch (err) {
        throw { code: 'internal-error', message: `${what}: ${(err as Error).message}` } satisfies WitError;
      }
    };

  const handlers = {
    callTool(name: string, argumentBytes: Uint8Array, context: RequestContext): Promise<ToolResult> {
      // Before parsing: arguments that could never be sent cost no copies of themselves (memory is the instance's, shared by every session).
      if (argumentBytes.byteLength >= MAX_MESSAGE_BYTES) return Promise.reject(witError(tooLong(argumentBytes.byteLength)));
      return ask('tools/call', { name, arguments: parseJson(argumentBytes), ...meta(context) }, checked(`tool ${name}`, mcpToolResult));
    },
    readResource(uri: string, context: RequestContext): Promise<ResourceContents> {
      return ask(
        'resources/read',
        { uri, ...meta(context) },
        checked(`resource ${uri}`, (r) => ({ contents: (Array.isArray(r.contents) ? r.contents : []).map((c, i) => embedded(c, `contents[${i}]`)) })),
      );
    },
    getPrompt(name: string, argumentBytes: Uint8Array | undefined, context: RequestContext): Promise<PromptContents> {
      return ask('prompts/get', { name, ...(argumentBytes ? { arguments: parseJson(argumentBytes) } : {}), ...meta(context) }, checked(`prompt ${name}`, (r) => promptContents(name, r)));
    },
    handleSubscribe(uri: string): Promise<void> {
      return ask('resources/subscribe', { uri }, () => undefined);
    },
    handleUnsubscribe(uri: string): Promise<void> {
      return ask('resources/unsubscribe', { uri }, () => undefined);
    },
    handleComplete(reference: CompletionReference, argument: CompletionArgument, contextBytes: Uint8Array | undefined): Promise<CompletionResult> {
      const ref = reference.tag === 'prompt' ? { type: 'ref/prompt', name: reference.val } : { type: 'ref/resource', uri: reference.val };
      const context = contextBytes ? { context: { arguments: parseJson(contextBytes) } } : {};
      return ask('completion/complete', { ref, argument, ...context }, (r) => {
        const c = isRecord(r.completion) ? r.completion : {};
        const values = Array.isArray(c.values) ? c.values.filter((v): v is string => typeof v === 'string') : [];
        // total is a u32 in WIT: anything else would be wrapped there (-1 → 4294967295), so it is left out.
        const total = typeof c.total === 'number' && Number.isInteger(c.total) && c.total >= 0 && c.total <= 0xffff_ffff ? c.total : undefined;
        return { values, total, hasMore: optBool(c.hasMore) };
      });
    },
  };

  return { run: { run }, handlers };
}
