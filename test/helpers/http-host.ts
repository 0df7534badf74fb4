/** Start `mcp-host run --http` as a real process and find its URL in its stderr. */
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { cliPath, root } from './fixtures.js';

export interface HttpHost {
  url: string;
  /** Process id of `mcp-host run`. */
  pid: number;
  stderr(): string;
  /** A new SDK client session on this server. */
  connect(capabilities?: ClientCapabilities): Promise<Client>;
  close(): Promise<void>;
}

/** `nofile`: run it under this open-files limit (soft and hard, with bash's ulimit; the pid stays the host's). `env`: added to its environment. */
export async function startHttpHost(component: string, opts: { cacheDir: string; args?: string[]; nofile?: number; env?: Record<string, string> }): Promise<HttpHost> {
  const argv = [cliPath, 'run', component, '--http', '127.0.0.1:0', ...(opts.args ?? [])];
  const [command, args] =
    opts.nofile === undefined ? [process.execPath, argv] : ['bash', ['-c', `ulimit -n ${opts.nofile} && exec "$0" "$@"`, process.execPath, ...argv]];
  const child = spawn(command, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', MCP_HOST_CACHE_DIR: opts.cacheDir, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = / on (http:\/\/\S+\/mcp)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`mcp-host exited (${code}) before serving:\n${stderr}`)));
  });
  const clients: Client[] = [];
  return {
    url,
    pid: child.pid!,
    stderr: () => stderr,
    async connect(capabilities = {}) {
      const client = new Client({ name: 'http-test', version: '0.0.0' }, { capabilities });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
