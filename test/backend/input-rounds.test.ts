/**
 * The component side of input-required, below the protocol layer: the real
 * everything component, built by the CLI, served by the host's
 * ComponentBackend (from dist/, as `mcp-host run` runs it), called round by
 * round with what the protocol layer passes on (the client's capabilities,
 * the answers of the round before, the state verified). The wire (signed
 * state, eras) is test/eras/mrtr-component.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath, root } from '../helpers/fixtures.js';
import { testCacheDir } from '../helpers/server.js';

type Json = Record<string, unknown>;
interface InputRequired {
  kind: 'input-required';
  requests: Record<string, { method: string; params?: Json }>;
  state?: Uint8Array;
}
interface Ctx {
  clientCapabilities?: Json;
  inputResponses?: Record<string, unknown>;
  state?: Uint8Array;
}
interface Backend {
  callTool(name: string, args: Json, ctx: Ctx): Promise<Json | InputRequired>;
  getPrompt(name: string, args: Record<string, string> | undefined, ctx: Ctx): Promise<Json | InputRequired>;
  close(): Promise<void>;
}

const revive = (_k: string, v: unknown) => (v && typeof v === 'object' && typeof (v as { $bytes?: unknown }).$bytes === 'string' ? new Uint8Array(Buffer.from((v as { $bytes: string }).$bytes, 'base64')) : v);
const replace = (_k: string, v: unknown) => (v instanceof Uint8Array ? { $bytes: Buffer.from(v).toString('base64') } : v);

/** The backend in a process of its own (test/helpers/backend-process.mjs), its methods called over JSON lines. */
async function start(fixture: 'everything' | 'wat' | 'input-hostile'): Promise<Backend> {
  const child: ChildProcess = spawn(process.execPath, [join(root, 'test', 'helpers', 'backend-process.mjs'), componentPath(fixture), fixture], {
    env: { PATH: process.env.PATH ?? '', MCP_HOST_CACHE_DIR: testCacheDir() },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting = new Map<number, (reply: { ok: boolean; value?: unknown; error?: Json }) => void>();
  let ready: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const reply = JSON.parse(line, revive) as { ready?: boolean; id?: number; ok: boolean; value?: unknown; error?: Json };
    if (reply.ready) return ready();
    waiting.get(reply.id!)?.(reply);
  });
  await started;
  let next = 1;
  const ask = (method: string, args: unknown[]) =>
    new Promise<never>((resolve, reject) => {
      const id = next++;
      waiting.set(id, (reply) => (reply.ok ? resolve(reply.value as never) : reject(reply.error)));
      child.stdin!.write(`${JSON.stringify({ id, method, args }, replace)}\n`);
    });
  return {
    callTool: (...args) => ask('callTool', args),
    getPrompt: (...args) => ask('getPrompt', args),
    close: async () => {
      child.stdin!.end();
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

const all = { elicitation: {}, sampling: {}, roots: {} };
const accept = (content: Json) => ({ action: 'accept', content });
const textOf = (result: Json | InputRequired): string => ((result as { content?: { text?: string }[] }).content?.[0]?.text ?? '');
const asked = (result: Json | InputRequired): InputRequired => {
  expect(result).toMatchObject({ kind: 'input-required' });
  return result as InputRequired;
};

let everything: Backend;
beforeAll(async () => {
  everything = await start('everything');
});
afterAll(() => everything?.close());

describe('a handler asks, and is called again with the answers', () => {
  it('three rounds, each with new state of its own', async () => {
    const r1 = asked(await everything.callTool('test_input_required_result_multi_round', {}, { clientCapabilities: all }));
    expect(r1.requests).toEqual({
      step1: {
        method: 'elicitation/create',
        params: { message: 'Step 1: What is your name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
      },
    });
    expect(new TextDecoder().decode(r1.state)).toBe('{"round":1}');
    const r2 = asked(await everything.callTool('test_input_required_result_multi_round', {}, { clientCapabilities: all, inputResponses: { step1: accept({ name: 'Ada' }) }, state: r1.state }));
    expect(Object.keys(r2.requests)).toEqual(['step2']);
    expect(new TextDecoder().decode(r2.state)).toBe('{"round":2,"name":"Ada"}');
    const r3 = await everything.callTool('test_input_required_result_multi_round', {}, { clientCapabilities: all, inputResponses: { step2: accept({ color: 'green' }) }, state: r2.state });
    expect(textOf(r3)).toBe('Multi-round complete for Ada who likes green');
  });

  it('several requests of different kinds at once', async () => {
    const r1 = asked(await everything.callTool('test_input_required_result_multiple_inputs', {}, { clientCapabilities: all }));
    expect(Object.fromEntries(Object.entries(r1.requests).map(([k, r]) => [k, r.method]))).toEqual({
      user_name: 'elicitation/create',
      greeting: 'sampling/createMessage',
      client_roots: 'roots/list',
    });
    const inputResponses = {
      user_name: accept({ name: 'Ada' }),
      greeting: { role: 'assistant', content: { type: 'text', text: 'Hi' }, model: 'm' },
      client_roots: { roots: [{ uri: 'file:///a' }, { uri: 'file:///b' }] },
    };
    expect(textOf(await everything.callTool('test_input_required_result_multiple_inputs', {}, { inputResponses, state: r1.state }))).toBe('Name: Ada; Greeting: Hi; Roots: 2');
  });

  it('an answer of the wrong shape is asked for again, never taken', async () => {
    for (const bad of [12345, null, 'Ada', { action: 'accept' }, { action: 'accept', content: { name: 7 } }]) {
      asked(await everything.callTool('test_input_required_result_elicitation', {}, { inputResponses: { user_name: bad } }));
    }
    expect(textOf(await everything.callTool('test_input_required_result_elicitation', {}, { inputResponses: { user_name: accept({ name: 'Ada' }) } }))).toBe('Hello, Ada!');
  });

  it('prompts/get asks too', async () => {
    const r1 = asked(await everything.getPrompt('test_input_required_result_prompt', undefined, {}));
    expect(Object.keys(r1.requests)).toEqual(['user_context']);
    const r2 = await everything.getPrompt('test_input_required_result_prompt', undefined, { inputResponses: { user_context: accept({ context: 'tea' }) } });
    expect(r2).toEqual({ messages: [{ role: 'user', content: { type: 'text', text: 'Prompt with context: tea' } }] });
  });
});

describe('client capabilities', () => {
  it('the component asks only for what the client declared', async () => {
    const r1 = asked(await everything.callTool('test_input_required_result_capabilities', {}, { clientCapabilities: { sampling: {} } }));
    expect(Object.keys(r1.requests)).toEqual(['sample_input']);
    expect(textOf(await everything.callTool('test_input_required_result_capabilities', {}, { clientCapabilities: {} }))).toBe('No supported capabilities declared');
  });

  it('missing-client-capability is -32021 naming what is missing', async () => {
    await expect(everything.callTool('test_missing_capability', {}, { clientCapabilities: {} })).rejects.toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { sampling: {} } },
    });
    await expect(everything.callTool('test_streaming_elicitation', {}, {})).rejects.toMatchObject({ code: -32021, data: { requiredCapabilities: { elicitation: {} } } });
    expect(textOf(await everything.callTool('test_missing_capability', {}, { clientCapabilities: { sampling: {} } }))).toBe('Success');
  });
});

describe('the blocking calls, with no way to the client', () => {
  it('fail as a tool error saying to answer input-required instead', async () => {
    const result = await everything.callTool('test_sampling', { prompt: 'hi' }, { clientCapabilities: all });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/sampling\/createMessage cannot be sent to this client while the component waits .*return input-required from the handler instead/);
  });
});

