/**
 * `mcp-host run <component.wasm...>`: wiring only. Prepare the components
 * (grants, load, check, link), start them as one backend, and serve it on
 * stdio or, with --http, on Streamable HTTP.
 */
import type { Backend } from '../../host/backend/backend.js';
import { PooledBackend } from '../../host/backend/pooled-backend.js';
import { assemblyOwnership, prepareComponents, startAssembly, type Assembly } from '../../host/compose/assemble.js';
import { entriesFromPaths, readManifest } from '../../host/compose/manifest.js';
import { UserError } from '../../host/errors.js';
import { DEFAULT_STATE_TTL_SECONDS, InputRequiredRounds, MIN_STATE_KEY_BYTES } from '../../host/protocol/input-required.js';
import { ResourceListens } from '../../host/protocol/listens.js';
import { createProtocolServer, forwardChanges, protocolFactory } from '../../host/protocol/server.js';
import { randomBytes } from 'node:crypto';
import { parseSize, type GrantOptions } from '../../host/sandbox/grants.js';
import { clientRequestTimeoutMs } from '../../host/sandbox/policy.js';
import type { Session } from '../../host/transports/http.js';
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_SESSIONS } from '../../host/transports/limits.js';
import { serveStdio, StdioTransport } from '../../host/transports/stdio.js';
import { logLine } from '../report.js';

export interface RunCommandOptions extends GrantOptions {
  /** A manifest listing the components, their grants and links, instead of paths. */
  manifest?: string;
  /** Prefix each component's tools and prompts with its name. */
  namespace?: boolean;
  /** `[host:]port` to serve Streamable HTTP on instead of stdio. */
  http?: string;
  /** Extra host names accepted in Host and Origin headers. */
  httpAllowHost?: string[];
  /** `shared` (default): one instance for every session; `per-session`: one each; `pool:N`: N shared. */
  instances?: string;
  /** Seconds a session may stay idle before it is closed. */
  sessionIdle?: string;
  /** Largest message a client may send (a stdin line, an HTTP body). */
  maxMessageBytes?: string;
  /** Over HTTP: most sessions open at once. */
  maxSessions?: string;
  /** The key that seals input-required state (else env MCP_HOST_STATE_KEY, else random per process). */
  stateKey?: string;
  /** Seconds an input-required state stays good. */
  stateTtl?: string;
}

type Instances = { mode: 'shared' } | { mode: 'per-session' } | { mode: 'pool'; size: number };

/** A pool is a few instances: each costs ~30 MiB and two threads. */
export const MAX_POOL_SIZE = 32;

/** 30 minutes: longer than any pause in a conversation, short enough that abandoned sessions do not pile up. */
export const DEFAULT_SESSION_IDLE_S = 1800;

export async function runCommand(paths: string[], opts: RunCommandOptions): Promise<void> {
  const endpoint = opts.http === undefined ? undefined : parseEndpoint(opts.http);
  const sessionIdle = Number(opts.sessionIdle ?? DEFAULT_SESSION_IDLE_S);
  if (!Number.isFinite(sessionIdle) || sessionIdle <= 0) throw new UserError(`--session-idle must be a positive number of seconds, not "${opts.sessionIdle}"`);
  const instances = parseInstances(opts.instances ?? 'shared');
  const maxMessageBytes = opts.maxMessageBytes === undefined ? DEFAULT_MAX_MESSAGE_BYTES : parseSize(opts.maxMessageBytes, '--max-message-bytes');
  const maxSessions = Number(opts.maxSessions ?? DEFAULT_MAX_SESSIONS);
  if (!Number.isInteger(maxSessions) || maxSessions <= 0) throw new UserError(`--max-sessions must be a positive whole number, not "${opts.maxSessions}"`);
  const rounds = new InputRequiredRounds({ ...stateKey(opts), log: logLine });
  if (opts.manifest && paths.length > 0) throw new UserError('pass component files or --manifest, not both');
  if (opts.args && (opts.manifest || paths.length > 1)) {
    throw new UserError('arguments after -- go to a single component', 'With several components, give each its own in a manifest: "policy": { "args": ["..."] }');
  }
  if (!opts.manifest && paths.length === 0) throw new UserError('no component given', 'Example: mcp-host run server.wasm');
  const manifest = opts.manifest ? await readManifest(opts.manifest) : undefined;
  const assembly = await prepareComponents(manifest?.components ?? entriesFromPaths(paths), opts, {
    namespace: Boolean(opts.namespace || manifest?.namespace),
    links: manifest?.links,
    upstreams: manifest?.upstreams,
    log: logLine,
    onLoaded: ({ name, transpiled }) =>
      logLine(
        transpiled.fromCache
          ? `${name}: transpile cache hit (${transpiled.hash.slice(0, 12)})`
          : `${name}: transpiled in ${transpiled.seconds.toFixed(1)} s, cached (${transpiled.hash.slice(0, 12)})`,
      ),
  });
  for (const [importer, links] of assembly.links) for (const [iface, provider] of links) logLine(`${importer}: ${iface} linked to ${provider}`);

  // List answers are capped like results (the largest any component may return).
  const maxListBytes = Math.max(...assembly.components.map((c) => c.limits.maxResultBytes));
  const backend = await startBackend(assembly, instances);
  const listens = new ResourceListens(backend, logLine);
  const protocol = { clientRequestTimeoutMs: Math.max(...assembly.components.map((c) => clientRequestTimeoutMs(c.limits))), rounds, listens, log: logLine };
  const { name, version } = backend.serverInfo();
  const label = assembly.components.map((c) => c.name).join('+');

  if (!endpoint) {
    logLine(`${label}: serving ${name} ${version} on stdio${instances.mode === 'pool' ? ` (a pool of ${instances.size} instances)` : ''}`);
    const stop = (): void => void Promise.allSettled([backend.close(), assembly.upstreams.close()]).finally(() => process.exit(0));
    process.once('SIGINT', stop).once('SIGTERM', stop);
    try {
      const transport = new StdioTransport(process.stdin, process.stdout, { maxMessageBytes, maxListBytes, log: logLine, onListen: (uris, ended) => listens.hold(uris, ended) });
      await serveStdio(protocolFactory(backend, { ...protocol, congested: () => transport.congested() }), transport, (err) => logLine(`stdio: ${err.message}`));
    } finally {
      await backend.close();
      await assembly.upstreams.close();
    }
    return;
  }

  const perSession = instances.mode === 'per-session';
  const openSession = async (): Promise<Session> => {
    if (!perSession) return { server: createProtocolServer(backend, protocol, 'legacy', false), release: async () => {} };
    const own = await startAssembly(assembly, logLine);
    return { server: createProtocolServer(own, protocol, 'legacy', false), release: () => own.close() };
  };
  const { serveHttp } = await import('../../host/transports/http.js');
  const http = await serveHttp({
    ...endpoint,
    allowedHosts: [...new Set(['localhost', '127.0.0.1', '[::1]', endpoint.host, ...(opts.httpAllowHost ?? [])])],
    // Per-session instances hold per-client state, which the stateless era has no session for: serving
    // its requests from a shared instance would let clients see each other's. 2025 sessions only, then.
    factory: perSession ? undefined : protocolFactory(backend, protocol),
    openSession,
    // 2026-07-28 clients hear of changes on their listen streams (the shared backend's; per-session instances serve 2025 sessions only).
    onNotifier: (notify) => void forwardChanges(backend, notify, listens),
    onListen: (uris, ended) => listens.hold(uris, ended),
    sessionIdleMs: sessionIdle * 1000,
    maxMessageBytes,
    maxListBytes,
    maxSessions,
    log: logLine,
  });
  const sharing =
    instances.mode === 'pool' ? `a pool of ${instances.size} instances shared by all sessions` : perSession ? 'an instance per session' : 'one instance shared by all sessions';
  logLine(`${label}: serving ${name} ${version} on ${http.url} (${sharing})`);
  await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  await http.close();
  await backend.close();
  await assembly.upstreams.close();
}

