/**
 * Hostile review (issue 12): a round's requestState moved, replayed or put on
 * requests it does not belong to, and answers that do not fit, over HTTP
 * (2026-07-28, raw requests). Secure outcome: refused as Invalid params (or
 * the answers dropped), never served with the attacker's values, and the host
 * keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../helpers/envelope.js';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { errorOf, post, resultOf, type RawAnswer } from '../helpers/raw-http.js';
import { testCacheDir } from '../helpers/server.js';


const CAPS = { capabilities: { elicitation: {}, sampling: {}, roots: {} } };
const TOOL = 'test_input_required_result_multi_round';
const accept = (content: Json): Json => ({ action: 'accept', content });
let host: HttpHost;

beforeAll(async () => {
  host = await startHttpHost(componentPath('everything'), { cacheDir: testCacheDir() });
});
afterAll(async () => {
  await host?.close();
});

async function firstState(params: Json = { name: TOOL, arguments: {} }, method = 'tools/call'): Promise<string> {
  const result = resultOf(await post(host.url, method, params, CAPS));
  expect(result.resultType, JSON.stringify(result)).toBe('input_required');
  return result.requestState as string;
}

function expectRefused(answer: RawAnswer, what: string): void {
  expect(errorOf(answer)?.code, `${what}: ${JSON.stringify(answer.response ?? null)}`).toBe(-32602);
  expect(answer.status, what).toBeLessThan(500);
}

describe('review: a requestState on a request it was not made for', () => {
  it('is refused on the same tool with other arguments (extra, changed, reordered-but-different)', async () => {
    for (const args of [{ x: 1 }, { __proto__: 1 }, [], null, 'a']) {
      const state = await firstState();
      const answer = await post(host.url, 'tools/call', { name: TOOL, arguments: args, inputResponses: { step1: accept({ name: 'Mallory' }) }, requestState: state }, CAPS);
      expect(JSON.stringify(answer.response ?? null), JSON.stringify(args)).not.toContain('Mallory');
      if (!errorOf(answer)) expect(resultOf(answer).resultType).not.toBe('complete');
    }
  });

  it('is refused on methods that take no state: tools/list, resources/list, completion/complete, ping, server/discover', async () => {
    const state = await firstState();
    for (const [method, params] of [
      ['tools/list', {}],
      ['resources/list', {}],
      ['prompts/list', {}],
      ['completion/complete', { ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'a' } }],
      ['server/discover', {}],
    ] as [string, Json][]) {
      const answer = await post(host.url, method, { ...params, inputResponses: { step1: accept({ name: 'Mallory' }) }, requestState: state }, CAPS);
      expect(answer.status, method).toBeLessThan(500);
      expect(JSON.stringify(answer.response ?? null), method).not.toContain('Mallory');
    }
    // The state was never spent by those: its own request still takes it.
    const own = await post(host.url, 'tools/call', { name: TOOL, arguments: {}, inputResponses: { step1: accept({ name: 'Ada' }) }, requestState: state }, CAPS);
    expect(resultOf(own).resultType).toBe('input_required');
  });

  it('of a prompt is refused on a resource read and on a tool of the same name', async () => {
    const state = await firstState({ name: 'test_input_required_result_prompt' }, 'prompts/get');
    expectRefused(await post(host.url, 'tools/call', { name: 'test_input_required_result_prompt', arguments: {}, requestState: state }, CAPS), 'prompt state on tools/call');
    expectRefused(await post(host.url, 'resources/read', { uri: 'test://static-text', requestState: state }, CAPS), 'prompt state on resources/read');
  });

  it('is good once even when the two retries race', async () => {
    const state = await firstState();
    const retries = await Promise.all(
      Array.from({ length: 8 }, () => post(host.url, 'tools/call', { name: TOOL, arguments: {}, inputResponses: { step1: accept({ name: 'Ada' }) }, requestState: state }, CAPS)),
    );
    const taken = retries.filter((r) => !errorOf(r));
    expect(taken.length).toBe(1);
    for (const r of retries.filter((x) => errorOf(x))) expectRefused(r, 'a racing replay');
  });
});

describe('review: answers that do not fit', () => {
  it('drops prototype keys, huge and deeply nested values, and keeps serving', async () => {
    const deep = (n: number): unknown => {
      let v: unknown = 'x';
      for (let i = 0; i < n; i++) v = { a: v };
      return v;
    };
    const cases: [string, Json][] = [
      ['proto', JSON.parse('{"__proto__": {"action":"accept","content":{"name":"Mallory"}}, "constructor": {"action":"accept","content":{"name":"Mallory"}}}') as Json],
      ['deep', { step1: { action: 'accept', content: { name: 'Ada', deep: deep(500) } } }],
      ['huge', { step1: { action: 'accept', content: { name: 'Ada', pad: 'y'.repeat(2 * 1024 * 1024) } } }],
      ['not an object', { step1: 'accept' } as Json],
      ['array', { step1: [accept({ name: 'Mallory' })] } as Json],
    ];
    for (const [what, inputResponses] of cases) {
      const state = await firstState();
      const answer = await post(host.url, 'tools/call', { name: TOOL, arguments: {}, inputResponses, requestState: state }, CAPS);
      expect(answer.status, what).toBeLessThan(500);
      expect(JSON.stringify(answer.response ?? null).slice(0, 10_000), what).not.toContain('Mallory');
      expect(errorOf(answer)?.code, `${what}: ${JSON.stringify(answer.response ?? null).slice(0, 300)}`).not.toBe(-32603);
    }
    expect(resultOf(await post(host.url, 'tools/list')).resultType).toBe('complete');
  });
});
