/**
 * Fixed finding (hostile review, issue 12; low-medium): host/protocol/input-required.ts
 * `resume` logs one stderr line per input response it drops. A client holding
 * any genuine requestState (it gets one by calling an input-required tool)
 * sends a retry with tens of thousands of keys never asked: the host writes a
 * line per key. Over HTTP that is any remote client writing the operator's
 * log at ~30 bytes of request per line, bounded only by the body limit
 * (16 MiB: ~500,000 lines a request). Expected: the drops of one request are
 * said in one line (a count), as the listen path does for its excess URIs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../helpers/envelope.js';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { post, resultOf } from '../helpers/raw-http.js';
import { testCacheDir } from '../helpers/server.js';

const CAPS = { capabilities: { elicitation: {} } };
const TOOL = 'test_input_required_result_multi_round';
let host: HttpHost;

beforeAll(async () => {
  host = await startHttpHost(componentPath('everything'), { cacheDir: testCacheDir() });
});
afterAll(async () => {
  await host?.close();
});

describe('review finding, fixed (was: answers dropped from one retry are logged one line each)', () => {
  it('a retry with 20,000 keys never asked writes a bounded number of log lines', async () => {
    const first = resultOf(await post(host.url, 'tools/call', { name: TOOL, arguments: {} }, CAPS));
    expect(first.resultType).toBe('input_required');
    const inputResponses: Json = {};
    for (let i = 0; i < 20_000; i++) inputResponses[`k${i}`] = { action: 'accept', content: {} };
    const before = host.stderr().split('\n').length;
    const answer = await post(host.url, 'tools/call', { name: TOOL, arguments: {}, inputResponses, requestState: first.requestState }, CAPS);
    expect(answer.status).toBeLessThan(500);
    // Let stderr catch up.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const lines = host.stderr().split('\n').length - before;
    expect(lines, `${lines} log lines for one request`).toBeLessThan(100);
    expect(resultOf(await post(host.url, 'tools/list')).resultType).toBe('complete');
  });
});
