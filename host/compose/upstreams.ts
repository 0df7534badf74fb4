/**
 * Upstream MCP servers a component may use through `wasi:mcp/client` (worlds
 * mcp-client and mcp-proxy). The host connects to each with the SDK's Client
 * (a command over stdio, or a URL over Streamable HTTP) on first use, and
 * answers the component's synchronous calls with the results as WIT values.
 * Which servers a component may reach is the host's configuration (a
 * manifest's `upstreams`), never the component's. The client SDK is loaded
 * on first use: most hosts have no upstreams, and it is ~50 ms of start-up.
 */
import type { Client } from '@modelcontextprotocol/client';
import { parseJsonBytes } from '../backend/wit-convert.js';
import { promptResultToWit, promptToWit, readResultToWit, resourceToWit, toolResultToWit, toolToWit } from '../backend/mcp-to-wit.js';

export type UpstreamSpec = { command: string; args?: string[]; env?: Record<string, string> } | { url: string };

export class Upstreams {
  private readonly clients = new Map<string, Promise<Client>>();

  constructor(
    private readonly specs: Record<string, UpstreamSpec>,
    private readonly log: (line: string) => void,
  ) {}

  names(): string[] {
    return Object.keys(this.specs);
  }

  /** One `wasi:mcp/client` call (`fn` its JS name), answered with WIT values. */
  async call(server: string, fn: string, args: unknown[]): Promise<unknown> {
    const client = await this.client(server);
    switch (fn) {
      case 'listTools':
        return (await client.listTools()).tools.map(toolToWit);
      case 'callTool':
        return toolResultToWit((await client.callTool({ name: args[0] as string, arguments: parseJsonBytes(args[1] as Uint8Array) as Record<string, unknown> })) as never);
      case 'listResources':
        return (await client.listResources()).resources.map(resourceToWit);
      case 'readResource':
        return readResultToWit(await client.readResource({ uri: args[0] as string }));
      case 'listPrompts':
        return (await client.listPrompts()).prompts.map(promptToWit);
      case 'getPrompt': {
        const promptArgs = args[1] ? (parseJsonBytes(args[1] as Uint8Array) as Record<string, string>) : undefined;
        return promptResultToWit(await client.getPrompt({ name: args[0] as string, arguments: promptArgs }));
      }
      default:
        throw { code: 'method-not-found', message: `wasi:mcp/client has no function ${fn}` };
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.clients.values()].map(async (c) => (await c).close()));
  }

  private client(server: string): Promise<Client> {
    const spec = this.specs[server];
    if (!spec) return Promise.reject({ code: 'unavailable', message: `no upstream server named "${server}" was granted` });
    let client = this.clients.get(server);
    if (!client) {
      client = (async () => {
        const [{ Client, StreamableHTTPClientTransport }, { StdioClientTransport }] = await Promise.all([
          import('@modelcontextprotocol/client'),
          import('@modelcontextprotocol/client/stdio'),
        ]);
        const c = new Client({ name: 'mcp-host', version: '0.1.0' });
        const transport =
          'url' in spec
            ? new StreamableHTTPClientTransport(new URL(spec.url))
            : new StdioClientTransport({ command: spec.command, args: spec.args, env: spec.env, stderr: 'inherit' });
        await c.connect(transport);
        this.log(`upstream ${server}: connected`);
        return c;
      })();
      client.catch(() => this.clients.delete(server));
      this.clients.set(server, client);
    }
    return client.catch((err: Error) => {
      throw { code: 'unavailable', message: `cannot reach upstream ${server}: ${err.message}` };
    });
  }
}
