#!/usr/bin/env node
/**
 * The native baseline: an MCP server written directly with the MCP TypeScript
 * SDK (McpServer + zod), serving the same tools as bench/component/server.ts
 * with the same results.
 *
 *   node bench/native-server.mjs                 # stdio
 *   node bench/native-server.mjs --http <port>   # Streamable HTTP on http://127.0.0.1:<port>/mcp (0: any port)
 *
 * Over HTTP it mirrors what `mcp-host run --http` does: an express app, one
 * stateful StreamableHTTPServerTransport (and one server) per session, and on
 * stderr the line "serving NAME VERSION on URL".
 */
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

const NAME = 'bench-native';
const VERSION = '1.0.0';

function createServer() {
  const server = new McpServer({ name: NAME, version: VERSION });
  const text = (value) => ({ content: [{ type: 'text', text: value }] });
  server.registerTool('echo', { description: 'Return the text it is given', inputSchema: { text: z.string() } }, ({ text: t }) => text(t));
  server.registerTool(
    'big',
    { description: 'Return a text of `bytes` x characters', inputSchema: { bytes: z.number().int().min(0) } },
    ({ bytes }) => text('x'.repeat(bytes)),
  );
  server.registerTool('sink', { description: 'Take a text and return its length', inputSchema: { data: z.string() } }, ({ data }) =>
    text(String(data.length)),
  );
  return server;
}

async function serveHttp(port) {
  const { default: express } = await import('express');
  const sessions = new Map();
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '64mb' }));
  const error = (res, status, message) => res.status(status).json({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
  app.all('/mcp', async (req, res) => {
    const id = req.header('mcp-session-id');
    try {
      if (id) {
        const transport = sessions.get(id);
        if (!transport) return error(res, 404, 'Session not found');
        return await transport.handleRequest(req, res, req.body);
      }
      if (req.method !== 'POST' || !isInitializeRequest(req.body)) return error(res, 400, 'Bad Request: initialize first');
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sid) => void sessions.set(sid, transport),
      });
      transport.onclose = () => transport.sessionId && sessions.delete(transport.sessionId);
      await createServer().connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (err) {
      process.stderr.write(`http: ${err.message}\n`);
      if (!res.headersSent) error(res, 500, 'Internal error');
    }
  });
  const listening = await new Promise((resolve, reject) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s)).once('error', reject);
  });
  process.stderr.write(`native: serving ${NAME} ${VERSION} on http://127.0.0.1:${listening.address().port}/mcp\n`);
  const stop = () => {
    listening.closeAllConnections();
    listening.close(() => process.exit(0));
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
}

const httpAt = process.argv.indexOf('--http');
if (httpAt !== -1) {
  await serveHttp(Number(process.argv[httpAt + 1] ?? 0));
} else {
  await createServer().connect(new StdioServerTransport());
  process.stderr.write(`native: serving ${NAME} ${VERSION} on stdio\n`);
}