describe('keys and bytes pass through as they are', () => {
  it('a key "__proto__" is a key, both ways; answers and state reach get-request-input byte for byte', async () => {
    const hostile = await start('input-hostile');
    try {
      const r1 = asked(await hostile.callTool('proto_key', {}, {}));
      expect(Object.keys(r1.requests)).toEqual(['__proto__']);
      expect(new TextDecoder().decode(r1.state)).toBe('s');
      const inputResponses = JSON.parse('{"__proto__": {"action": "accept", "content": {"name": "Ada"}}, "other": {"roots": []}}') as Record<string, unknown>;
      const seen = JSON.parse(textOf(await hostile.callTool('echo_context', {}, { clientCapabilities: { sampling: {} }, inputResponses, state: new Uint8Array([104, 105]) })));
      expect(seen).toEqual({
        clientCapabilities: '{"sampling":{}}',
        inputResponses: [
          ['__proto__', '{"action":"accept","content":{"name":"Ada"}}'],
          ['other', '{"roots":[]}'],
        ],
        state: 'hi',
      });
    } finally {
      await hostile.close();
    }
  });
});

describe('a component built before input-required', () => {
  it('is called with the new context and answers as before', async () => {
    const wat = await start('wat');
    try {
      const result = await wat.callTool('echo', { text: 'hi' }, { clientCapabilities: all, inputResponses: { x: accept({}) }, state: new Uint8Array([1]) });
      expect(JSON.parse(textOf(result))).toEqual({ text: 'hi' });
    } finally {
      await wat.close();
    }
  });
});
