/**
 * `mcp-host run <component.wasm...>`: grants → policies, load and check each
 * component, then serve them (one, or the union of several) on stdio or,
 * with --http, on Streamable HTTP.
 */
import type { Backend } from '../../host/backend/backend.js';
import { ComponentBackend } from '../../host/backend/component-backend.js';
import { CompositeBackend } from '../../host/backend/composite-backend.js';
import { loadComponent, type LoadedComponent } from '../../host/backend/load.js';
import { entriesFromPaths, readManifest } from '../../host/compose/manifest.js';
import { UserError } from '../../host/errors.js';
import { createProtocolServer } from '../../host/protocol/server.js';
import { resolveSandbox, type GrantOptions } from '../../host/sandbox/grants.js';
import { clientRequestTimeoutMs, type Limits, type SandboxPolicy } from '../../host/sandbox/policy.js';
import { serveHttp, type Session } from '../../host/transports/http.js';
import { serveStdio } from '../../host/transports/stdio.js';
import { logLine } from '../report.js';

export interface RunCommandOptions extends GrantOptions {
  /** A manifest listing the components and their grants, instead of paths. */
  manifest?: string;
  /** Prefix each component's tools and prompts with its name. */
  namespace?: boolean;
  /** `[host:]port` to serve Streamable HTTP on instead of stdio. */
  http?: string;
  /** Extra host names accepted in Host and Origin headers. */
  httpAllowHost?: string[];
  /** `shared` (default): one instance for every session; `per-session`: one each. */
  instances?: string;
}

interface Prepared {
  name: string;
  component: LoadedComponent;
  policy: SandboxPolicy;
  limits: Limits;
}

export async function runCommand(paths: string[], opts: RunCommandOptions): Promise<void> {
  const endpoint = opts.http === undefined ? undefined : parseEndpoint(opts.http);
  if (opts.manifest && paths.length > 0) throw new UserError('pass component files or --manifest, not both');
  if (!opts.manifest && paths.length === 0) throw new UserError('no component given', 'Example: mcp-host run server.wasm');
  const manifest = opts.manifest ? await readManifest(opts.manifest) : undefined;
  const entries = manifest?.components ?? entriesFromPaths(paths);
  const namespace = Boolean(opts.namespace || manifest?.namespace);

  const prepared: Prepared[] = [];
  for (const entry of entries) {
    const { policy, limits } = await resolveSandbox(entry.name, opts, process.env, entry.inline);
    const component = await loadComponent(entry.path, policy.maxMemoryBytes, entry.name);
    const { transpiled } = component;
    logLine(
      transpiled.fromCache
        ? `${entry.name}: transpile cache hit (${transpiled.hash.slice(0, 12)})`
        : `${entry.name}: transpiled in ${transpiled.seconds.toFixed(1)} s, cached (${transpiled.hash.slice(0, 12)})`,
    );
    prepared.push({ name: entry.name, component, policy, limits });
  }

  /** One backend for the whole server: a component's, or the union of several. */
  const startBackend = async (): Promise<Backend> => {
    const parts = [];
    for (const p of prepared) {
      parts.push({ name: p.name, backend: await ComponentBackend.start(p.component, { sandbox: p.policy, limits: p.limits, log: logLine }) });
    }
    if (parts.length === 1) return parts[0]!.backend;
    try {
      return new CompositeBackend(parts, namespace);
    } catch (err) {
      await Promise.all(parts.map((p) => p.backend.close()));
      throw err;
    }
  };
  const protocol = { clientRequestTimeoutMs: Math.max(...prepared.map((p) => clientRequestTimeoutMs(p.limits))) };
  const backend = await startBackend();
  const { name, version } = backend.serverInfo();
  const label = prepared.map((p) => p.name).join('+');

  if (!endpoint) {
    logLine(`${label}: serving ${name} ${version} on stdio`);
    const stop = (): void => void backend.close().finally(() => process.exit(0));
    process.once('SIGINT', stop).once('SIGTERM', stop);
    try {
      await serveStdio(createProtocolServer(backend, protocol));
    } finally {
      await backend.close();
    }
    return;
  }

  const perSession = opts.instances === 'per-session';
  const openSession = async (): Promise<Session> => {
    if (!perSession) return { server: createProtocolServer(backend, protocol), release: async () => {} };
    const own = await startBackend();
    return { server: createProtocolServer(own, protocol), release: () => own.close() };
  };
  const http = await serveHttp({
    ...endpoint,
    allowedHosts: [...new Set(['localhost', '127.0.0.1', '[::1]', endpoint.host, ...(opts.httpAllowHost ?? [])])],
    openSession,
    log: logLine,
  });
  logLine(`${label}: serving ${name} ${version} on ${http.url} (${perSession ? 'an instance per session' : 'one instance shared by all sessions'})`);
  await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  await http.close();
  await backend.close();
}

/** `8080`, `127.0.0.1:8080`, `[::1]:8080`, `0.0.0.0:0`. Binds 127.0.0.1 unless told otherwise. */
function parseEndpoint(spec: string): { host: string; port: number } {
  const m = /^(?:(\[[0-9a-fA-F:]+\]|[^:]+):)?(\d+)$/.exec(spec);
  const port = Number(m?.[2]);
  if (!m || port > 65535) throw new UserError(`--http "${spec}" is not [host:]port`, 'Example: --http 8080 or --http 127.0.0.1:8080');
  const host = m[1] ?? '127.0.0.1';
  return { host: host.replace(/^\[(.*)\]$/, '$1'), port };
}
