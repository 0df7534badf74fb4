/**
 * Both protocol eras over stdio, against `mcp-host run` of the everything
 * component: the SDK v2 Client pinned to 2026-07-28 and the v1 Client in
 * 2025-11-25 drive the same server through the same workflow, then raw lines
 * check what the SDK clients hide.
 *
 * Each wire expectation is from the 2026-07-28 spec (modelcontextprotocol.io
 * specification/2026-07-28: basic/lifecycle, server/discover,
 * server/utilities/logging, SEP-2164) and the conformance suite's
 * server-stateless checks; the SDK (server 2.4.0 serveStdio, Protocol
 * _onrequest) does the same, except where a comment says otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElicitRequestSchema, LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { LEGACY, LOG_LEVEL_KEY, MODERN, modernRequest, PROTOCOL_VERSION_KEY, CLIENT_CAPABILITIES_KEY, CLIENT_INFO_KEY, type Json } from '../helpers/envelope.js';
import { componentPath } from '../helpers/fixtures.js';
import { RawClient, type Message } from '../helpers/raw-client.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { startV2Server, type V2Server } from '../helpers/v2-client.js';

const everything = componentPath('everything');
const cacheDir = testCacheDir();
/** A generous bound for one answer: a host that stays silent fails the test instead of hanging it. */
const ANSWER_MS = 20_000;

/** What each era's client must be able to do, as one shape (v1 and v2 Clients differ in signatures). */
interface Driver {
  listTools(): Promise<string[]>;
  call(name: string, args?: Record<string, unknown>, onprogress?: (progress: number) => void): Promise<{ content: unknown; isError?: unknown }>;
  getPrompt(name: string, args: Record<string, string>): Promise<unknown>;
  read(uri: string): Promise<unknown>;
  templates(): Promise<string[]>;
  complete(value: string): Promise<string[]>;
  /** One more round trip: notifications written before an answer are delivered by the time it returns. */
  roundTrip(): Promise<void>;
}

/** The calls both Clients have with the same signatures (callTool's differs: v1 takes a result schema second). */
interface Common {
  listTools(): Promise<{ tools: { name: string }[] }>;
  getPrompt(params: { name: string; arguments?: Record<string, string> }): Promise<{ messages: unknown[] }>;
  readResource(params: { uri: string }): Promise<{ contents: unknown[] }>;
  listResourceTemplates(): Promise<{ resourceTemplates: { uriTemplate: string }[] }>;
  complete(params: { ref: { type: 'ref/prompt'; name: string }; argument: { name: string; value: string } }): Promise<{ completion: { values: string[] } }>;
}

function driver(client: Common, call: Driver['call']): Driver {
  return {
    listTools: async () => (await client.listTools()).tools.map((t) => t.name),
    call,
    getPrompt: async (name, args) => (await client.getPrompt({ name, arguments: args })).messages,
    read: async (uri) => (await client.readResource({ uri })).contents,
    templates: async () => (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate),
    complete: async (value) => (await client.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value } })).completion.values,
    roundTrip: async () => void (await client.listTools()),
  };
}

/** The same answer to every elicitation, in both eras. */
const ADA = { action: 'accept', content: { name: 'Ada' } } as const;