/**
 * The key that seals input-required state: --state-key, else the
 * environment's MCP_HOST_STATE_KEY (kept out of `ps`), else random, which
 * is right for one process; processes that share clients share a key.
 */
function stateKey(opts: RunCommandOptions): { key: Uint8Array; ttlSeconds: number } {
  const ttlSeconds = Number(opts.stateTtl ?? DEFAULT_STATE_TTL_SECONDS);
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) throw new UserError(`--state-ttl must be a positive number of seconds, not "${opts.stateTtl}"`);
  const given = opts.stateKey ?? process.env.MCP_HOST_STATE_KEY;
  if (given === undefined || given === '') return { key: randomBytes(MIN_STATE_KEY_BYTES), ttlSeconds };
  const key = new TextEncoder().encode(given);
  if (key.byteLength < MIN_STATE_KEY_BYTES) {
    const from = opts.stateKey !== undefined ? '--state-key' : 'MCP_HOST_STATE_KEY';
    throw new UserError(`${from} is ${key.byteLength} bytes; a state key needs at least ${MIN_STATE_KEY_BYTES}`, 'Example: export MCP_HOST_STATE_KEY=$(head -c 32 /dev/urandom | base64)');
  }
  return { key, ttlSeconds };
}

/** The backend every session shares (per-session: the one stdio serves; HTTP sessions start their own). */
function startBackend(assembly: Assembly, instances: Instances): Promise<Backend> {
  if (instances.mode !== 'pool') return startAssembly(assembly, logLine);
  const owners = assemblyOwnership(assembly); // one for all members: a claim made on one holds on every one
  return PooledBackend.start(instances.size, () => startAssembly(assembly, logLine, owners));
}

/** `shared`, `per-session`, `pool:N`. */
function parseInstances(spec: string): Instances {
  if (spec === 'shared' || spec === 'per-session') return { mode: spec };
  const m = /^pool:(\d+)$/.exec(spec);
  const size = Number(m?.[1]);
  if (!m || size < 1 || size > MAX_POOL_SIZE) {
    throw new UserError(`--instances "${spec}" is not shared, per-session or pool:N (N from 1 to ${MAX_POOL_SIZE})`, 'Example: --instances pool:4');
  }
  return { mode: 'pool', size };
}

/** `8080`, `127.0.0.1:8080`, `[::1]:8080`, `0.0.0.0:0`. Binds 127.0.0.1 unless told otherwise. */
function parseEndpoint(spec: string): { host: string; port: number } {
  const m = /^(?:(\[[0-9a-fA-F:]+\]|[^:]+):)?(\d+)$/.exec(spec);
  const port = Number(m?.[2]);
  if (!m || port > 65535) throw new UserError(`--http "${spec}" is not [host:]port`, 'Example: --http 8080 or --http 127.0.0.1:8080');
  const host = m[1] ?? '127.0.0.1';
  return { host: host.replace(/^\[(.*)\]$/, '$1'), port };
}
