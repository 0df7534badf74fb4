/**
 * The tools example over stdio, driven by the SDK's reference Client:
 * initialize, ping, tools/list, tools/call (text, structured, progress,
 * every content kind, a failing tool), logging/setLevel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CallToolResultSchema,
  ErrorCode,
  LoggingMessageNotificationSchema,
  McpError,
  ProgressNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';

let server: RunningServer;
const logs: LoggingMessageNotification['params'][] = [];

beforeAll(async () => {
  server = await startServer(componentPath('tools'), { cacheDir: testCacheDir() });
  server.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params));
});
afterAll(() => server?.close());

describe('tools example over stdio', () => {
  it('initializes with what the component registered', () => {
    const { client } = server;
    expect(client.getServerVersion()).toEqual({ name: 'tools-example', version: '1.0.0', title: 'Tools example' });
    expect(client.getInstructions()).toMatch(/^Small tools to try mcp-host/);
    const caps = client.getServerCapabilities();
    expect(caps?.tools).toEqual({ listChanged: true });
    expect(caps?.logging).toEqual({});
    expect(caps?.resources).toBeUndefined();
    expect(caps?.prompts).toBeUndefined();
  });

  it('answers ping', async () => {
    await expect(server.client.ping()).resolves.toEqual({});
  });

  it('lists tools with schemas and annotations', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['echo', 'add', 'count', 'content_kinds', 'fail']);
    const add = tools.find((t) => t.name === 'add')!;
    expect(add.title).toBe('Add two numbers');
    expect(add.inputSchema).toEqual({
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    });
    expect(add.outputSchema).toEqual({ type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] });
    expect(tools.find((t) => t.name === 'echo')!.annotations).toEqual({ readOnlyHint: true, idempotentHint: true });
  });

  it('calls a tool', async () => {
    const result = await server.client.callTool({ name: 'echo', arguments: { text: 'héllo ✓' } });
    expect(result).toEqual({ content: [{ type: 'text', text: 'héllo ✓' }] });
  });

  it('returns structured content that matches the output schema', async () => {
    const result = await server.client.callTool({ name: 'add', arguments: { a: 2, b: 40.5 } });
    expect(result.structuredContent).toEqual({ sum: 42.5 });
    expect(result.content).toEqual([{ type: 'text', text: '{"sum":42.5}' }]);
  });

  // Collected with our own handler, not callTool's `onprogress`: the SDK client
  // dispatches notifications a microtask later than responses, so `onprogress`
  // loses progress that arrives in the same read as the result.
  it.each([['count-1'], [7]])('sends progress tied to the caller’s progress token (%j)', async (progressToken) => {
    const updates: unknown[] = [];
    server.client.setNotificationHandler(ProgressNotificationSchema, (n) => void updates.push(n.params));
    const result = await server.client.request(
      { method: 'tools/call', params: { name: 'count', arguments: { to: 4, stepMs: 1 }, _meta: { progressToken } } },
      CallToolResultSchema,
    );
    await server.client.ping();
    expect(result.content).toEqual([{ type: 'text', text: 'counted to 4' }]);
    expect(updates).toEqual([1, 2, 3, 4].map((i) => ({ progressToken, progress: i, total: 4, message: `step ${i} of 4` })));
  });

  it('returns every kind of content block', async () => {
    const result = await server.client.callTool({ name: 'content_kinds', arguments: {} });
    expect(result.content).toEqual([
      { type: 'text', text: 'plain text', annotations: { audience: ['user'], priority: 0.5 } },
      { type: 'image', mimeType: 'image/png', data: expect.stringMatching(/^iVBORw0KGgo/) },
      { type: 'audio', mimeType: 'audio/wav', data: Buffer.from('RIFF').toString('base64') },
      { type: 'resource', resource: { uri: 'example://readme', mimeType: 'text/markdown', text: '# Embedded' } },
      { type: 'resource_link', uri: 'example://data.bin', name: 'data', mimeType: 'application/octet-stream', size: 4 },
    ]);
  });

  it('turns a thrown error into isError, and the next call succeeds', async () => {
    const failed = await server.client.callTool({ name: 'fail', arguments: { message: 'disk on fire' } });
    expect(failed).toEqual({ content: [{ type: 'text', text: 'Error: disk on fire' }], isError: true });
    const next = await server.client.callTool({ name: 'echo', arguments: { text: 'still here' } });
    expect(next).toEqual({ content: [{ type: 'text', text: 'still here' }] });
  });

  it('answers an unknown tool with Invalid params (as the spec’s example does)', async () => {
    const error = await server.client.callTool({ name: 'nope', arguments: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
    expect((error as McpError).message).toMatch(/Unknown tool: nope/);
  });

  it('answers arguments that do not match the input schema with Invalid params', async () => {
    const error = await server.client.callTool({ name: 'add', arguments: { a: 'one' } }).catch((e: unknown) => e);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
    expect((error as McpError).message).toMatch(/Invalid arguments for tool add/);
  });

  it('filters log messages by the level the client set', async () => {
    logs.length = 0;
    await server.client.setLoggingLevel('warning');
    await server.client.callTool({ name: 'count', arguments: { to: 1, stepMs: 0 } });
    await server.client.setLoggingLevel('info');
    await server.client.callTool({ name: 'count', arguments: { to: 2, stepMs: 0 } });
    await server.client.ping(); // notifications before this response have arrived
    expect(logs).toEqual([{ level: 'info', data: 'counted to 2' }]);
  });

  it('writes nothing but its own diagnostics to stderr', () => {
    expect(server.stderr()).toMatch(/serving tools-example 1\.0\.0 on stdio/);
  });
});