/** Each era's client, started on its own process (a failure to start one leaves the other era's tests standing). */
const ERAS = {
  '2026-07-28 (SDK v2 Client, pinned)': async (): Promise<{ d: Driver; era: string | undefined; close(): Promise<void> }> => {
    const modern: V2Server = await startV2Server(everything, {
      cacheDir,
      capabilities: { elicitation: {} },
      prepare: (client) => client.setRequestHandler('elicitation/create', () => ADA),
    });
    const call: Driver['call'] = (name, args = {}, onprogress) =>
      modern.client.callTool({ name, arguments: args }, onprogress ? { onprogress: (p) => onprogress(p.progress) } : undefined);
    return { d: driver(modern.client, call), era: modern.client.getNegotiatedProtocolVersion(), close: () => modern.close() };
  },
  '2025-11-25 (SDK v1 Client)': async (): Promise<{ d: Driver; era: string | undefined; close(): Promise<void> }> => {
    const legacy: RunningServer = await startServer(everything, { cacheDir, capabilities: { elicitation: {} } });
    legacy.client.setRequestHandler(ElicitRequestSchema, () => ADA);
    const call: Driver['call'] = async (name, args = {}, onprogress) => {
      // v1's callTool also types the pre-2024 `{toolResult}` shape; this server never answers it.
      const result = await legacy.client.callTool({ name, arguments: args }, undefined, onprogress ? { onprogress: (p) => onprogress(p.progress) } : undefined);
      return result as { content: unknown; isError?: unknown };
    };
    // v1 has no getter for the version the server answered; the raw 2025 block below checks the answer itself.
    return { d: driver(legacy.client, call), era: LATEST_PROTOCOL_VERSION, close: () => legacy.close() };
  },
};

describe.each(Object.keys(ERAS) as (keyof typeof ERAS)[])('one workflow, %s', (name) => {
  let started: Awaited<ReturnType<(typeof ERAS)[typeof name]>>;
  beforeAll(async () => {
    started = await ERAS[name]();
  });
  afterAll(() => started?.close());
  const d = (): Driver => started.d;

  it('is served in its era', () => {
    expect(started.era).toBe(name.slice(0, 10));
  });

  it('lists tools and calls one', async () => {
    expect(await d().listTools()).toEqual(expect.arrayContaining(['test_simple_text', 'test_tool_with_progress']));
    expect(await d().call('test_simple_text')).toMatchObject({ content: [{ type: 'text', text: 'This is a simple text response for testing.' }] });
  });

  it('reports progress during a call, before its result', async () => {
    const progress: number[] = [];
    const result = await d().call('test_tool_with_progress', {}, (p) => progress.push(p));
    await d().roundTrip();
    expect(result).toMatchObject({ content: [{ type: 'text', text: 'Progress tool completed' }] });
    expect(progress).toEqual([0, 50, 100]);
  });

  it('gets a prompt, reads a resource and a template, completes', async () => {
    expect(await d().getPrompt('test_prompt_with_arguments', { arg1: 'a', arg2: 'b' })).toEqual([
      { role: 'user', content: { type: 'text', text: "Prompt with arguments: arg1='a', arg2='b'" } },
    ]);
    expect(await d().read('test://static-text')).toEqual([{ uri: 'test://static-text', mimeType: 'text/plain', text: 'This is the content of the static text resource.' }]);
    expect(await d().templates()).toEqual(['test://template/{id}/data']);
    expect(await d().read('test://template/123/data')).toEqual([
      { uri: 'test://template/123/data', mimeType: 'application/json', text: '{"id":"123","templateTest":true,"data":"Data for ID: 123"}' },
    ]);
    expect(await d().complete('test')).toEqual(['test', 'testValue1']);
  });

  it('runs a tool that asks the user for input (input-required in 2026, a server-to-client request in 2025)', async () => {
    const result = await d().call('test_input_required_result_elicitation');
    expect(result.isError).not.toBe(true);
    expect(JSON.stringify(result.content)).toContain('Ada');
  });
});

/** Messages the host sent that are not responses (notifications), from `received`. */
const notifications = (client: RawClient, method: string): Message[] => client.received.filter((m) => m.method === method && !('id' in m));

