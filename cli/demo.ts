/**
 * `npm run demo`: the README's first command. Builds the tools example with
 * `mcp-host build`, serves it with `mcp-host run`, and drives it with the
 * MCP SDK's client, printing what a client sees. A newcomer's proof that the
 * whole path works on their machine.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

/**
 * The SDK's own stdio transport probes a server's protocol era on a second,
 * throw-away server process; a subclass probes on its own connection (SDK v2
 * docs, `versionNegotiation`), so the server starts once.
 */
class InPlaceStdioTransport extends StdioClientTransport {}

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const component = join(root, 'components', 'tools', 'tools.wasm');
const show = (label: string, value: unknown): void => console.log(`${label.padEnd(28)} ${JSON.stringify(value)}`);

console.log('$ mcp-host build components/tools/server.ts -o components/tools/tools.wasm');
execFileSync(process.execPath, [cli, 'build', join(root, 'components', 'tools', 'server.ts'), '-o', component], { stdio: 'inherit' });

console.log('\n$ mcp-host run components/tools/tools.wasm   (driven by the MCP SDK client)');
const transport = new InPlaceStdioTransport({ command: process.execPath, args: [cli, 'run', component], stderr: 'inherit' });
// 'auto': ask the server which protocol revisions it speaks (server/discover), as current clients do.
const client = new Client({ name: 'mcp-host-demo', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
await client.connect(transport);
try {
  show('server', client.getServerVersion());
  show('protocol', client.getNegotiatedProtocolVersion());
  show('tools/list', (await client.listTools()).tools.map((t) => t.name));
  show('echo {text: "hello"}', (await client.callTool({ name: 'echo', arguments: { text: 'hello' } })).content);
  show('add {a: 2, b: 40}', (await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } })).structuredContent);
  const progress: number[] = [];
  await client.callTool({ name: 'count', arguments: { to: 5, stepMs: 50 } }, { onprogress: (p) => progress.push(p.progress) });
  show('count {to: 5} progress', progress);
  const { content, isError } = await client.callTool({ name: 'fail', arguments: {} });
  show('fail {}', { content, isError });
  show('echo after the failure', (await client.callTool({ name: 'echo', arguments: { text: 'still serving' } })).content);
} finally {
  await client.close();
}
console.log(
  `\nIt works. To use it from an MCP client (e.g. Claude Desktop), add to its configuration:\n` +
    `  "tools": { "command": "${process.execPath}", "args": ["${cli}", "run", "${component}"] }`,
);
