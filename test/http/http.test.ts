/**
 * Streamable HTTP: sessions, notifications on the session's stream, DELETE,
 * DNS-rebinding protection, shared and per-session instances, and many
 * concurrent sessions.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { testCacheDir } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';
import { Client as ClientV2, StreamableHTTPClientTransport as HttpTransportV2 } from '@modelcontextprotocol/client';
import { postModern } from '../helpers/modern-http.js';

const cacheDir = testCacheDir();
let shared: HttpHost;

beforeAll(async () => {
  shared = await startHttpHost(componentPath('notes'), { cacheDir });
});
afterAll(() => shared?.close());

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
});

const initialize = (headers: Record<string, string> = {}) =>
  fetch(shared.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: INITIALIZE,
  });

/** POST initialize with a Host header of our choosing (fetch will not send one). */
function initializeWithHost(host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(shared.url, {
      method: 'POST',
      headers: { host, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(INITIALIZE);
  });
}

describe('Streamable HTTP', () => {
  it('binds 127.0.0.1 and serves a session with the SDK client', async () => {
    expect(shared.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = await shared.connect();
    expect(client.getServerVersion()?.name).toBe('notes-example');
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('add_note');
    expect(await call(client, 'count_notes')).toEqual({ text: '1', isError: false });
  });

  it('refuses a Host or Origin of another site with 403', async () => {
    const badHost = await initializeWithHost('evil.example.com');
    expect(badHost.status).toBe(403);
    expect(badHost.body).toMatch(/Invalid Host: evil\.example\.com/);
    expect((await initializeWithHost('evil.example.com:8080')).status).toBe(403);
    const badOrigin = await initialize({ origin: 'http://evil.example.com' });
    expect(badOrigin.status).toBe(403);
    expect(await badOrigin.json()).toMatchObject({ error: { message: 'Invalid Origin: evil.example.com' } });
    const good = await initialize({ origin: 'http://localhost:3000' });
    expect(good.status).toBe(200);
  });

  it('answers a request without a session, or with an unknown one, with a 4xx', async () => {
    const noSession = await fetch(shared.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(noSession.status).toBe(400);
    const unknown = await fetch(shared.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': 'nope' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }),
    });
    expect(unknown.status).toBe(404);
  });

  it('ends a session on DELETE', async () => {
    const response = await initialize();
    const sessionId = response.headers.get('mcp-session-id')!;
    expect(sessionId).toBeTruthy();
    const deleted = await fetch(shared.url, { method: 'DELETE', headers: { 'mcp-session-id': sessionId } });
    expect(deleted.status).toBe(200);
    const after = await fetch(shared.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sessionId },
      body: JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/list' }),
    });
    expect(after.status).toBe(404);
  });

  it('delivers resources/updated to the subscribed session only, over its GET stream', async () => {
    const watcher = await shared.connect();
    const bystander = await shared.connect();
    const seen: string[] = [];
    const bystanderSeen: string[] = [];
    watcher.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void seen.push(n.params.uri));
    bystander.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void bystanderSeen.push(n.params.uri));
    await watcher.subscribeResource({ uri: 'notes://index' });
    await call(bystander, 'add_note', { id: 'from-http', text: 'hello' });
    await expect.poll(() => seen, { timeout: 5000 }).toEqual(['notes://index']);
    await watcher.ping();
    await bystander.ping();
    expect(bystanderSeen).toEqual([]);
  });

  it('shares one instance between sessions by default', async () => {
    const a = await shared.connect();
    const b = await shared.connect();
    await call(a, 'add_note', { id: 'shared-note', text: 'seen by all' });
    expect((await b.readResource({ uri: 'notes://shared-note' })).contents).toEqual([
      { uri: 'notes://shared-note', mimeType: 'text/plain', text: 'seen by all' },
    ]);
  });

  it('gives each session its own instance with --instances per-session', async () => {
    const isolated = await startHttpHost(componentPath('notes'), { cacheDir, args: ['--instances', 'per-session'] });
    try {
      const a = await isolated.connect();
      const b = await isolated.connect();
      await call(a, 'add_note', { id: 'private', text: 'only for a' });
      expect(await call(a, 'count_notes')).toEqual({ text: '2', isError: false });
      expect(await call(b, 'count_notes')).toEqual({ text: '1', isError: false });
    } finally {
      await isolated.close();
    }
  });

  // The 2026-07-28 era has no sessions: served from a shared instance, its clients would see each other's
  // state. So it is not served, and a client that negotiates the era falls back to a session of its own.
  it('answers 2026-07-28 requests as a 2025-only server with --instances per-session: negotiating clients open sessions', async () => {
    const isolated = await startHttpHost(componentPath('notes'), { cacheDir, args: ['--instances', 'per-session'] });
    try {
      const refused = await postModern(isolated.url, 'tools/call', { name: 'count_notes', arguments: {} });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: -32000, message: expect.stringMatching(/--instances per-session.*initialize/) }, id: 1 });
      const negotiating = async (): Promise<ClientV2> => {
        const client = new ClientV2({ name: 'auto', version: '0' }, { versionNegotiation: { mode: 'auto' } });
        await client.connect(new HttpTransportV2(new URL(isolated.url)));
        return client;
      };
      const [a, b] = [await negotiating(), await negotiating()];
      expect(a.getNegotiatedProtocolVersion()).toBe('2025-11-25');
      await a.callTool({ name: 'add_note', arguments: { id: 'private-v2', text: 'only for a' } });
      const count = async (c: ClientV2) => ((await c.callTool({ name: 'count_notes', arguments: {} })).content as { text: string }[])[0]!.text;
      expect([await count(a), await count(b)]).toEqual(['2', '1']);
      await Promise.all([a.close(), b.close()]);
    } finally {
      await isolated.close();
    }
  });
});

describe('many sessions', () => {
  it('answers 50 concurrent sessions × 100 tool calls, every one correctly', async () => {
    const host = await startHttpHost(componentPath('tools'), { cacheDir });
    try {
      const sessions = await Promise.all(Array.from({ length: 50 }, () => host.connect()));
      const answers = await Promise.all(
        sessions.map(async (client, s) => {
          const texts: string[] = [];
          for (let i = 0; i < 100; i++) {
            const result = await client.callTool({ name: 'echo', arguments: { text: `s${s}-c${i}` } });
            texts.push((result.content as { text: string }[])[0]!.text);
          }
          return texts;
        }),
      );
      answers.forEach((texts, s) => expect(texts).toEqual(Array.from({ length: 100 }, (_, i) => `s${s}-c${i}`)));
    } finally {
      await host.close();
    }
  }, 120_000);
});

describe('idle sessions', () => {
  it('are closed, and with them a per-session instance', async () => {
    const host = await startHttpHost(componentPath('notes'), { cacheDir, args: ['--instances', 'per-session', '--session-idle', '1'] });
    try {
      const response = await fetch(host.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: INITIALIZE,
      });
      const sessionId = response.headers.get('mcp-session-id')!;
      await expect.poll(() => host.stderr(), { timeout: 10_000 }).toMatch(new RegExp(`session ${sessionId} idle for 1 s, closed`));
      const after = await fetch(host.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sessionId },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
      });
      expect(after.status).toBe(404);
    } finally {
      await host.close();
    }
  });
});
