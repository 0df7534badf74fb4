/**
 * Both protocol eras on one endpoint (issue 12): a v2 client pinned to
 * 2026-07-28 (stateless) and a v1 client (2025 sessions) on the same URL of
 * the same running host; the SDK's own 2026 checks (server/discover, the
 * Mcp-Method and Mcp-Name headers); and every limit for both eras: Host,
 * bodies, list answers, what waits for a client that does not read, 2026
 * requests in flight and listen streams, and sessions, which 2026 traffic
 * does not use up.
 *
 * The first part serves a small real SDK v2 server (a factory, as the
 * protocol layer gives) with `serveHttp`; the second drives the real CLI.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server, type ServerNotifier } from '@modelcontextprotocol/server';
import { serveHttp, type HttpEndpoint } from '../../host/transports/http.js';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { ACCEPT, modernClient, modernRequest, postModern, postWithHost } from '../helpers/modern-http.js';
import { peakRss } from '../helpers/proc.js';
import { testCacheDir } from '../helpers/server.js';

const KIB = 1024;
const MIB = 1024 * KIB;
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
});
const JSON_HEADERS = { 'content-type': 'application/json', accept: ACCEPT };
const initialize = (url: string) => fetch(url, { method: 'POST', headers: JSON_HEADERS, body: INITIALIZE });

/** Calls of `hold` wait for this to open. */
let gate: { open: () => void; opened: Promise<void> };
const closeGate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  gate = { open, opened };
};
closeGate();

/** A small real v2 server: what the protocol layer's factory makes, for each request or session. */
function testServer(): Server {
  const server = new Server({ name: 'eras-test', version: '1.0.0' }, { capabilities: { tools: { listChanged: true }, resources: { subscribe: true } } });
  server.setRequestHandler('tools/list', () => ({
    tools: ['echo', 'hold', 'flood'].map((name) => ({ name, inputSchema: { type: 'object' as const, properties: { text: { type: 'string' } } } })),
  }));
  server.setRequestHandler('tools/call', async (req, ctx) => {
    const args = (req.params.arguments ?? {}) as { text?: string };
    if (req.params.name === 'hold') await gate.opened;
    if (req.params.name === 'flood') {
      // 24 MiB of progress for a client that may not read it.
      const progressToken = ctx.mcpReq._meta?.progressToken ?? 'flood';
      for (let i = 0; i < 24 * KIB; i++) await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress: i, message: 'x'.repeat(KIB) } });
    }
    return { content: [{ type: 'text' as const, text: `${req.params.name}: ${args.text ?? ''}` }] };
  });
  server.setRequestHandler('resources/list', () => ({
    resources: Array.from({ length: 200 }, (_, i) => ({ uri: `test://r/${i}`, name: `resource ${i}`, mimeType: 'text/plain' })),
  }));
  server.setRequestHandler('resources/read', (req) => ({ contents: [{ uri: req.params.uri, mimeType: 'text/plain', text: `read ${req.params.uri}` }] }));
  return server;
}

interface InProcess {
  endpoint: HttpEndpoint;
  notify: ServerNotifier;
  /** Listens reported to onListen: what they named, and whether they ended. */
  listens: Array<{ resources: unknown; ended: AbortSignal }>;
  log: string[];
  released: () => number;
}

async function serveTestServer(limits: { maxSessions?: number; maxModernRequests?: number; maxMessageBytes?: number; maxListBytes?: number; maxBacklogBytes?: number }): Promise<InProcess> {
  const log: string[] = [];
  let notify: ServerNotifier | undefined;
  let released = 0;
  const listens: InProcess['listens'] = [];
  const endpoint = await serveHttp({
    host: '127.0.0.1',
    port: 0,
    allowedHosts: ['localhost', '127.0.0.1', '[::1]'],
    factory: () => testServer(),
    openSession: async () => ({ server: testServer(), release: async () => void released++ }),
    onNotifier: (n) => (notify = n),
    onListen: (resources, ended) => void listens.push({ resources, ended }),
    sessionIdleMs: 60_000,
    log: (line) => void log.push(line),
    ...limits,
  });
  return { endpoint, notify: notify!, listens, log, released: () => released };
}

/** Read an SSE or JSON answer's JSON-RPC messages. */
async function messages(res: Response): Promise<Array<Record<string, any>>> {
  const text = await res.text();
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) return [JSON.parse(text)];
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)));
}

