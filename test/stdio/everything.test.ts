/**
 * The everything component over stdio, driven by the SDK client with the
 * client features the server asks for (sampling, elicitation, roots): the
 * features the conformance suite checks over HTTP, checked here over stdio,
 * with exact answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CallToolResultSchema,
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ProgressNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { ElicitRequest } from '@modelcontextprotocol/sdk/types.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

let server: RunningServer;
let bare: RunningServer;
const elicitations: ElicitRequest['params'][] = [];
const logs: unknown[] = [];

beforeAll(async () => {
  const cacheDir = testCacheDir();
  server = await startServer(componentPath('everything'), { cacheDir, capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: false } } });
  const { client } = server;
  client.setRequestHandler(CreateMessageRequestSchema, (req) => ({
    role: 'assistant',
    content: { type: 'text', text: `echo of ${(req.params.messages[0]!.content as { text: string }).text}` },
    model: 'test-model',
    stopReason: 'endTurn',
  }));
  client.setRequestHandler(ElicitRequestSchema, (req) => {
    elicitations.push(req.params);
    return { action: 'accept', content: { username: 'ada', email: 'ada@example.com' } };
  });
  client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [{ uri: 'file:///work', name: 'work' }] }));
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params));
  // A client that declares no client features at all.
  bare = await startServer(componentPath('everything'), { cacheDir });
});
afterAll(async () => {
  await server?.close();
  await bare?.close();
});

describe('everything component over stdio', () => {
  it('returns each content kind', async () => {
    expect(await call(server.client, 'test_simple_text')).toEqual({ text: 'This is a simple text response for testing.', isError: false });
    const mixed = await server.client.callTool({ name: 'test_multiple_content_types', arguments: {} });
    expect((mixed.content as { type: string }[]).map((c) => c.type)).toEqual(['text', 'image', 'resource']);
    const audio = await server.client.callTool({ name: 'test_audio_content', arguments: {} });
    expect(audio.content).toEqual([{ type: 'audio', mimeType: 'audio/wav', data: 'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=' }]);
  });

  it('reports a failing tool as an error result', async () => {
    expect(await call(server.client, 'test_error_handling')).toEqual({
      text: 'Error: This tool intentionally returns an error for testing',
      isError: true,
    });
  });

  it('sends log messages and progress during a call, before its result', async () => {
    logs.length = 0;
    await server.client.setLoggingLevel('debug');
    await server.client.callTool({ name: 'test_tool_with_logging', arguments: {} });
    await server.client.ping();
    expect(logs).toEqual([
      { level: 'info', data: 'Tool execution started' },
      { level: 'info', data: 'Tool processing data' },
      { level: 'info', data: 'Tool execution completed' },
    ]);
    const progress: number[] = [];
    server.client.setNotificationHandler(ProgressNotificationSchema, (n) => void progress.push(n.params.progress));
    await server.client.request(
      { method: 'tools/call', params: { name: 'test_tool_with_progress', arguments: {}, _meta: { progressToken: 'p' } } },
      CallToolResultSchema,
    );
    await server.client.ping();
    expect(progress).toEqual([0, 50, 100]);
  });

  it('asks the client to sample, and uses the answer', async () => {
    expect(await call(server.client, 'test_sampling', { prompt: 'hello model' })).toEqual({ text: 'LLM response: echo of hello model', isError: false });
  });

  it('asks the user through elicitation, passing the schema through untouched', async () => {
    elicitations.length = 0;
    expect(await call(server.client, 'test_elicitation', { message: 'Who are you?' })).toEqual({
      text: 'User response: action=accept, content={"username":"ada","email":"ada@example.com"}',
      isError: false,
    });
    await call(server.client, 'test_elicitation_sep1330_enums');
    expect(elicitations[0]!.message).toBe('Who are you?');
    const enums = elicitations[1]!.requestedSchema.properties as Record<string, Record<string, unknown>>;
    expect(enums.legacyEnum).toEqual({
      type: 'string',
      description: 'Select one option (legacy)',
      enum: ['opt1', 'opt2', 'opt3'],
      enumNames: ['Option One', 'Option Two', 'Option Three'],
    });
  });

  it('lists the client’s roots', async () => {
    expect(await call(server.client, 'test_client_roots')).toEqual({ text: '[{"uri":"file:///work","name":"work"}]', isError: false });
  });

  it('tells the guest, without hanging, when the client lacks a capability', async () => {
    const result = await call(bare.client, 'test_sampling', { prompt: 'x' });
    expect(result).toEqual({
      text: 'the client does not support sampling/createMessage (it did not declare the sampling capability)',
      isError: true,
    });
    expect((await call(bare.client, 'test_elicitation', { message: 'x' })).text).toMatch(/does not support elicitation\/create/);
    expect(await call(bare.client, 'test_simple_text')).toMatchObject({ isError: false });
  });

  it('reads resources and the template, gets prompts, completes', async () => {
    expect(await server.client.readResource({ uri: 'test://template/123/data' })).toEqual({
      contents: [{ uri: 'test://template/123/data', mimeType: 'application/json', text: '{"id":"123","templateTest":true,"data":"Data for ID: 123"}' }],
    });
    const binary = await server.client.readResource({ uri: 'test://static-binary' });
    expect(binary.contents[0]).toMatchObject({ uri: 'test://static-binary', mimeType: 'image/png', blob: expect.stringMatching(/^iVBORw0KGgo/) });
    const prompt = await server.client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'a', arg2: 'b' } });
    expect(prompt.messages).toEqual([{ role: 'user', content: { type: 'text', text: "Prompt with arguments: arg1='a', arg2='b'" } }]);
    const completion = await server.client.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'test' } });
    expect(completion.completion).toEqual({ values: ['test', 'testValue1'], total: 2, hasMore: false });
    await expect(server.client.subscribeResource({ uri: 'test://watched-resource' })).resolves.toEqual({});
  });
});

describe('a client that never answers', () => {
  it('gives the guest a timeout within the call’s deadline, and serves on', async () => {
    const slow = await startServer(componentPath('everything'), {
      cacheDir: testCacheDir(),
      capabilities: { sampling: {} },
      args: ['--timeout', '2000'],
    });
    try {
      slow.client.setRequestHandler(CreateMessageRequestSchema, () => new Promise(() => {}));
      const result = await call(slow.client, 'test_sampling', { prompt: 'anyone?' });
      expect(result).toEqual({ text: 'Request timed out', isError: true });
      expect(await call(slow.client, 'test_simple_text')).toMatchObject({ isError: false });
    } finally {
      await slow.close();
    }
  });
});
