/**
 * A component asks the client for input the same way in both protocol eras:
 * its handler returns input-required (wit/README.md, "Input required").
 * For a 2026-07-28 client (the SDK v2 Client, pinned) the host answers with
 * an input-required result and the client retries with the responses and
 * the signed state; for a 2025-11-25 client (the SDK v1 Client) the host
 * sends the same requests to the client itself and calls the handler again.
 * Either way the client sees one tools/call (or prompts/get) and its answer.
 *
 * Also: a missing client capability is -32021 naming it; the blocking
 * `ctx.sample` of a 2025 component still works for 2025 clients and, for a
 * 2026 client, fails as a tool error naming input-required; a component
 * built before input-required existed (the WAT example) is served in both.
 *
 * Needs the protocol layer of issue 12 (host/protocol on SDK v2).
 */
import { Client as ModernClient } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, componentPath, root, type FixtureName } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';
import { InPlaceStdio } from '../helpers/v2-client.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

type Capabilities = { sampling?: object; elicitation?: object; roots?: object };

/** Answers the everything component's questions as a user called Ada would. */
function answerElicitation(message: string): { action: 'accept'; content: Record<string, string | boolean> } {
  if (/colou?r/i.test(message)) return { action: 'accept', content: { color: 'green' } };
  if (/confirm/i.test(message)) return { action: 'accept', content: { ok: true } };
  if (/context/i.test(message)) return { action: 'accept', content: { context: 'tea time' } };
  if (/Elicitation input/.test(message)) return { action: 'accept', content: { value: 'v' } };
  return { action: 'accept', content: { name: 'Ada' } };
}
const sampled = { role: 'assistant' as const, content: { type: 'text' as const, text: 'Paris' }, model: 'test-model' };
const roots = { roots: [{ uri: 'file:///work', name: 'work' }] };

interface ModernServer {
  client: ModernClient;
  stderr(): string;
  close(): Promise<void>;
}