/** POST a 2026 request on its own connection and never read the answer. */
function postUnread(url: string, method: string, params: Record<string, unknown>): Socket {
  const { port } = new URL(url);
  const made = modernRequest(method, params);
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => {});
  const head = Object.entries(made.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${head}content-length: ${Buffer.byteLength(made.body)}\r\n\r\n${made.body}`);
  socket.pause();
  return socket;
}

/** A listen stream's frames as they come, until `stop`. */
function listen(url: string, filter: object, id = 'listen-1') {
  const abort = new AbortController();
  const made = modernRequest('subscriptions/listen', { notifications: filter }, id);
  let text = '';
  const response = fetch(url, { method: 'POST', headers: made.headers, body: made.body, signal: abort.signal });
  const done = response
    .then(async (res) => {
      for await (const chunk of res.body!) text += Buffer.from(chunk).toString();
    })
    .catch(() => {});
  return { response, frames: () => text, stop: () => (abort.abort(), done) };
}

describe('one endpoint, both eras (a v2 server factory)', () => {
  let host: InProcess;
  beforeAll(async () => {
    host = await serveTestServer({ maxSessions: 4, maxModernRequests: 4 });
  });
  afterAll(() => host?.endpoint.close());

  it('serves a pinned 2026-07-28 v2 client and a 2025 v1 client on the same URL', async () => {
    const modern = await modernClient(host.endpoint.url);
    const legacy = new V1Client({ name: 'v1', version: '0' }, { capabilities: {} });
    await legacy.connect(new V1Transport(new URL(host.endpoint.url)));
    try {
      expect(modern.getNegotiatedProtocolVersion()).toBe('2026-07-28');
      for (const client of [modern, legacy] as const) {
        expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo', 'hold', 'flood']);
        expect((await client.callTool({ name: 'echo', arguments: { text: 'hi' } })).content).toEqual([{ type: 'text', text: 'echo: hi' }]);
        expect((await client.readResource({ uri: 'test://r/1' })).contents).toEqual([{ uri: 'test://r/1', mimeType: 'text/plain', text: 'read test://r/1' }]);
      }
      // Only the v1 client opened a session.
      expect(host.endpoint.sessions()).toBe(1);
    } finally {
      await modern.close();
      await legacy.close();
    }
  });

  it('answers server/discover, and refuses an Mcp-Method or Mcp-Name that is not the body\'s with 400 -32020', async () => {
    const discover = await postModern(host.endpoint.url, 'server/discover');
    expect(discover.status).toBe(200);
    expect(await discover.json()).toMatchObject({ id: 1, result: { supportedVersions: expect.arrayContaining(['2026-07-28']), capabilities: { tools: {} } } });

    const method = await postModern(host.endpoint.url, 'tools/list', {}, { 'mcp-method': 'prompts/list' });
    expect(method.status).toBe(400);
    expect(await method.json()).toMatchObject({ error: { code: -32020 } });
    const name = await postModern(host.endpoint.url, 'tools/call', { name: 'echo', arguments: {} }, { 'mcp-name': 'other' });
    expect(name.status).toBe(400);
    expect(await name.json()).toMatchObject({ error: { code: -32020, message: expect.stringMatching(/Mcp-Name/) } });
  });

  it('serves a 2026 request whatever mcp-session-id it carries: the era has no sessions, and none is opened', async () => {
    const before = host.endpoint.sessions();
    const res = await postModern(host.endpoint.url, 'tools/call', { name: 'echo', arguments: { text: 'stale' } }, { 'mcp-session-id': 'no-such-session' });
    expect(res.status).toBe(200);
    expect(await messages(res)).toMatchObject([{ id: 1, result: { content: [{ type: 'text', text: 'echo: stale' }] } }]);
    expect(res.headers.get('mcp-session-id')).toBeNull();
    expect(host.endpoint.sessions()).toBe(before);
    // A 2025 request for that session is still refused.
    const legacy = await fetch(host.endpoint.url, { method: 'POST', headers: { ...JSON_HEADERS, 'mcp-session-id': 'no-such-session' }, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
    expect(legacy.status).toBe(404);
  });

  it('refuses a Host of another site with 403 in both eras', async () => {
    const made = modernRequest('tools/list');
    for (const [headers, body] of [
      [made.headers, made.body],
      [JSON_HEADERS, INITIALIZE],
    ] as const) {
      const refused = await postWithHost(host.endpoint.url, 'evil.example.com', headers, body);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatch(/Invalid Host: evil\.example\.com/);
    }
    expect((await postModern(host.endpoint.url, 'tools/list', {}, { origin: 'http://evil.example.com' })).status).toBe(403);
  });

  it('caps 2026 requests in flight (503 past it) and listen streams (the SDK refuses past half of them), and frees both', async () => {
    closeGate();
    const held = Array.from({ length: 3 }, (_, i) => postModern(host.endpoint.url, 'tools/call', { name: 'hold', arguments: { text: String(i) } }));
    await expect.poll(() => host.endpoint.modernInFlight(), { timeout: 5000 }).toBe(3);
    const first = listen(host.endpoint.url, { toolsListChanged: true, resourceSubscriptions: ['test://r/1'] });
    await expect.poll(() => host.endpoint.modernInFlight(), { timeout: 5000 }).toBe(4);
    const over = await postModern(host.endpoint.url, 'tools/list');
    expect(over.status).toBe(503);
    expect(over.headers.get('retry-after')).toBe('5');
    expect(await over.json()).toMatchObject({ id: 1, error: { message: expect.stringMatching(/Too many requests in flight: 4/) } });
    // 2025 sessions are not held up by 2026 traffic.
    expect((await initialize(host.endpoint.url)).status).toBe(200);

    gate.open();
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200, 200]);
    await expect.poll(() => host.endpoint.modernInFlight(), { timeout: 5000 }).toBe(1);
    // With 4 in flight at most, 2 listen streams: the third is refused in band.
    const second = listen(host.endpoint.url, { toolsListChanged: true }, 'listen-2');
    await expect.poll(() => host.endpoint.modernInFlight(), { timeout: 5000 }).toBe(2);
    const third = await postModern(host.endpoint.url, 'subscriptions/listen', { notifications: { toolsListChanged: true } });
    expect(await messages(third)).toMatchObject([{ error: { code: -32603, message: 'Subscription limit reached' } }]);
    // A filter is held while its stream is open: one of 2 MiB of URIs is refused before it is.
    const uris = Array.from({ length: 20_000 }, (_, i) => `test://r/${i}/${'x'.repeat(90)}`);
    const huge = await postModern(host.endpoint.url, 'subscriptions/listen', { notifications: { resourceSubscriptions: uris } });
    expect(await messages(huge)).toMatchObject([{ id: 1, error: { code: -32602, message: expect.stringMatching(/listen filter is \d+ bytes, over the 65536/) } }]);
    expect(host.endpoint.modernInFlight()).toBe(2);
    // Only the listens the SDK opened a stream for are reported, with what they named.
    expect(host.listens.map((l) => [l.resources, l.ended.aborted])).toEqual([
      [['test://r/1'], false],
      [undefined, false],
    ]);

    // onNotifier's publisher reaches the open streams.
    host.notify.toolsChanged();
    await expect.poll(first.frames, { timeout: 5000 }).toMatch(/notifications\/tools\/list_changed/);
    await expect.poll(second.frames, { timeout: 5000 }).toMatch(/notifications\/tools\/list_changed/);
    await first.stop();
    await second.stop();
    await expect.poll(() => host.endpoint.modernInFlight(), { timeout: 5000 }).toBe(0);
    expect(host.listens.map((l) => l.ended.aborted)).toEqual([true, true]);
    expect((await postModern(host.endpoint.url, 'tools/list')).status).toBe(200);
  });
});

