#!/usr/bin/env node
/**
 * bench/native-server.mjs's tools (echo, big, sink) on the MCP TypeScript
 * SDK v2 (`@modelcontextprotocol/server`, the SDK mcp-host serves both
 * protocol eras with), over stdio. A baseline beside the v1 one: what a
 * native server pays for the same SDK, so the bench shows which part of
 * mcp-host's cost is the SDK's and which is its own.
 *
 *   node bench/native-server-v2.mjs
 */
import { McpServer } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';

const NAME = 'bench-native-v2';
const VERSION = '1.0.0';

const server = new McpServer({ name: NAME, version: VERSION });
const text = (value) => ({ content: [{ type: 'text', text: value }] });
server.registerTool('echo', { description: 'Return the text it is given', inputSchema: z.object({ text: z.string() }) }, ({ text: t }) => text(t));
server.registerTool(
  'big',
  { description: 'Return a text of `bytes` x characters', inputSchema: z.object({ bytes: z.number().int().min(0) }) },
  ({ bytes }) => text('x'.repeat(bytes)),
);
server.registerTool('sink', { description: 'Take a text and return its length', inputSchema: z.object({ data: z.string() }) }, ({ data }) =>
  text(String(data.length)),
);
await server.connect(new StdioServerTransport());
process.stderr.write(`native v2: serving ${NAME} ${VERSION} on stdio\n`);
