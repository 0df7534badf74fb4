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
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { answerElicitationsV1, answerElicitationsV2, describeWorkflow, v1Driver, v2Driver } from '../helpers/era-workflow.js';
import { LEGACY, LOG_LEVEL_KEY, MODERN, modernRequest, PROTOCOL_VERSION_KEY, CLIENT_CAPABILITIES_KEY, CLIENT_INFO_KEY, type Json } from '../helpers/envelope.js';
import { componentPath } from '../helpers/fixtures.js';
import { RawClient, type Message } from '../helpers/raw-client.js';
import { startServer, testCacheDir } from '../helpers/server.js';
import { startV2Server } from '../helpers/v2-client.js';

const everything = componentPath('everything');
const cacheDir = testCacheDir();
/** A generous bound for one answer: a host that stays silent fails the test instead of hanging it. */
const ANSWER_MS = 20_000;

describeWorkflow('2026-07-28 (SDK v2 Client, pinned)', MODERN, async () => {
  const modern = await startV2Server(everything, { cacheDir, capabilities: { elicitation: {} }, prepare: answerElicitationsV2 });
  return { d: v2Driver(modern.client), era: modern.client.getNegotiatedProtocolVersion(), close: () => modern.close() };
});

describeWorkflow('2025-11-25 (SDK v1 Client)', LEGACY, async () => {
  const legacy = await startServer(everything, { cacheDir, capabilities: { elicitation: {} } });
  answerElicitationsV1(legacy.client);
  // v1 has no getter for the version the server answered (it asks for its latest, 2025-11-25); the raw 2025 block below checks the answer.
  return { d: v1Driver(legacy.client), era: LATEST_PROTOCOL_VERSION, close: () => legacy.close() };
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

  it('sends a call\'s progress before its response', async () => {
    const answer = await ask('tools/call', { name: 'test_tool_with_progress', arguments: {}, _meta: { progressToken: 'p2026' } });
    expectProgressBefore(raw, answer, 'p2026');
  });

  it('answers bad params with -32602, not -32603', async () => {
    for (const [method, params] of BAD_PARAMS) expect(await ask(method, params), method).toMatchObject({ error: { code: -32602 } });
    expect((await ask('tools/list')).result).toMatchObject({ resultType: 'complete' });
  });
});

/** The progress for `token` came, in order, and all of it before `answer` (the one pipe keeps the host's write order). */
function expectProgressBefore(raw: RawClient, answer: Message, token: string): void {
  expect(answer.result).toMatchObject({ content: [{ type: 'text', text: 'Progress tool completed' }] });
  const at = raw.all.indexOf(answer);
  const progress = raw.all.filter((m) => m.method === 'notifications/progress' && (m.params as Json)?.progressToken === token);
  expect(progress.map((m) => (m.params as Json).progress)).toEqual([0, 50, 100]);
  for (const m of progress) expect(raw.all.indexOf(m)).toBeLessThan(at);
}

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

  // The 2025-11-25 spec suggests -32002 (server/resources, Error Handling: a SHOULD,
  // by example); mcp-host answers SEP-2164's -32602 with data.uri in both eras, by
  // choice (docs/protocol-eras.md: SDK v2 sends it; clients accept either).
  it('answers an unknown resource with -32602 naming the URI, as in 2026', async () => {
    const uri = 'test://no-such-resource';
    expect(await ask('resources/read', { uri })).toMatchObject({ error: { code: -32602, data: { uri } } });
  });

  it('sends a call\'s progress before its response', async () => {
    const answer = await ask('tools/call', { name: 'test_tool_with_progress', arguments: {}, _meta: { progressToken: 'p2025' } });
    expectProgressBefore(raw, answer, 'p2025');
  });

  it('answers bad params with -32602, not -32603', async () => {
    for (const [method, params] of [...BAD_PARAMS, ['logging/setLevel', { level: 'loud' }] as [string, Json]]) {
      expect(await ask(method, params), method).toMatchObject({ error: { code: -32602 } });
    }
    expect(await ask('ping')).toMatchObject({ result: {} });
  });
});
