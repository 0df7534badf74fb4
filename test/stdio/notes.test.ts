/**
 * The stateful notes example over stdio: resources, templates, reads,
 * subscriptions and resources/updated, prompts, completion, and
 * list_changed when the component registers again while serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorCode,
  LoggingMessageNotificationSchema,
  McpError,
  PromptListChangedNotificationSchema,
  ReadResourceResultSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';

let server: RunningServer;
const seen: string[] = [];

beforeAll(async () => {
  server = await startServer(componentPath('notes'), { cacheDir: testCacheDir() });
  const { client } = server;
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void seen.push(`updated ${n.params.uri}`));
  client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void seen.push('resources changed'));
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => void seen.push('tools changed'));
  client.setNotificationHandler(PromptListChangedNotificationSchema, () => void seen.push('prompts changed'));
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void seen.push(`log ${n.params.level} ${JSON.stringify(n.params.data)}`));
});
afterAll(() => server?.close());

/** Notifications sent before a response arrive before it: a ping flushes them. */
async function drain(): Promise<string[]> {
  await server.client.ping();
  return seen.splice(0);
}

describe('notes example over stdio', () => {
  it('declares resources with subscribe, prompts and completions', () => {
    const caps = server.client.getServerCapabilities();
    expect(caps?.resources).toEqual({ listChanged: true, subscribe: true });
    expect(caps?.prompts).toEqual({ listChanged: true });
    expect(caps?.completions).toEqual({});
  });

  it('lists resources and templates', async () => {
    const { resources } = await server.client.listResources();
    expect(resources).toEqual([
      { uri: 'notes://index', name: 'index', title: 'All notes', mimeType: 'application/json' },
      { uri: 'notes://welcome', name: 'welcome', mimeType: 'text/plain' },
    ]);
    const { resourceTemplates } = await server.client.listResourceTemplates();
    expect(resourceTemplates).toEqual([{ uriTemplate: 'notes://{id}', name: 'note', title: 'A note by id', mimeType: 'text/plain' }]);
  });

  it('reads a resource and a templated one', async () => {
    expect(await server.client.readResource({ uri: 'notes://index' })).toEqual({
      contents: [{ uri: 'notes://index', mimeType: 'application/json', text: '["welcome"]' }],
    });
    expect(await server.client.readResource({ uri: 'notes://welcome' })).toEqual({
      contents: [{ uri: 'notes://welcome', mimeType: 'text/plain', text: 'Welcome to the notes example.' }],
    });
  });

  // SEP-2164: Invalid params naming the URI; SDK v2 sends it in both eras (clients accept it and the older -32002).
  it('answers an unknown resource with -32602 naming the URI', async () => {
    const error = (await server.client.readResource({ uri: 'other://x' }).catch((e: unknown) => e)) as McpError;
    expect(error.code).toBe(-32602);
    expect(error.data).toEqual({ uri: 'other://x' });
    expect(error.message).toMatch(/Resource not found: other:\/\/x/);
  });

  it('answers a read with bad params with Invalid params', async () => {
    const error = (await server.client
      .request({ method: 'resources/read', params: { uri: 42 } } as never, ReadResourceResultSchema)
      .catch((e: unknown) => e)) as McpError;
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect(error.message).toMatch(/Invalid params for resources\/read/);
  });

  it('answers a failing read with the component’s error', async () => {
    const error = (await server.client.readResource({ uri: 'notes://missing' }).catch((e: unknown) => e)) as McpError;
    expect(error.code).toBe(ErrorCode.InternalError);
    expect(error.message).toMatch(/no note "missing"/);
  });

  it('sends resources/updated to subscribers only, and list_changed for a new resource', async () => {
    await server.client.subscribeResource({ uri: 'notes://index' });
    const first = await server.client.callTool({ name: 'add_note', arguments: { id: 'todo', text: 'buy milk' } });
    expect(first.structuredContent).toEqual({ id: 'todo', count: 2 });
    expect(await drain()).toEqual([
      'resources changed',
      'updated notes://index',
      'log info {"id":"todo","length":8}',
    ]);
    await server.client.unsubscribeResource({ uri: 'notes://index' });
    await server.client.callTool({ name: 'add_note', arguments: { id: 'todo', text: 'buy oat milk' } });
    expect(await drain()).toEqual(['log info {"id":"todo","length":12}']);
    const { resources } = await server.client.listResources();
    expect(resources.map((r) => r.uri)).toContain('notes://todo');
    expect(await server.client.readResource({ uri: 'notes://todo' })).toMatchObject({ contents: [{ text: 'buy oat milk' }] });
  });

  it('lists and gets prompts', async () => {
    const { prompts } = await server.client.listPrompts();
    expect(prompts).toEqual([
      {
        name: 'summarize',
        title: 'Summarize a note',
        description: 'Ask the model to summarize one note',
        arguments: [{ name: 'id', description: 'note id', required: true }],
      },
    ]);
    const prompt = await server.client.getPrompt({ name: 'summarize', arguments: { id: 'welcome' } });
    expect(prompt).toEqual({
      description: 'Summary of welcome',
      messages: [{ role: 'user', content: { type: 'text', text: 'Summarize this note in one sentence:\n\nWelcome to the notes example.' } }],
    });
  });

  it('refuses a prompt without its required argument', async () => {
    const error = (await server.client.getPrompt({ name: 'summarize' }).catch((e: unknown) => e)) as McpError;
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect(error.message).toMatch(/Missing required arguments for prompt summarize: id/);
  });

  it('completes prompt and template arguments', async () => {
    const forPrompt = await server.client.complete({ ref: { type: 'ref/prompt', name: 'summarize' }, argument: { name: 'id', value: 'w' } });
    expect(forPrompt.completion).toEqual({ values: ['welcome'], total: 1, hasMore: false });
    const forTemplate = await server.client.complete({
      ref: { type: 'ref/resource', uri: 'notes://{id}' },
      argument: { name: 'id', value: '' },
    });
    expect(forTemplate.completion.values).toEqual(['todo', 'welcome']);
  });

  it('sends tools and prompts list_changed when the component registers more', async () => {
    await server.client.callTool({ name: 'enable_extras', arguments: {} });
    expect(await drain()).toEqual(['tools changed', 'prompts changed']);
    const { tools } = await server.client.listTools();
    expect(tools.map((t) => t.name)).toContain('clear_notes');
    const { prompts } = await server.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['summarize', 'compare']);
    // Registering the same things again changes nothing and notifies no one.
    await server.client.callTool({ name: 'enable_extras', arguments: {} });
    expect(await drain()).toEqual([]);
  });
});
