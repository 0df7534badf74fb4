/**
 * Start `mcp-host run` as a real child process and connect the SDK's
 * reference Client to it over stdio. Every test server shares one transpile
 * cache (testCacheDir), so a component is transpiled once per run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { buildDir, cliPath, root } from './fixtures.js';

/**
 * The transpile cache the tests share (under test/.build, kept between runs):
 * one copy of each component's transpiled glue and modules, however many
 * servers start. Concurrent writers are safe (the cache renames entries into
 * place).
 */
export const testCacheDir = (): string => join(buildDir, 'cache');

/** An empty cache of its own, for a test about the cache itself. */
export const freshCacheDir = (): string => mkdtempSync(join(tmpdir(), 'mcp-host-test-cache-'));

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
  opts: {
    cacheDir: string;
    args?: string[];
    capabilities?: ClientCapabilities;
    env?: Record<string, string>;
    /** The command that starts mcp-host (default: node and this checkout's CLI), e.g. an installed bin. */
    launcher?: string[];
    cwd?: string;
  },
): Promise<RunningServer> {
  const [command, ...launchArgs] = opts.launcher ?? [process.execPath, cliPath];
  const transport = new StdioClientTransport({
    command: command!,
    args: [...launchArgs, 'run', ...(component === null ? [] : [component]), ...(opts.args ?? [])],
    cwd: opts.cwd ?? root,
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