async function startModern(fixture: FixtureName | FixtureName[], capabilities: Capabilities, extraArgs: string[] = []): Promise<ModernServer> {
  const transport = new InPlaceStdio({
    command: process.execPath,
    args: [cliPath, 'run', ...[fixture].flat().map(componentPath), ...extraArgs],
    cwd: root,
    env: { PATH: process.env.PATH ?? '', MCP_HOST_CACHE_DIR: testCacheDir() },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new ModernClient(
    { name: 'mcp-host-tests-2026', version: '0.0.0' },
    { capabilities, versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  if (capabilities.elicitation) client.setRequestHandler('elicitation/create', async (request) => answerElicitation(String(request.params.message)));
  if (capabilities.sampling) client.setRequestHandler('sampling/createMessage', async () => sampled);
  if (capabilities.roots) client.setRequestHandler('roots/list', async () => roots);
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

const textOf = (result: unknown): string => ((result as { content?: { text?: string }[] }).content?.[0]?.text ?? '');

describe('2026-07-28: a v2 Client pinned to the new era', () => {
  let full: ModernServer;
  let bare: ModernServer;
  beforeAll(async () => {
    [full, bare] = await Promise.all([
      startModern('everything', { elicitation: {}, sampling: {}, roots: {} }),
      startModern('everything', {}),
    ]);
  });
  afterAll(async () => {
    await full?.close();
    await bare?.close();
  });
  const tool = async (s: ModernServer, name: string) => textOf(await s.client.callTool({ name, arguments: {} }));

  it('fulfils each input-required shape through its handlers, in one callTool', async () => {
    expect(await tool(full, 'test_input_required_result_elicitation')).toBe('Hello, Ada!');
    expect(await tool(full, 'test_input_required_result_sampling')).toBe('Sampling result: Paris');
    expect(await tool(full, 'test_input_required_result_list_roots')).toBe('Found 1 root(s): file:///work');
    expect(await tool(full, 'test_input_required_result_request_state')).toContain('state-ok');
    expect(await tool(full, 'test_input_required_result_multiple_inputs')).toBe('Name: Ada; Greeting: Paris; Roots: 1');
    expect(await tool(full, 'test_input_required_result_multi_round')).toBe('Multi-round complete for Ada who likes green');
    expect(await tool(full, 'test_input_required_result_tampered_state')).toBe('integrity-ok: state verified');
  });

  it('prompts/get may ask for input too', async () => {
    const prompt = await full.client.getPrompt({ name: 'test_input_required_result_prompt' });
    expect(prompt.messages[0]?.content).toEqual({ type: 'text', text: 'Prompt with context: tea time' });
  });

  it('the component sees this request’s capabilities: it asks only for what was declared', async () => {
    expect(await tool(full, 'test_input_required_result_capabilities')).toBe('capabilities-ok: received elicit_input,sample_input');
    expect(await tool(bare, 'test_input_required_result_capabilities')).toBe('No supported capabilities declared');
  });

  it('a missing capability is -32021 naming it; declared, the tool runs', async () => {
    await expect(bare.client.callTool({ name: 'test_missing_capability', arguments: {} })).rejects.toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { sampling: {} } },
    });
    expect(await tool(full, 'test_missing_capability')).toBe('Success');
  });

  it('the blocking ctx.sample fails as a tool error that names input-required', async () => {
    const result = await full.client.callTool({ name: 'test_sampling', arguments: { prompt: 'hi' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^sampling\/createMessage: .*2026-07-28.*input-required/);
    expect(await tool(full, 'test_simple_text')).toBe('This is a simple text response for testing.');
  });

  it('a component built before input-required existed is served', async () => {
    const wat = await startModern('wat', {});
    try {
      expect(textOf(await wat.client.callTool({ name: 'echo', arguments: { text: 'hi' } }))).toContain('hi');
    } finally {
      await wat.close();
    }
  });
});

describe('2026-07-28: a malformed answer', () => {
  it('is refused whichever the era: nothing of it reaches the client, and the host serves on', async () => {
    const s = await startModern('input-hostile', { elicitation: {}, sampling: {} });
    try {
      const refused = await s.client.callTool({ name: 'bad_elicit', arguments: {} });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/^Tool bad_elicit asked for input the host refuses: input request "a" \(elicitation\/create\): the params are not what MCP defines/);
      expect(textOf(await s.client.callTool({ name: 'bad_key', arguments: {} }))).toMatch(/^refused \(invalid-params\): ask-input: input request key "bad key!"/);
      await expect(s.client.callTool({ name: 'missing_cap_list', arguments: {} })).rejects.toMatchObject({ code: -32603 });
      expect(textOf(await s.client.callTool({ name: 'fine', arguments: {} }))).toBe('fine');
    } finally {
      await s.close();
    }
  });
});

describe('2026-07-28: served with others, or by a pool', () => {
  it('the rounds pass through a composed set and a pool of instances', async () => {
    for (const [fixtures, args] of [
      [['wat', 'everything'], []],
      [['everything'], ['--instances', 'pool:2']],
    ] as [FixtureName[], string[]][]) {
      const s = await startModern(fixtures, { elicitation: {}, sampling: {}, roots: {} }, args);
      try {
        expect(textOf(await s.client.callTool({ name: 'test_input_required_result_multi_round', arguments: {} }))).toBe('Multi-round complete for Ada who likes green');
        const prompt = await s.client.getPrompt({ name: 'test_input_required_result_prompt' });
        expect(prompt.messages[0]?.content).toEqual({ type: 'text', text: 'Prompt with context: tea time' });
      } finally {
        await s.close();
      }
    }
  });
});

describe('2025-11-25: a v1 Client, the same tools', () => {
  let host: RunningServer;
  beforeAll(async () => {
    host = await startServer(componentPath('everything'), { cacheDir: testCacheDir(), capabilities: { elicitation: {}, sampling: {}, roots: {} } });
    host.client.setRequestHandler(ElicitRequestSchema, async (request) => answerElicitation(request.params.message));
    host.client.setRequestHandler(CreateMessageRequestSchema, async () => sampled);
    host.client.setRequestHandler(ListRootsRequestSchema, async () => roots);
  });
  afterAll(() => host?.close());

  it('the host sends the input requests to the client itself and answers once', async () => {
    expect(await call(host.client, 'test_input_required_result_elicitation')).toEqual({ text: 'Hello, Ada!', isError: false });
    expect((await call(host.client, 'test_input_required_result_multiple_inputs')).text).toBe('Name: Ada; Greeting: Paris; Roots: 1');
    expect((await call(host.client, 'test_input_required_result_multi_round')).text).toBe('Multi-round complete for Ada who likes green');
    const prompt = await host.client.getPrompt({ name: 'test_input_required_result_prompt' });
    expect(prompt.messages[0]?.content).toEqual({ type: 'text', text: 'Prompt with context: tea time' });
  });

  it('the blocking ctx.sample and ctx.elicit keep working', async () => {
    expect(await call(host.client, 'test_sampling', { prompt: 'hi' })).toEqual({ text: 'LLM response: Paris', isError: false });
    expect(await call(host.client, 'test_missing_capability')).toEqual({ text: 'Success', isError: false });
  });
});
