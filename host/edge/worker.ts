/**
 * The Worker `mcp-host bundle --target workers` writes: the component served
 * as an MCP server over Streamable HTTP at /mcp, by the same layers as
 * `mcp-host run --http` (host/protocol's SDK v2 servers and input-required
 * rounds, host/backend's ComponentBackend), behind the SDK's web-standard
 * entry, createMcpHandler: 2026-07-28 requests statelessly, 2025-11-25 ones
 * by its stateless legacy fallback (no sessions: any isolate answers any
 * request). The instance runs in the isolate's thread (edge/instance.ts),
 * started by the first request and kept for the isolate's life.
 *
 * Not the Node host's transport (host/transports): there is no socket to
 * guard here. The platform bounds connections and request time; the body is
 * bounded by the SDK (maxRequestBodySize), and Origin is checked as
 * DNS-rebinding protection for local use (workerd on localhost).
 */
import { createMcpHandler, ProtocolError, type McpHttpHandler } from '@modelcontextprotocol/server';
import { ComponentBackend } from '../backend/component-backend.js';
import type { LoadedComponent } from '../backend/load.js';
import { UserError } from '../errors.js';
import { InputRequiredRounds, MIN_STATE_KEY_BYTES } from '../protocol/input-required.js';
import { ResourceListens } from '../protocol/listens.js';
import { forwardChanges, protocolFactory } from '../protocol/server.js';
import { clientRequestTimeoutMs } from '../sandbox/policy.js';
import { listenFilterBytes, listenFilterTooLarge, MAX_LISTEN_FILTER_BYTES } from '../transports/limits.js';
import { jsonRpcError, readBody } from './body.js';
import { EdgeSchemaChecks } from './checks.js';
import { edgePolicy, type EdgeConfig, type WorkerEnv } from './config.js';
import type { Glue } from '../worker/instantiate.js';
import { InThreadInstance } from './instance.js';
import { edgeWasiImports } from './wasi.js';

const PATH = '/mcp';
/** Listen streams one isolate holds open at most. */
const MAX_SUBSCRIPTIONS = 64;

interface Serving {
  handler: McpHttpHandler;
  listens: ResourceListens;
}

export interface WorkerModule {
  fetch(request: Request, env: WorkerEnv): Promise<Response>;
}

/** The Worker's default export, for one component. */
export function componentWorker(config: EdgeConfig, glue: Glue, coreModules: Record<string, WebAssembly.Module>): WorkerModule {
  let serving: Promise<Serving> | undefined;
  const log = (line: string): void => console.error(line);
  return {
    async fetch(request, env) {
      const url = new URL(request.url);
      if (url.pathname !== PATH) return new Response(`Not found: the MCP endpoint is ${PATH}\n`, { status: 404 });
      const refused = rebinding(request, url, config.allowHostnames);
      if (refused) return jsonRpcError(403, -32000, `Forbidden: ${refused}`);
      const started = (serving ??= start(config, glue, coreModules, env, log));
      let served: Serving;
      try {
        served = await started;
      } catch (err) {
        // Not kept: the next request tries again (a missing secret may have been set since).
        if (serving === started) serving = undefined;
        const message = err instanceof UserError ? err.message : `the component could not be started: ${(err as Error)?.message ?? String(err)}`;
        log(message);
        return jsonRpcError(500, -32603, message);
      }
      const body = await readBody(request, config.maxMessageBytes);
      if (body && !body.ok) return body.response;
      const listen = body ? listenFilter(body.value) : { bytes: 0 };
      if (listen.tooLarge) return jsonRpcError(200, -32602, listenFilterTooLarge(listen.bytes), listen.id);
      const response = await served.handler.fetch(request, body ? { parsedBody: body.value } : undefined);
      return listen.resources === undefined ? response : holdWhileOpen(response, listen.resources, served.listens);
    },
  };
}

