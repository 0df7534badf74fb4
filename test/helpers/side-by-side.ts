/**
 * A published SDK server run twice, for the same client calls: the original
 * under node, and its unchanged dist/index.js built into a component
 * (fixture `sdk-*`) under `mcp-host run`. Both clients are the SDK's Client
 * with the same capabilities.
 */
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult, ClientCapabilities, Tool } from '@modelcontextprotocol/sdk/types.js';
import { componentPath, root, type FixtureName } from './fixtures.js';
import { startServer, testCacheDir, type RunningServer } from './server.js';

export interface Pair {
  native: Client;
  component: Client;
  /** The host's stderr (its log and the component's own lines). */
  hostStderr(): string;
  nativeStderr(): string;
  close(): Promise<void>;
}

/** What the bridge tells a server its client can do (node/bridge.ts); some servers register tools only for these. */
export const FULL_CLIENT: ClientCapabilities = { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } };

export interface PairOptions {
  /** The server's own arguments: after the entry for node, after `--` for mcp-host. */
  serverArgs?: string[];
  /** Environment of the original. */
  nativeEnv?: Record<string, string>;
  /** Grants of the component (`--dir`, `--env`, …). */
  hostArgs?: string[];
  capabilities?: ClientCapabilities;
}

export async function startPair(fixture: FixtureName, entry: string, opts: PairOptions = {}): Promise<Pair> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(root, entry), ...(opts.serverArgs ?? [])],
    env: { PATH: process.env.PATH ?? '', ...opts.nativeEnv },
    stderr: 'pipe',
  });
  let nativeStderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (nativeStderr += chunk.toString()));
  const native = new Client({ name: 'side-by-side', version: '0.0.0' }, { capabilities: opts.capabilities ?? {} });
  await native.connect(transport);
  let hosted: RunningServer;
  try {
    hosted = await startServer(componentPath(fixture), {
      cacheDir: testCacheDir(),
      args: [...(opts.hostArgs ?? []), ...(opts.serverArgs ? ['--', ...opts.serverArgs] : [])],
      capabilities: opts.capabilities,
    });
  } catch (err) {
    await native.close();
    throw err;
  }
  return {
    native,
    component: hosted.client,
    hostStderr: hosted.stderr,
    nativeStderr: () => nativeStderr,
    close: async () => void (await Promise.allSettled([native.close(), hosted.close()])),
  };
}

/** What a tools/list entry says that the two must agree on. */
export const toolFacts = (tools: Tool[]) =>
  tools.map((t) => ({ name: t.name, title: t.title, description: t.description, inputSchema: t.inputSchema, outputSchema: t.outputSchema, annotations: t.annotations }));

/** What a call's answer says: its content, structured content and whether it failed; a JSON-RPC error as { error }. */
export async function answer(client: Client, name: string, args: Record<string, unknown>): Promise<unknown> {
  try {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    return { content: result.content, structuredContent: result.structuredContent, isError: result.isError ?? false };
  } catch (err) {
    return { error: { code: (err as { code?: number }).code, message: (err as Error).message } };
  }
}

/** The same call to both, in turn (native first): [native's answer, the component's]. */
export async function both(pair: Pair, name: string, args: Record<string, unknown>): Promise<[unknown, unknown]> {
  const native = await answer(pair.native, name, args);
  return [native, await answer(pair.component, name, args)];
}
