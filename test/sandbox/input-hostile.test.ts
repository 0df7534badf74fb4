/**
 * An input-required answer (runtime.ask-input) and a
 * missing-client-capability error are guest data like any other: checked
 * whole before anything reaches a client. Each malformed answer below is
 * well-typed WIT, so it passes the component boundary. The structural
 * mistakes (keys, count, JSON, sizes) are refused at the guest's call, so
 * the guest gets the reason as its error; params that are JSON objects but
 * not what MCP defines are refused by the host after the call, as a tool
 * error (tools/call) or a JSON-RPC error (resources/read). After each, the
 * host serves on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

let host: RunningServer;

beforeAll(async () => {
  host = await startServer(componentPath('input-hostile'), { cacheDir: testCacheDir(), capabilities: { sampling: {}, elicitation: {} } });
});
afterAll(() => host?.close());

async function expectServing(): Promise<void> {
  await host.client.ping();
  expect(await call(host.client, 'fine')).toEqual({ text: 'fine', isError: false });
  expect(host.stderr()).not.toMatch(/uncaught|unhandled/i);
}

/** Refused at the guest's call of ask-input (the guest reports the error it got). */
const atTheCall: [string, RegExp][] = [
  ['bad_key', /input request key "bad key!" is not 1 to 64 characters of A-Z a-z 0-9 _ \. -/],
  ['empty_key', /input request key "" is not 1 to 64 characters/],
  ['long_key', /input request key "k{65}" is not 1 to 64 characters/],
  ['unicode_key', /input request key "naïve" is not 1 to 64 characters/],
  ['dup_key', /input request key "a" appears twice/],
  ['too_many', /input-required has 17 requests, over the limit of 16/],
  ['not_json', /input request "a" \(elicitation\/create\): the params are not valid JSON/],
  ['not_utf8', /input request "a" \(elicitation\/create\): the params are not valid JSON/],
  ['not_object', /input request "a" \(sampling\/createMessage\): the params are not a JSON object/],
  ['bad_roots', /input request "a" \(roots\/list\): the params are not a JSON object/],
  ['deep', /the params nest deeper than 64 levels/],
  ['huge_params', /the params are \d+ bytes, over the limit of 1048576/],
  ['huge_state', /input-required state is 65537 bytes, over the limit of 65536/],
  ['nothing', /input-required has neither requests nor state/],
];

/** Structurally fine, refused by the host once the call returned. */
const afterTheCall: [string, RegExp][] = [
  ['bad_elicit', /input request "a" \(elicitation\/create\): the params are not what MCP defines/],
  ['bad_sampling', /input request "a" \(sampling\/createMessage\): the params are not what MCP defines/],
];

describe('malformed input-required answers', () => {
  it.each(atTheCall)('%s is refused at the guest’s call, with the reason', async (tool, why) => {
    const answer = await call(host.client, tool);
    expect(answer.text).toMatch(/^refused \(invalid-params\): ask-input: /);
    expect(answer.text).toMatch(why);
    await expectServing();
  });

  it.each(afterTheCall)('%s is refused as a tool error naming what is wrong', async (tool, why) => {
    const answer = await call(host.client, tool);
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(new RegExp(`^Tool ${tool} asked for input the host refuses: `));
    expect(answer.text).toMatch(why);
    await expectServing();
  });

  it('from resources/read and prompts/get, is a JSON-RPC error', async () => {
    await expect(host.client.readResource({ uri: 'hostile://input' })).rejects.toMatchObject({
      code: -32603,
      message: expect.stringMatching(/asked for input the host refuses: input request "a" \(elicitation\/create\): the params are not what MCP defines/),
    });
    await expect(host.client.getPrompt({ name: 'hostile_prompt', arguments: { x: '1' } })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringMatching(/ask-input: input request key "bad key!"/),
    });
    await expectServing();
  });

  it('asking twice, outside a request, or where no request may ask is refused at the call', async () => {
    await host.client.callTool({ name: 'ask_twice', arguments: {} }).catch(() => undefined); // answered with its first ask: the protocol layer's business
    expect((await call(host.client, 'second_ask')).text).toBe('refused (invalid-request): ask-input was already called for this request');
    expect((await call(host.client, 'entry_ask')).text).toMatch(/^refused \(invalid-request\): ask-input is accepted only while handling call-tool, read-resource or get-prompt/);
    const completion = await host.client.complete({ ref: { type: 'ref/prompt', name: 'hostile_prompt' }, argument: { name: 'x', value: '' } });
    expect(completion.completion.values).toEqual([
      'refused (invalid-request): get-request-input is answered only while handling call-tool, read-resource or get-prompt',
    ]);
    await expectServing();
  });

  it('an error after asking answers the request with that error', async () => {
    await expect(host.client.callTool({ name: 'ask_then_fail', arguments: {} })).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/changed my mind/) });
    await expectServing();
  });
});

describe('missing-client-capability', () => {
  it('without a ClientCapabilities object as its data is the component’s fault: -32603, not -32021', async () => {
    for (const tool of ['missing_cap_list', 'missing_cap_none']) {
      await expect(host.client.callTool({ name: tool, arguments: {} })).rejects.toMatchObject({
        code: -32603,
        message: expect.stringMatching(/answered missing-client-capability without naming the capabilities as a ClientCapabilities JSON object/),
      });
    }
    await expectServing();
  });
});

describe('get-request-input', () => {
  it('on a first round: no input responses and no state; the capabilities are unknown or what the client declared', async () => {
    const seen = JSON.parse((await call(host.client, 'echo_context')).text) as {
      clientCapabilities: string | null;
      inputResponses: unknown[];
      state: string | null;
    };
    expect(seen.inputResponses).toEqual([]);
    expect(seen.state).toBeNull();
    if (seen.clientCapabilities !== null) expect(JSON.parse(seen.clientCapabilities)).toMatchObject({ sampling: {}, elicitation: {} });
    await expectServing();
  });
});
