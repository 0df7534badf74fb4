/**
 * What an HTTP client can make the host hold (classes 9 and 10 of the
 * hardening issue): an initialize the transport refuses leaves no instance
 * behind, nor does a client that goes away mid-initialize; sessions are
 * capped (--max-sessions), counting those being opened; bodies are capped
 * (--max-message-bytes) whatever their framing or encoding, with a JSON-RPC
 * error; and the host serves a good session after each.
 */
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost } from '../helpers/http-host.js';
import { threadCount } from '../helpers/proc.js';
import { testCacheDir } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const cacheDir = testCacheDir();
const MIB = 1024 * 1024;
const ACCEPT = 'application/json, text/event-stream';

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
});

const post = (url: string, headers: Record<string, string>, body: string | Uint8Array | ReadableStream<Uint8Array> = INITIALIZE) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers }, body, duplex: 'half' } as RequestInit);

/** Send an initialize and hang up `afterMs` later, before its answer can come (an instance takes longer to start). */
function initializeAndHangUp(url: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: ACCEPT } });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.end(INITIALIZE, () => setTimeout(() => req.destroy(), afterMs));
  });
}

describe('refused initialize requests', () => {
  it('leave no instance running with --instances per-session', async () => {
    const host = await startHttpHost(componentPath('notes'), { cacheDir, args: ['--instances', 'per-session'] });
    try {
      // One good session opened and ended first, so that threads started once (I/O pool) are there already.
      const first = await post(host.url, {});
      await fetch(host.url, { method: 'DELETE', headers: { 'mcp-session-id': first.headers.get('mcp-session-id')! } });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const baseline = threadCount(host.pid);

      for (let i = 0; i < 8; i++) {
        // The SDK transport refuses these after the instance is started: 406.
        expect((await post(host.url, { accept: 'application/json' })).status).toBe(406);
        expect((await post(host.url, { accept: 'text/event-stream' })).status).toBe(406);
        expect((await post(host.url, { accept: '' })).status).toBe(406);
        // Refused before: not JSON to the host.
        expect((await post(host.url, { 'content-type': 'text/plain' })).status).toBe(400);
      }
      // Staggered: the host has read the request by then (at least once), and is still starting its instance.
      for (const ms of [20, 40, 80, 160]) await initializeAndHangUp(host.url, ms);
      await expect.poll(() => host.stderr(), { timeout: 10_000 }).toMatch(/went away before its initialize was answered/);

      // Each leaked instance was two threads: 28 refusals would be 56 more.
      await expect.poll(() => threadCount(host.pid), { timeout: 10_000 }).toBeLessThanOrEqual(baseline + 2);
      const client = await host.connect();
      expect(await call(client, 'count_notes')).toEqual({ text: '1', isError: false });
    } finally {
      await host.close();
    }
  }, 120_000);
});

describe('--max-sessions', () => {
  it('refuses the session over the cap with 503 and a JSON-RPC error, and accepts again once one ends', async () => {
    const host = await startHttpHost(componentPath('notes'), { cacheDir, args: ['--max-sessions', '2'] });
    try {
      const a = await post(host.url, {});
      const b = await post(host.url, {});
      expect([a.status, b.status]).toEqual([200, 200]);
      const over = await post(host.url, {});
      expect(over.status).toBe(503);
      expect(await over.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { message: expect.stringMatching(/Too many sessions: 2 .*--max-sessions/) } });
      const deleted = await fetch(host.url, { method: 'DELETE', headers: { 'mcp-session-id': a.headers.get('mcp-session-id')! } });
      expect(deleted.status).toBe(200);
      const client = await host.connect();
      expect(await call(client, 'count_notes')).toEqual({ text: '1', isError: false });
    } finally {
      await host.close();
    }
  });

  it('counts sessions still being opened: concurrent initializes past the cap are refused', async () => {
    const host = await startHttpHost(componentPath('notes'), { cacheDir, args: ['--max-sessions', '2', '--instances', 'per-session'] });
    try {
      const statuses = (await Promise.all(Array.from({ length: 5 }, () => post(host.url, {})))).map((r) => r.status);
      expect(statuses.sort()).toEqual([200, 200, 503, 503, 503]);
    } finally {
      await host.close();
    }
  });
});

describe('--max-message-bytes over HTTP', () => {
  it('refuses a body over it with 413 and a JSON-RPC error, however it is sent, and keeps serving', async () => {
    const host = await startHttpHost(componentPath('tools'), { cacheDir, args: ['--max-message-bytes', '1M'] });
    try {
      const client = await host.connect();
      const opened = await post(host.url, {});
      const session = { 'mcp-session-id': opened.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-06-18' };
      const echo = (text: string) => JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text } } });
      const tooLarge = { jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.stringMatching(/maximum of 1048576 bytes.*--max-message-bytes/) } };

      // With a Content-Length.
      const sized = await post(host.url, session, echo('x'.repeat(2 * MIB)));
      expect(sized.status).toBe(413);
      expect(await sized.json()).toEqual(tooLarge);
      // Chunked, with no length given: 8 MiB streamed.
      const piece = new Uint8Array(MIB).fill(120);
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull: (controller) => (sent++ < 8 ? controller.enqueue(piece) : controller.close()),
      });
      const chunked = await post(host.url, session, stream);
      expect(chunked.status).toBe(413);
      expect(await chunked.json()).toEqual(tooLarge);
      // Small on the wire, large once inflated.
      const inflated = await post(host.url, { ...session, 'content-encoding': 'gzip' }, gzipSync(echo('x'.repeat(4 * MIB))));
      expect(inflated.status).toBe(413);
      expect(await inflated.json()).toEqual(tooLarge);

      const allowed = 'y'.repeat(MIB - 200);
      expect(await call(client, 'echo', { text: allowed })).toEqual({ text: allowed, isError: false });
    } finally {
      await host.close();
    }
  });
});