describe('limits for both eras (a v2 server factory)', () => {
  let host: InProcess;
  beforeAll(async () => {
    host = await serveTestServer({ maxSessions: 2, maxMessageBytes: 64 * KIB, maxListBytes: 4 * KIB, maxBacklogBytes: 256 * KIB });
  });
  afterAll(() => host?.endpoint.close());

  it('refuses a body over --max-message-bytes with 413 in both eras', async () => {
    const big = 'x'.repeat(128 * KIB);
    const made = modernRequest('tools/call', { name: 'echo', arguments: { text: big } });
    const modern = await fetch(host.endpoint.url, { method: 'POST', headers: made.headers, body: made.body });
    expect(modern.status).toBe(413);
    expect(await modern.json()).toMatchObject({ error: { code: -32600, message: expect.stringMatching(/maximum of 65536 bytes/) } });
    const legacy = await fetch(host.endpoint.url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ ...JSON.parse(INITIALIZE), pad: big }) });
    expect(legacy.status).toBe(413);
    // Another content type: 415 in both eras, and the body is never read (so never outside the bodies' budget).
    const small = modernRequest('tools/list');
    const session = (await initialize(host.endpoint.url)).headers.get('mcp-session-id')!;
    for (const headers of [small.headers, { ...JSON_HEADERS, 'mcp-session-id': session }]) {
      const other = await fetch(host.endpoint.url, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: small.body });
      expect([other.status, (await other.json()).error.message]).toEqual([415, 'Unsupported Media Type: Content-Type must be application/json']);
    }
    await fetch(host.endpoint.url, { method: 'DELETE', headers: { 'mcp-session-id': session } });
    // Bad JSON: -32700 whichever era it meant to be.
    const bad = await fetch(host.endpoint.url, { method: 'POST', headers: made.headers, body: '{"jsonrpc":' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: -32700 } });
  });

  it('caps list answers at --max-result-bytes in both eras', async () => {
    const modern = await postModern(host.endpoint.url, 'resources/list');
    expect(await messages(modern)).toMatchObject([{ id: 1, error: { code: -32603, message: expect.stringMatching(/over the cap of 4096 bytes/) } }]);
    const legacy = new V1Client({ name: 'v1', version: '0' }, { capabilities: {} });
    const transport = new V1Transport(new URL(host.endpoint.url));
    await legacy.connect(transport);
    try {
      await expect(legacy.listResources()).rejects.toThrow(/over the cap of 4096 bytes/);
      expect((await legacy.listTools()).tools).toHaveLength(3);
    } finally {
      await transport.terminateSession();
      await legacy.close();
    }
    expect((await postModern(host.endpoint.url, 'tools/list')).status).toBe(200);
  });

  it('bounds what waits for a 2026 client that does not read: its stream is ended, and the host serves on', async () => {
    const socket = postUnread(host.endpoint.url, 'tools/call', { name: 'flood', arguments: {}, _meta: { progressToken: 7 } });
    await expect.poll(() => host.log.join('\n'), { timeout: 30_000 }).toMatch(/http: 2026-07-28 request \d+: (a stream ended|notifications dropped)/);
    socket.destroy();
    await expect.poll(() => host.endpoint.modernInFlight(), { timeout: 10_000 }).toBe(0);
    expect((await postModern(host.endpoint.url, 'tools/list')).status).toBe(200);
  }, 60_000);

  it('keeps --max-sessions for 2025 sessions only: 2026 traffic neither uses them up nor is refused by them', async () => {
    // More at once than there are sessions (connections past the cap would be dropped, so 8).
    const statuses = await Promise.all(Array.from({ length: 8 }, () => postModern(host.endpoint.url, 'tools/list').then((r) => r.status)));
    expect(statuses).toEqual(Array(8).fill(200));
    const a = await initialize(host.endpoint.url);
    const b = await initialize(host.endpoint.url);
    expect([a.status, b.status]).toEqual([200, 200]);
    const over = await initialize(host.endpoint.url);
    expect(over.status).toBe(503);
    expect(await over.json()).toMatchObject({ error: { message: expect.stringMatching(/Too many sessions: 2/) } });
    expect((await postModern(host.endpoint.url, 'tools/call', { name: 'echo', arguments: { text: 'still' } })).status).toBe(200);
    expect(host.endpoint.sessions()).toBe(2);
    for (const res of [a, b]) await fetch(host.endpoint.url, { method: 'DELETE', headers: { 'mcp-session-id': res.headers.get('mcp-session-id')! } });
    await expect.poll(() => host.endpoint.sessions()).toBe(0);
    expect((await initialize(host.endpoint.url)).status).toBe(200);
  });
});