describe('raw 2026-07-28 lines', () => {
  let raw: RawClient;
  let id = 100;
  const ask = async (method: string, params: Json = {}, extra: Json = {}): Promise<Message> => {
    const n = id++;
    raw.send(modernRequest(n, method, params, extra));
    return raw.response(n, ANSWER_MS);
  };

  beforeAll(() => {
    raw = new RawClient(everything, { cacheDir });
  });
  afterAll(() => raw?.close());

  // First (tests run in order): the connection's opening messages, answered without pinning an era.
  it('refuses an unknown version (-32022) and a malformed envelope (-32602) as the opening message', async () => {
    expect(await ask('tools/list', {}, { [PROTOCOL_VERSION_KEY]: '2099-01-01' })).toMatchObject({
      error: { code: -32022, data: { supported: expect.arrayContaining([MODERN]), requested: '2099-01-01' } },
    });
    expect(await ask('tools/list', {}, { [CLIENT_CAPABILITIES_KEY]: 5 })).toMatchObject({ error: { code: -32602 } });
  });

  it('answers server/discover with 2026-07-28 among supportedVersions', async () => {
    const answer = await ask('server/discover');
    expect(answer.result).toMatchObject({
      supportedVersions: expect.arrayContaining([MODERN]),
      capabilities: { tools: expect.any(Object), resources: expect.any(Object), prompts: expect.any(Object) },
      resultType: 'complete',
    });
  });

  it('stamps resultType on every result, and cache hints on the cacheable ones', async () => {
    const cacheable: [string, Json][] = [
      ['tools/list', {}],
      ['prompts/list', {}],
      ['resources/list', {}],
      ['resources/templates/list', {}],
      ['resources/read', { uri: 'test://static-text' }],
    ];
    for (const [method, params] of cacheable) {
      const { result } = await ask(method, params);
      expect(result, method).toMatchObject({ resultType: 'complete', ttlMs: expect.any(Number), cacheScope: expect.stringMatching(/^(public|private)$/) });
      expect(Number.isInteger((result as Json).ttlMs) && ((result as Json).ttlMs as number) >= 0, method).toBe(true);
    }
    const others: [string, Json][] = [
      ['tools/call', { name: 'test_simple_text', arguments: {} }],
      ['prompts/get', { name: 'test_simple_prompt' }],
      ['completion/complete', { ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 't' } }],
    ];
    for (const [method, params] of others) expect((await ask(method, params)).result, method).toMatchObject({ resultType: 'complete' });
  });

  it('refuses a malformed _meta envelope with -32602 on a connection in the 2026 era, and serves on', async () => {
    const malformed: Json[] = [
      { [CLIENT_CAPABILITIES_KEY]: 5 },
      { [CLIENT_CAPABILITIES_KEY]: undefined }, // dropped by JSON: the required key is missing
      { [PROTOCOL_VERSION_KEY]: 7 },
      { [CLIENT_INFO_KEY]: 'raw' },
      { [LOG_LEVEL_KEY]: 'loud' },
    ];
    for (const extra of malformed) {
      expect(await ask('tools/list', {}, extra), JSON.stringify(extra)).toMatchObject({ error: { code: -32602 } });
    }
    const n = id++;
    raw.send({ jsonrpc: '2.0', id: n, method: 'tools/list', params: {} }); // no envelope at all, on a 2026 connection
    expect(await raw.response(n, ANSWER_MS)).toMatchObject({ error: { code: -32602 } });
    expect((await ask('tools/list')).result).toMatchObject({ resultType: 'complete' });
  });

  it('refuses an unknown protocol version with -32022 naming the supported ones, on every request', async () => {
    // The spec (basic/lifecycle, Protocol Version Negotiation): every request
    // declares its version, and a server that does not implement it MUST answer
    // UnsupportedProtocolVersionError. The SDK's serveStdio checks this on the
    // opening message only (beforeAll); once a connection is pinned it serves a
    // well-formed envelope of any version, so this one is the host's to check.
    for (const version of ['2099-01-01', LEGACY, 'not-a-version']) {
      expect(await ask('tools/list', {}, { [PROTOCOL_VERSION_KEY]: version }), version).toMatchObject({
        error: { code: -32022, data: { supported: expect.arrayContaining([MODERN]) } },
      });
    }
    expect((await ask('tools/list')).result).toMatchObject({ resultType: 'complete' });
  });

  it('answers methods the 2026 era removed with -32601', async () => {
    const removed: [string, Json][] = [
      ['ping', {}],
      ['initialize', { protocolVersion: MODERN, capabilities: {}, clientInfo: { name: 'raw', version: '0' } }],
      ['logging/setLevel', { level: 'debug' }],
      ['resources/subscribe', { uri: 'test://watched-resource' }],
      ['resources/unsubscribe', { uri: 'test://watched-resource' }],
    ];
    for (const [method, params] of removed) expect(await ask(method, params), method).toMatchObject({ error: { code: -32601 } });
    expect((await ask('tools/list')).result).toMatchObject({ resultType: 'complete' });
  });

  it('answers an unknown resource with -32602 and data.uri (SEP-2164)', async () => {
    const uri = 'test://no-such-resource';
    expect(await ask('resources/read', { uri })).toMatchObject({ error: { code: -32602, data: { uri } } });
  });

  it('sends log messages for a request only if its _meta asks, at the level it asks', async () => {
    const before = notifications(raw, 'notifications/message').length;
    await ask('tools/call', { name: 'test_tool_with_logging', arguments: {} }); // no logLevel: none
    await ask('tools/call', { name: 'test_tool_with_logging', arguments: {} }, { [LOG_LEVEL_KEY]: 'error' }); // the tool logs at info: none
    const answer = await ask('tools/call', { name: 'test_tool_with_logging', arguments: {} }, { [LOG_LEVEL_KEY]: 'info' });
    expect(answer.result).toMatchObject({ content: [{ type: 'text', text: 'Tool with logging executed successfully' }] });
    await ask('tools/list'); // anything written before the last answer has arrived
    expect(notifications(raw, 'notifications/message').slice(before).map((m) => m.params)).toEqual([
      expect.objectContaining({ level: 'info', data: 'Tool execution started' }),
      expect.objectContaining({ level: 'info', data: 'Tool processing data' }),
      expect.objectContaining({ level: 'info', data: 'Tool execution completed' }),
    ]);
  });

  it('answers bad params with -32602, not -32603', async () => {
    for (const [method, params] of BAD_PARAMS) expect(await ask(method, params), method).toMatchObject({ error: { code: -32602 } });
    expect((await ask('tools/list')).result).toMatchObject({ resultType: 'complete' });
  });
});

