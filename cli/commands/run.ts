/** `mcp-host run <component.wasm>`: grants → policy, load, check, start, serve on stdio. */
import { basename } from 'node:path';
import { ComponentBackend } from '../../host/backend/component-backend.js';
import { createProtocolServer } from '../../host/protocol/server.js';
import { resolveSandbox, type GrantOptions } from '../../host/sandbox/grants.js';
import { serveStdio } from '../../host/transports/stdio.js';
import { logLine } from '../report.js';

export type RunCommandOptions = GrantOptions;

export async function runCommand(path: string, opts: RunCommandOptions): Promise<void> {
  const label = basename(path, '.wasm');
  const { policy, limits } = await resolveSandbox(label, opts);
  const { backend, transpiled } = await ComponentBackend.load(path, { sandbox: policy, limits, log: logLine });
  logLine(
    transpiled.fromCache
      ? `${label}: transpile cache hit (${transpiled.hash.slice(0, 12)})`
      : `${label}: transpiled in ${transpiled.seconds.toFixed(1)} s, cached (${transpiled.hash.slice(0, 12)})`,
  );
  const server = createProtocolServer(backend);
  const { name, version } = backend.serverInfo();
  logLine(`${label}: serving ${name} ${version} on stdio`);
  const stop = (): void => void backend.close().finally(() => process.exit(0));
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    await serveStdio(server);
  } finally {
    await backend.close();
  }
}
