/**
 * `mcp-host run <component.wasm>`: grants → policy, load and check the
 * component, then serve it on stdio or, with --http, on Streamable HTTP.
 */
import { basename } from 'node:path';
import { ComponentBackend } from '../../host/backend/component-backend.js';
import { loadComponent } from '../../host/backend/load.js';
import { UserError } from '../../host/errors.js';
import { createProtocolServer } from '../../host/protocol/server.js';
import { resolveSandbox, type GrantOptions } from '../../host/sandbox/grants.js';
import { clientRequestTimeoutMs } from '../../host/sandbox/policy.js';
import { serveHttp, type Session } from '../../host/transports/http.js';
import { serveStdio } from '../../host/transports/stdio.js';
import { logLine } from '../report.js';

export interface RunCommandOptions extends GrantOptions {
  /** `[host:]port` to serve Streamable HTTP on instead of stdio. */
  http?: string;
  /** Extra host names accepted in Host and Origin headers. */
  httpAllowHost?: string[];
  /** `shared` (default): one instance for every session; `per-session`: one each. */
  instances?: string;
}

export async function runCommand(path: string, opts: RunCommandOptions): Promise<void> {
  const endpoint = opts.http === undefined ? undefined : parseEndpoint(opts.http);
  if (opts.instances !== undefined && opts.instances !== 'shared' && opts.instances !== 'per-session') {
    throw new UserError(`--instances must be shared or per-session, not "${opts.instances}"`);
  }
  const { policy, limits } = await resolveSandbox(basename(path, '.wasm'), opts);
  const component = await loadComponent(path, policy.maxMemoryBytes);
  const { transpiled } = component;
  logLine(
    transpiled.fromCache
      ? `${component.name}: transpile cache hit (${transpiled.hash.slice(0, 12)})`
      : `${component.name}: transpiled in ${transpiled.seconds.toFixed(1)} s, cached (${transpiled.hash.slice(0, 12)})`,
  );
  const protocol = { clientRequestTimeoutMs: clientRequestTimeoutMs(limits) };
  const start = () => ComponentBackend.start(component, { sandbox: policy, limits, log: logLine });
  const backend = await start();
  const { name, version } = backend.serverInfo();

  if (!endpoint) {
    logLine(`${component.name}: serving ${name} ${version} on stdio`);
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
    const own = await start();
    return { server: createProtocolServer(own, protocol), release: () => own.close() };
  };
  const http = await serveHttp({
    ...endpoint,
    allowedHosts: [...new Set(['localhost', '127.0.0.1', '[::1]', endpoint.host, ...(opts.httpAllowHost ?? [])])],
    openSession,
    log: logLine,
  });
  logLine(`${component.name}: serving ${name} ${version} on ${http.url} (${perSession ? 'an instance per session' : 'one instance shared by all sessions'})`);
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
