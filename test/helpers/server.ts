/**
 * Start `mcp-host run` as a real child process and connect the SDK's
 * reference Client to it over stdio. Every test server shares one transpile
 * cache per test file (a temp dir), so only the first start transpiles.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { cliPath, root } from './fixtures.js';

export const testCacheDir = (): string => mkdtempSync(join(tmpdir(), 'mcp-host-test-cache-'));

export interface RunningServer {
  client: Client;
  /** Process id of `mcp-host run`. */
  pid: number;
  /** Everything the host wrote to stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

/** `component` null: the arguments name the components (e.g. `--manifest m.json`). */
export async function startServer(
  component: string | null,
  opts: { cacheDir: string; args?: string[]; capabilities?: ClientCapabilities; env?: Record<string, string> },
): Promise<RunningServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliPath, 'run', ...(component === null ? [] : [component]), ...(opts.args ?? [])],
    cwd: root,
    env: { PATH: process.env.PATH ?? '', MCP_HOST_CACHE_DIR: opts.cacheDir, ...opts.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'mcp-host-tests', version: '0.0.0' }, { capabilities: opts.capabilities ?? {} });
  try {
    await client.connect(transport);
  } catch (err) {
    throw new Error(`could not connect to mcp-host run ${component}: ${(err as Error).message}\nstderr:\n${stderr}`);
  }
  return { client, pid: transport.pid!, stderr: () => stderr, close: () => client.close() };
}