/** Requests whose params do not fit the method's schema: Invalid params in both eras. */
const BAD_PARAMS: [string, Json][] = [
  ['resources/read', { uri: 5 }],
  ['resources/read', {}],
  ['prompts/get', { name: 5 }],
  ['tools/call', { name: 5 }],
  ['completion/complete', { ref: 5, argument: { name: 'arg1', value: '' } }],
];

describe('raw 2025-11-25 lines', () => {
  let raw: RawClient;
  let id = 100;
  const ask = async (method: string, params: Json = {}): Promise<Message> => {
    const n = id++;
    raw.send({ jsonrpc: '2.0', id: n, method, params });
    return raw.response(n, ANSWER_MS);
  };
  beforeAll(() => {
    raw = new RawClient(everything, { cacheDir });
  });
  afterAll(() => raw?.close());

  it('answers initialize with 2025-11-25', async () => {
    expect(await ask('initialize', { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: 'raw', version: '0' } })).toMatchObject({
      result: { protocolVersion: LEGACY, serverInfo: { name: 'mcp-host-everything' } },
    });
    raw.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  });

  it('answers an unknown resource with -32002, as before', async () => {
    expect(await ask('resources/read', { uri: 'test://no-such-resource' })).toMatchObject({ error: { code: -32002 } });
  });

  it('answers bad params with -32602, not -32603', async () => {
    for (const [method, params] of [...BAD_PARAMS, ['logging/setLevel', { level: 'loud' }] as [string, Json]]) {
      expect(await ask(method, params), method).toMatchObject({ error: { code: -32602 } });
    }
    expect(await ask('ping')).toMatchObject({ result: {} });
  });
});
