/**
 * The SDK v2 reference Client (@modelcontextprotocol/client) against
 * `mcp-host run`, over stdio and Streamable HTTP, pinned to the 2026-07-28
 * era unless told otherwise. The v1 helpers (server.ts startServer,
 * http-host.ts) stay for 2025-era clients.
 */
import { Client, StreamableHTTPClientTransport, type ClientCapabilities, type VersionNegotiationMode } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { cliPath, root } from './fixtures.js';
import { MODERN } from './envelope.js';

/**
 * The SDK's stdio transport, probing in place. With a probing or pinned
 * negotiation mode, a transport that is exactly the SDK's StdioClientTransport
 * makes the Client probe `server/discover` on a short-lived sibling process
 * spawned from the same parameters, then start the real one: two `mcp-host run`
 * processes per connect (client versionNegotiation.ts readStdioServerParams
 * recognises the base class by its own `_dispose`). A subclass probes on its own
 * connection: one process, and the pid, stderr and exit the test watches are
 * the ones that served it. Measured: 2 starts for the base class, 1 for this.
 */
export class InPlaceStdio extends StdioClientTransport {}

export interface V2Options {
  /** Default: pinned to 2026-07-28. */
  mode?: VersionNegotiationMode;
  capabilities?: ClientCapabilities;
}

const newClient = (opts: V2Options): Client =>
  new Client(
    { name: 'mcp-host-tests-v2', version: '0.0.0' },
    { capabilities: opts.capabilities ?? {}, versionNegotiation: { mode: opts.mode ?? { pin: MODERN } } },
  );

export interface V2Server {
  client: Client;
  /** Process id of `mcp-host run`. */
  pid: number;
  stderr(): string;
  close(): Promise<void>;
}

/**
 * Start `mcp-host run <component>` and connect a v2 Client over stdio.
 * `prepare` runs before connect (register elicitation/sampling handlers there:
 * the Client fulfils input-required rounds through them).
 */
export async function startV2Server(
  component: string,
  opts: V2Options & { cacheDir: string; args?: string[]; env?: Record<string, string>; prepare?: (client: Client) => void },
): Promise<V2Server> {
  const transport = new InPlaceStdio({
    command: process.execPath,
    args: [cliPath, 'run', component, ...(opts.args ?? [])],
    cwd: root,
    env: { PATH: process.env.PATH ?? '', MCP_HOST_CACHE_DIR: opts.cacheDir, ...opts.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = newClient(opts);
  opts.prepare?.(client);
  try {
    await client.connect(transport);
  } catch (err) {
    await transport.close().catch(() => {});
    throw new Error(`v2 client could not connect to mcp-host run ${component}: ${(err as Error).message}\nstderr:\n${stderr}`);
  }
  return { client, pid: transport.pid!, stderr: () => stderr, close: () => client.close() };
}

/** A v2 Client on an `mcp-host run --http` URL (see http-host.ts startHttpHost). */
export async function connectV2Http(url: string, opts: V2Options & { prepare?: (client: Client) => void } = {}): Promise<Client> {
  const client = newClient(opts);
  opts.prepare?.(client);
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}