describe('mcp-host run --http, both eras on one URL', () => {
  let cli: HttpHost;
  beforeAll(async () => {
    cli = await startHttpHost(componentPath('notes'), { cacheDir: testCacheDir(), args: ['--max-sessions', '2', '--max-message-bytes', '1M'] });
  });
  afterAll(() => cli?.close());

  it('serves a pinned 2026-07-28 v2 client and a 2025 v1 client on the same URL: list, call, read', async () => {
    const modern = await modernClient(cli.url);
    const legacy = await cli.connect();
    try {
      expect(modern.getNegotiatedProtocolVersion()).toBe('2026-07-28');
      for (const client of [modern, legacy] as const) {
        expect((await client.listTools()).tools.map((t) => t.name)).toContain('add_note');
        expect(await client.callTool({ name: 'count_notes', arguments: {} })).toMatchObject({ content: [{ type: 'text', text: expect.stringMatching(/^\d+$/) }] });
        const { resources } = await client.listResources();
        expect(resources.length).toBeGreaterThan(0);
        expect((await client.readResource({ uri: resources[0]!.uri })).contents[0]).toMatchObject({ uri: resources[0]!.uri });
      }
      // One instance serves both: what the 2026 client adds, the 2025 session reads.
      await modern.callTool({ name: 'add_note', arguments: { id: 'from-2026', text: 'stateless' } });
      expect((await legacy.readResource({ uri: 'notes://from-2026' })).contents).toEqual([{ uri: 'notes://from-2026', mimeType: 'text/plain', text: 'stateless' }]);
    } finally {
      await modern.close();
    }
    const discover = await postModern(cli.url, 'server/discover');
    expect(discover.status).toBe(200);
    expect(await discover.json()).toMatchObject({ result: { supportedVersions: ['2026-07-28'], _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'notes-example' } } } });
  });

  it('tells a 2026 listen stream of the backend\'s changes, and of updates of the resources it names', async () => {
    const stream = listen(cli.url, { resourcesListChanged: true, resourceSubscriptions: ['notes://index'] });
    const bystander = listen(cli.url, { resourceSubscriptions: ['notes://other'] }, 'listen-2');
    await expect.poll(stream.frames, { timeout: 5000 }).toMatch(/notifications\/subscriptions\/acknowledged/);
    await expect.poll(bystander.frames, { timeout: 5000 }).toMatch(/notifications\/subscriptions\/acknowledged/);
    const client = await modernClient(cli.url);
    await client.callTool({ name: 'add_note', arguments: { id: 'heard', text: 'by listeners' } });
    await expect.poll(stream.frames, { timeout: 5000 }).toMatch(/notifications\/resources\/list_changed/);
    await expect.poll(stream.frames, { timeout: 5000 }).toMatch(/notifications\/resources\/updated.*notes:\/\/index/);
    await client.close();
    await stream.stop();
    // Once its listen ended, the update reaches no one; the other listen never named it.
    expect(bystander.frames()).not.toMatch(/resources\/updated/);
    await bystander.stop();
  });

  it('refuses a foreign Host with 403 and a body over the cap with 413 in both eras', async () => {
    const made = modernRequest('server/discover');
    expect((await postWithHost(cli.url, 'evil.example.com', made.headers, made.body)).status).toBe(403);
    expect((await postWithHost(cli.url, 'evil.example.com', JSON_HEADERS, INITIALIZE)).status).toBe(403);
    const big = 'x'.repeat(2 * MIB);
    const modern = await postModern(cli.url, 'server/discover', { pad: big });
    expect(modern.status).toBe(413);
    const legacy = await fetch(cli.url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ ...JSON.parse(INITIALIZE), pad: big }) });
    expect(legacy.status).toBe(413);
    expect((await postModern(cli.url, 'server/discover')).status).toBe(200);
  });

  it('keeps --max-sessions for 2025 sessions: 2026 requests go on past it', async () => {
    // One session is the first test's client.
    expect((await initialize(cli.url)).status).toBe(200);
    expect((await initialize(cli.url)).status).toBe(503);
    expect((await postModern(cli.url, 'server/discover', {}, { 'mcp-session-id': 'no-such-session' })).status).toBe(200);
  });
});

