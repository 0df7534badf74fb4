/** `mcp-host run <component.wasm>`: load, check, start, serve on stdio. */
import { basename } from 'node:path';
import { ComponentBackend } from '../../host/backend/component-backend.js';
import { createProtocolServer } from '../../host/protocol/server.js';
import { denyAllPolicy } from '../../host/sandbox/policy.js';
import { serveStdio } from '../../host/transports/stdio.js';
import { UserError } from '../../host/errors.js';
import { logLine } from '../report.js';

export interface RunCommandOptions {
  timeout: string;
}

export async function runCommand(path: string, opts: RunCommandOptions): Promise<void> {
  const deadlineMs = Number(opts.timeout);
  if (!Number.isFinite(deadlineMs) || deadlineMs <= 0) {
    throw new UserError(`--timeout must be a positive number of milliseconds, not "${opts.timeout}"`);
  }
  const label = basename(path, '.wasm');
  const { backend, transpiled } = await ComponentBackend.load(path, { sandbox: denyAllPolicy(label), deadlineMs, log: logLine });
  logLine(
    transpiled.fromCache
      ? `${label}: transpile cache hit (${transpiled.hash.slice(0, 12)})`
      : `${label}: transpiled in ${transpiled.seconds.toFixed(1)} s, cached (${transpiled.hash.slice(0, 12)})`,
  );
  const server = createProtocolServer(backend);
  logLine(`${label}: serving ${backend.serverInfo().name} ${backend.serverInfo().version} on stdio`);
  try {
    await serveStdio(server);
  } finally {
    await backend.close();
  }
}
