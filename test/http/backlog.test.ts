/**
 * What waits for an HTTP client that does not read (hostile review F4):
 * a session's responses hold at most 16 MiB / 1000 writes unflushed; past
 * that its notifications are dropped (one log line a burst) and a stream
 * that gets more is ended. The host's memory stays bounded however many
 * unread POSTs a client opens, and it serves the next session.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { peakRss } from '../helpers/proc.js';
import { testCacheDir } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const MIB = 1024 * 1024;
const ACCEPT = 'application/json, text/event-stream';
let host: HttpHost;

beforeAll(async () => {
  host = await startHttpHost(componentPath('flood'), { cacheDir: testCacheDir() });
});
afterAll(() => host?.close());

/** A raw session: initialize and initialized, answers read. */
async function rawSession(url: string): Promise<string> {
  const headers = { 'content-type': 'application/json', accept: ACCEPT };
  const init = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } }),
  });
  const id = init.headers.get('mcp-session-id')!;
  await init.text();
  await fetch(url, { method: 'POST', headers: { ...headers, 'mcp-session-id': id }, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) }).then((r) => r.text());
  return id;
}

/** POST a request on its own connection and never read the answer. */
function postUnread(url: string, session: string, message: object): Socket {
  const { port } = new URL(url);
  const body = JSON.stringify(message);
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => {});
  socket.write(
    `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\naccept: ${ACCEPT}\r\n` +
      `mcp-session-id: ${session}\r\nmcp-protocol-version: 2025-06-18\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.pause();
  return socket;
}

describe('a client that does not read its streams', () => {
  it('cannot make the host hold what it is sent: 24 unread calls of 30 MiB of logs each', async () => {
    const session = await rawSession(host.url);
    const before = peakRss(host.pid);
    const sockets: Socket[] = [];
    for (let i = 0; i < 24; i++) {
      sockets.push(postUnread(host.url, session, { jsonrpc: '2.0', id: 10 + i, method: 'tools/call', params: { name: 'log_kib', arguments: { n: 30, kib: 1000 } } }));
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    await expect.poll(() => host.stderr(), { timeout: 30_000 }).toMatch(/notifications dropped: more than 1000 waiting, or 16777216 bytes|a stream ended/);
    // Unbounded, this is 720 MiB waiting; bounded, 16 MiB and what the component itself uses.
    expect(peakRss(host.pid) - before).toBeLessThan(400 * MIB);
    for (const socket of sockets) socket.destroy();
    const client = await host.connect();
    expect(await call(client, 'ok')).toEqual({ text: 'fine', isError: false });
  }, 120_000);
});
