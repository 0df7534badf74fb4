/**
 * Fixed finding (hostile review, issue 12; low): a 2026-07-28 request whose JSON is
 * deeply nested (20,000 levels, well under the body limit) anywhere in its
 * params (tool arguments, inputResponses, or an unknown param of tools/list)
 * overflows the stack while being served: HTTP 500 / -32603 "Internal server
 * error", and the host logs it as its own failure ("http: Maximum call stack
 * size exceeded"); on stdio -32603 "Maximum call stack size exceeded". The
 * client's mistake should be answered as one (400 / -32600 or -32602), not as
 * the server breaking. The host keeps serving (asserted too).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../helpers/envelope.js';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { envelope, modernRequest } from '../helpers/modern-http.js';
import { errorOf, post, resultOf, type RawAnswer } from '../helpers/raw-http.js';
import { testCacheDir } from '../helpers/server.js';

const CAPS = { capabilities: { elicitation: {}, sampling: {}, roots: {} } };
const TOOL = 'test_input_required_result_multi_round';
let host: HttpHost;

beforeAll(async () => {
  host = await startHttpHost(componentPath('everything'), { cacheDir: testCacheDir() });
});
afterAll(async () => {
  await host?.close();
});

async function firstState(): Promise<string> {
  const result = resultOf(await post(host.url, 'tools/call', { name: TOOL, arguments: {} }, CAPS));
  expect(result.resultType, JSON.stringify(result)).toBe('input_required');
  return result.requestState as string;
}

/** A 2026 tools/call whose params hold `raw` (JSON text too deep for JSON.stringify here) at `params.<field>`. */
async function postDeep(url: string, params: Json, field: string, raw: string): Promise<RawAnswer> {
  const made = modernRequest('tools/call', params);
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { ...params, [field]: '@@', _meta: envelope(CAPS.capabilities) } }).replace('"@@"', raw);
  const res = await fetch(url, { method: 'POST', headers: made.headers, body, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  const data = text.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5));
  const messages = (data.length ? data : [text]).filter((t) => t.trim()).map((t) => JSON.parse(t) as Json);
  return { status: res.status, response: messages.find((m) => 'result' in m || 'error' in m), notifications: [] };
}
const nested = (depth: number): string => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

describe('review finding, fixed (was: deeply nested 2026 params are answered as an internal error)', () => {
  it('deeply nested answers to a round are no internal error', async () => {
    const state = await firstState();
    const answer = await postDeep(host.url, { name: TOOL, arguments: {}, requestState: state }, 'inputResponses', `{"step1":{"action":"accept","content":{"name":"Ada","deep":${nested(20_000)}}}}`);
    expect(answer.status).toBeLessThan(500);
    expect(errorOf(answer)?.code, JSON.stringify(answer.response ?? null).slice(0, 300)).not.toBe(-32603);
    expect(resultOf(await post(host.url, 'tools/list')).resultType).toBe('complete');
  });

  it('deeply nested tool arguments on an input-required tool are no internal error', async () => {
    const answer = await postDeep(host.url, { name: TOOL }, 'arguments', `{"deep":${nested(20_000)}}`);
    expect(answer.status).toBeLessThan(500);
    expect(errorOf(answer)?.code, JSON.stringify(answer.response ?? null).slice(0, 300)).not.toBe(-32603);
    expect(resultOf(await post(host.url, 'tools/list')).resultType).toBe('complete');
  });

  it('an unknown deep param on tools/list is no internal error', async () => {
    const made = modernRequest('tools/list', {});
    const body = `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"deep":${nested(20_000)},"_meta":${JSON.stringify(envelope())}}}`;
    const res = await fetch(host.url, { method: 'POST', headers: made.headers, body });
    expect(res.status, await res.text()).toBeLessThan(500);
    expect(host.stderr()).not.toMatch(/Maximum call stack/);
  });
});
