/**
 * Both protocol eras over Streamable HTTP, on one `mcp-host run --http`
 * endpoint serving the everything component: the SDK v2 Client pinned to
 * 2026-07-28 (no session, one POST a request) and the v1 Client in a 2025-11-25
 * session get through the same workflow as over stdio (era-workflow.ts), at
 * the same time. Raw requests check the 2026 header rules the SDK client
 * always gets right (Streamable HTTP, spec 2026-07-28, SEP-2243): a
 * Mcp-Name that disagrees with the body is -32020, an unknown version -32022,
 * each with HTTP 400; the conformance suite checks the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { PROTOCOL_VERSION_KEY, LEGACY, MODERN } from '../helpers/envelope.js';
import { answerElicitationsV1, answerElicitationsV2, describeWorkflow, v1Driver, v2Driver } from '../helpers/era-workflow.js';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { errorOf, post, resultOf } from '../helpers/raw-http.js';
import { testCacheDir } from '../helpers/server.js';
import { connectV2Http } from '../helpers/v2-client.js';

let host: HttpHost;
beforeAll(async () => {
  host = await startHttpHost(componentPath('everything'), { cacheDir: testCacheDir() });
});
afterAll(() => host?.close());

describeWorkflow('2026-07-28 over HTTP (SDK v2 Client, pinned)', MODERN, async () => {
  const client = await connectV2Http(host.url, { capabilities: { elicitation: {} }, prepare: answerElicitationsV2 });
  return { d: v2Driver(client), era: client.getNegotiatedProtocolVersion(), close: () => client.close() };
});

describeWorkflow('2025-11-25 over HTTP (SDK v1 Client, a session)', LEGACY, async () => {
  const client = await host.connect({ elicitation: {} });
  answerElicitationsV1(client);
  return { d: v1Driver(client), era: LATEST_PROTOCOL_VERSION, close: () => client.close() };
});

describe('2026-07-28 headers', () => {
  it('refuses a Mcp-Name that disagrees with the body: -32020, HTTP 400', async () => {
    const answer = await post(host.url, 'tools/call', { name: 'test_simple_text', arguments: {} }, { headers: { 'mcp-name': 'test_error_handling' } });
    expect(answer.status).toBe(400);
    expect(errorOf(answer)?.code).toBe(-32020);
  });

  it('refuses an unknown protocol version: -32022 naming the supported ones, HTTP 400', async () => {
    const answer = await post(host.url, 'tools/list', {}, { meta: { [PROTOCOL_VERSION_KEY]: '2099-01-01' }, headers: { 'mcp-protocol-version': '2099-01-01' } });
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: -32022, data: { supported: expect.arrayContaining([MODERN]) } });
  });

  it('serves on', async () => {
    expect(resultOf(await post(host.url, 'tools/list')).resultType).toBe('complete');
  });
});
