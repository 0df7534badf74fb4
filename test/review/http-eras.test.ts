/**
 * Hostile review (issue 12): 2026-07-28 over HTTP. Host/Origin checks, the
 * body limit and the listen-filter cap hold for 2026 requests; listen caps are
 * released when streams end; `--instances per-session` refuses every 2026
 * request (with or without a session id, whatever its headers say) with 400;
 * session ids of the other era do not route a 2026 request to a session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { ACCEPT, envelope, MODERN, modernRequest, postWithHost } from '../helpers/modern-http.js';
import { errorOf, post, resultOf } from '../helpers/raw-http.js';
import { testCacheDir } from '../helpers/server.js';

let shared: HttpHost;
let perSession: HttpHost;
beforeAll(async () => {
  shared = await startHttpHost(componentPath('everything'), { cacheDir: testCacheDir(), args: ['--max-message-bytes', '65536'] });
  perSession = await startHttpHost(componentPath('everything'), { cacheDir: testCacheDir(), args: ['--instances', 'per-session'] });
});
afterAll(async () => {
  await Promise.allSettled([shared?.close(), perSession?.close()]);
});

const listRequest = (id = 1) => modernRequest('tools/list', {}, id);

async function initialize(url: string): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'r', version: '0' } } }),
  });
  await res.text();
  const sid = res.headers.get('mcp-session-id');
  expect(sid).toBeTruthy();
  return sid!;
}

/** Open a listen stream; resolves once its headers came, with a way to end it. */
/**
 * Open a listen stream and keep it: the Response is held, because undici
 * cancels the body of a Response that is garbage collected, which closes the
 * stream and frees its slot on the server (seen under a busy suite's GC).
 */
async function openListen(url: string, uris: string[]): Promise<{ status: number; type: string; close: () => void; res: Response }> {
  const made = modernRequest('subscriptions/listen', { notifications: { resourceSubscriptions: uris } });
  const ac = new AbortController();
  const res = await fetch(url, { method: 'POST', headers: made.headers, body: made.body, signal: ac.signal });
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('event-stream')) await res.text();
  return { status: res.status, type, close: () => ac.abort(), res };
}

describe('review: 2026 over HTTP, the endpoint checks', () => {
  it('refuses a foreign Host and Origin for 2026 requests, and serves after', async () => {
    const made = listRequest();
    const u = new URL(shared.url);
    for (const host of ['evil.example', `evil.example:${u.port}`, `127.0.0.1.evil.example:${u.port}`, `localhost@evil.example`]) {
      expect((await postWithHost(shared.url, host, made.headers, made.body)).status, host).toBe(403);
    }
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1.evil.example:${u.port}`]) {
      const res = await fetch(shared.url, { method: 'POST', headers: { ...made.headers, origin }, body: made.body });
      await res.text();
      expect(res.status, origin).toBe(403);
    }
    expect(resultOf(await post(shared.url, 'tools/list')).resultType).toBe('complete');
  });

  it('refuses a 2026 body over --max-message-bytes with 413, and a listen filter over 64 KiB in band', async () => {
    const big = modernRequest('tools/call', { name: 'test_simple_text', arguments: { pad: 'x'.repeat(70_000) } });
    const res = await fetch(shared.url, { method: 'POST', headers: big.headers, body: big.body });
    await res.text();
    expect(res.status).toBe(413);
    const filterHost = await startHttpHost(componentPath('everything'), { cacheDir: testCacheDir() });
    try {
      const uris = Array.from({ length: 1000 }, (_, i) => `test://r/${i}/${'y'.repeat(80)}`);
      const listen = await openListen(filterHost.url, uris);
      expect(listen.type).not.toContain('event-stream');
      expect(resultOf(await post(filterHost.url, 'tools/list')).resultType).toBe('complete');
    } finally {
      await filterHost.close();
    }
    expect(resultOf(await post(shared.url, 'tools/list')).resultType).toBe('complete');
  });

  it('releases listen slots when streams end: 64 open, the 65th refused, then 64 again', async () => {
    const first = await Promise.all(Array.from({ length: 64 }, () => openListen(shared.url, ['test://watched-resource'])));
    for (const l of first) expect(l.type).toContain('event-stream');
    const over = await openListen(shared.url, ['test://watched-resource']);
    expect(over.type).not.toContain('event-stream');
    // Refused listens must not hold in-flight slots: many of them, then a plain request.
    for (let i = 0; i < 150; i++) expect((await openListen(shared.url, ['test://watched-resource'])).type).not.toContain('event-stream');
    expect(resultOf(await post(shared.url, 'tools/list')).resultType).toBe('complete');
    for (const l of first) l.close();
    await expect
      .poll(async () => {
        const l = await openListen(shared.url, ['test://watched-resource']);
        l.close();
        return l.type;
      }, { timeout: 10_000 })
      .toContain('event-stream');
    const again = await Promise.all(Array.from({ length: 64 }, () => openListen(shared.url, ['test://watched-resource'])));
    const opened = again.filter((l) => l.type.includes('event-stream')).length;
    for (const l of again) l.close();
    expect(opened).toBeGreaterThanOrEqual(63); // the probe's own stream may still be closing
  }, 60_000);
});

describe('review: --instances per-session and 2026', () => {
  it('refuses every 2026 request with 400, whatever session id or version header it carries', async () => {
    const sid = await initialize(perSession.url);
    const made = listRequest(7);
    const variants: [string, Record<string, string>, string][] = [
      ['plain', made.headers, made.body],
      ['with a live 2025 session id', { ...made.headers, 'mcp-session-id': sid }, made.body],
      ['with an unknown session id', { ...made.headers, 'mcp-session-id': 'nope' }, made.body],
      ['envelope, 2025 version header, live session', { ...made.headers, 'mcp-protocol-version': '2025-11-25', 'mcp-session-id': sid }, made.body],
      ['envelope, no version header', Object.fromEntries(Object.entries(made.headers).filter(([k]) => k !== 'mcp-protocol-version')), made.body],
      ['server/discover', { ...made.headers, 'mcp-method': 'server/discover' }, JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'server/discover', params: { _meta: envelope() } })],
      ['listen', { ...made.headers, 'mcp-method': 'subscriptions/listen' }, JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'subscriptions/listen', params: { notifications: { toolsListChanged: true }, _meta: envelope() } })],
    ];
    for (const [what, headers, body] of variants) {
      const res = await fetch(perSession.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
      const text = await res.text();
      expect(text, what).not.toMatch(/"tools"\s*:|supportedVersions|acknowledged/);
      expect(res.status, `${what}: ${text.slice(0, 200)}`).toBe(400);
    }
    // The session itself still works, as 2025.
    const res = await fetch(perSession.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: {} }),
    });
    expect(await res.text()).toContain('"tools"');
  });

  it('in shared mode, a 2026 request carrying a 2025 session id is served statelessly, the session untouched', async () => {
    const sid = await initialize(shared.url);
    const answer = await post(shared.url, 'tools/list', {}, { headers: { 'mcp-session-id': sid } });
    expect(answer.status).toBeLessThan(500);
    expect(errorOf(answer)?.code ?? 0).not.toBe(-32603);
    const res = await fetch(shared.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: {} }),
    });
    expect(await res.text()).toContain('"tools"');
    expect(MODERN).toBe('2026-07-28');
  });
});