async function start(config: EdgeConfig, glue: Glue, coreModules: Record<string, WebAssembly.Module>, env: WorkerEnv, log: (line: string) => void): Promise<Serving> {
  const sandbox = edgePolicy(config, env);
  const component: LoadedComponent = {
    name: config.name,
    path: `${config.name}.wasm`,
    transpiled: { hash: '', componentUrl: '', dir: '', imports: [], exports: [], serverChecks: config.serverChecks, fromCache: true, seconds: 0 },
    coreModules: Promise.resolve(coreModules),
  };
  const parts = { glue, coreModules, wasi: edgeWasiImports };
  const backend = await ComponentBackend.start(component, {
    sandbox,
    limits: config.limits,
    log,
    startInstance: (opts) => InThreadInstance.start(parts, opts),
    schemaChecks: () => new EdgeSchemaChecks(),
  });
  const rounds = new InputRequiredRounds({ key: stateKey(env, log), ttlSeconds: config.stateTtlSeconds, log });
  const listens = new ResourceListens(backend, log);
  const factory = protocolFactory(backend, { clientRequestTimeoutMs: clientRequestTimeoutMs(config.limits), rounds, listens, log });
  const handler = createMcpHandler(factory, {
    legacy: 'stateless',
    maxSubscriptions: MAX_SUBSCRIPTIONS,
    maxRequestBodySize: config.maxMessageBytes,
    onerror: (err) => {
      // What a client got wrong is answered to it; only the host's own failures are logged.
      if (err instanceof ProtocolError || /^(Rejected |Unsupported Media Type|subscriptions\/listen refused)/.test(err.message)) return;
      log(`http: ${err.message}`);
    },
  });
  forwardChanges(backend, handler.notify, listens);
  const { name, version } = backend.serverInfo();
  log(`${config.name}: serving ${name} ${version} on ${PATH} (in this isolate)`);
  return { handler, listens };
}

/**
 * The key that seals input-required state: the Worker's secret
 * MCP_HOST_STATE_KEY, which every isolate shares (a state sealed by one is
 * good on another); without it, random per isolate, which serves one
 * isolate (local workerd) and fails a round that lands on another.
 */
function stateKey(env: WorkerEnv, log: (line: string) => void): Uint8Array {
  const given = env.MCP_HOST_STATE_KEY;
  if (typeof given === 'string' && given !== '') {
    const key = new TextEncoder().encode(given);
    if (key.byteLength < MIN_STATE_KEY_BYTES) throw new UserError(`the secret MCP_HOST_STATE_KEY is ${key.byteLength} bytes; a state key needs at least ${MIN_STATE_KEY_BYTES}`);
    return key;
  }
  log('no MCP_HOST_STATE_KEY: input-required state is sealed with a key of this isolate only (set that secret, 32 bytes or more, for every isolate to share one)');
  return crypto.getRandomValues(new Uint8Array(MIN_STATE_KEY_BYTES));
}

/** Host names always accepted: a Worker served on this machine (workerd, wrangler dev). */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * DNS-rebinding protection, as the Node host's (Host and Origin must name
 * an allowed host): a page of a domain that resolves to 127.0.0.1 must not
 * reach a Worker served locally. On Cloudflare (`request.cf.colo` is set) the
 * platform routed the request by its Host, so only Origin is checked there:
 * the Worker's own host, or one allowed.
 */
function rebinding(request: Request, url: URL, allowed: string[]): string | undefined {
  const names = new Set([...LOOPBACK, ...allowed.map((a) => a.toLowerCase())]);
  // Cloudflare's edge says which data centre answered (`cf.colo`); workerd on this machine sets no colo.
  const onPlatform = typeof (request as { cf?: { colo?: unknown } }).cf?.colo === 'string';
  if (!onPlatform && !names.has(url.hostname.toLowerCase())) return `host ${url.hostname.slice(0, 200)} is not allowed (allow it with --http-allow-host when bundling)`;
  const origin = request.headers.get('origin');
  if (origin === null) return undefined;
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return 'the Origin header is not a URL';
  }
  if (from.host.toLowerCase() === url.host.toLowerCase() || names.has(from.hostname.toLowerCase())) return undefined;
  return `origin ${origin.slice(0, 200)} is not allowed (allow it with --http-allow-host when bundling)`;
}

/** A `subscriptions/listen` request's resources, bounded like the Node host's (64 KiB of filter). */
function listenFilter(body: unknown): { resources?: unknown; tooLarge?: boolean; bytes: number; id?: string | number } {
  const bytes = listenFilterBytes(body);
  if (bytes === 0) return { bytes };
  const id = (body as { id?: unknown }).id;
  const requestId = typeof id === 'string' || typeof id === 'number' ? id : undefined;
  if (bytes > MAX_LISTEN_FILTER_BYTES) return { tooLarge: true, bytes, id: requestId };
  const params = (body as { params?: { notifications?: { resourceSubscriptions?: unknown } } }).params;
  return { resources: params?.notifications?.resourceSubscriptions, bytes, id: requestId };
}

/** The backend holds a listen's subscriptions while its stream is open (the SDK answered it with a stream). */
function holdWhileOpen(response: Response, resources: unknown, listens: ResourceListens): Response {
  if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) return response;
  const ended = new AbortController();
  listens.hold(resources, ended.signal);
  const { readable, writable } = new TransformStream();
  void response.body.pipeTo(writable).catch(() => {}).finally(() => ended.abort());
  return new Response(readable, response);
}
