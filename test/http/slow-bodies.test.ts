/**
 * Request bodies a client can make the host hold (hostile review F5): a
 * request for an unknown session is refused before its body is read; the
 * bodies being read at once are capped over all connections (4 messages at
 * the cap; 503 past it); and the host serves a real session meanwhile.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { peakRss } from '../helpers/proc.js';
import { testCacheDir } from '../helpers/server.js';

const MIB = 1024 * 1024;
let host: HttpHost;

beforeAll(async () => {
  host = await startHttpHost(componentPath('wat'), { cacheDir: testCacheDir() });
});
afterAll(() => host?.close());

/** Open a connection, send a POST's head and `bytes` of a body of `length`; collect what comes back. */
function stalledPost(url: string, length: number, bytes: number, headers = ''): { socket: Socket; answer: () => string } {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
  socket.on('error', () => {});
  socket.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n${headers}\r\n`);
  if (bytes > 0) socket.write(Buffer.alloc(bytes, 0x20));
  return { socket, answer: () => answer };
}

describe('request bodies', () => {
  it('for an unknown session are refused with 404 before they are read', async () => {
    const { socket, answer } = stalledPost(host.url, 15 * MIB, 0, 'mcp-session-id: no-such-session\r\n');
    await expect.poll(answer, { timeout: 10_000 }).toMatch(/^HTTP\/1\.1 404[\s\S]*Session not found/);
    socket.destroy();
  });

  it('read at once are capped: 30 stalled 15 MiB bodies, most refused with 503; a real session is served meanwhile', async () => {
    const before = peakRss(host.pid);
    const posts = Array.from({ length: 30 }, () => stalledPost(host.url, 15 * MIB, 15 * MIB - 1));
    await expect.poll(() => posts.filter((p) => /^HTTP\/1\.1 503/.test(p.answer())).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(25);
    // Unbounded, 450 MiB of bodies held; capped, 4 × 15 MiB and the parser's copies.
    expect(peakRss(host.pid) - before).toBeLessThan(250 * MIB);
    const client = await host.connect();
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    for (const { socket } of posts) socket.destroy();
  }, 60_000);
});