describe('mcp-host run --http: a 2026 client that does not read its streams', () => {
  it('cannot make the host hold what it is sent: 24 unread 2026 calls of 30 MiB of logs each', async () => {
    const host = await startHttpHost(componentPath('flood'), { cacheDir: testCacheDir() });
    try {
      const before = peakRss(host.pid);
      const sockets: Socket[] = [];
      for (let i = 0; i < 24; i++) {
        // With a log level in the envelope, the call's logs ride its own stream.
        sockets.push(postUnread(host.url, 'tools/call', { name: 'log_kib', arguments: { n: 30, kib: 1000 }, _meta: { 'io.modelcontextprotocol/logLevel': 'info' } }));
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
      await expect.poll(() => host.stderr(), { timeout: 30_000 }).toMatch(/http: 2026-07-28 request \d+: (a stream ended|notifications dropped)/);
      // Unbounded, this is 720 MiB waiting (856 MiB more RSS measured); bounded, 4 MiB a request, and what passing 720 MiB through costs (~300 MiB, as for a session).
      expect(peakRss(host.pid) - before).toBeLessThan(400 * MIB);
      for (const socket of sockets) socket.destroy();
      const client = await modernClient(host.url);
      expect((await client.callTool({ name: 'ok', arguments: {} })).content).toEqual([{ type: 'text', text: 'fine' }]);
      await client.close();
    } finally {
      await host.close();
    }
  }, 120_000);
});
