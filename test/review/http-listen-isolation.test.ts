/**
 * Hostile review (issue 12): 2026 listen streams over HTTP on one shared
 * instance (the notes component). A stream gets the updates of the resources
 * it named and nothing else: not another stream's resources, and a 2025
 * session that never subscribed gets none of the listens' updates. After a
 * stream ends, its resource's updates reach no one, and the host serves on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { modernRequest } from '../helpers/modern-http.js';
import { post, resultOf } from '../helpers/raw-http.js';
import { testCacheDir } from '../helpers/server.js';

let host: HttpHost;
beforeAll(async () => {
  host = await startHttpHost(componentPath('notes'), { cacheDir: testCacheDir() });
});
afterAll(async () => {
  await host?.close();
});

interface Stream {
  events: Record<string, unknown>[];
  close(): void;
}

async function listen(uris: string[]): Promise<Stream> {
  const made = modernRequest('subscriptions/listen', { notifications: { resourceSubscriptions: uris } });
  const ac = new AbortController();
  const res = await fetch(host.url, { method: 'POST', headers: made.headers, body: made.body, signal: ac.signal });
  expect(res.headers.get('content-type') ?? '').toContain('event-stream');
  const events: Record<string, unknown>[] = [];
  const reader = res.body!.getReader();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += new TextDecoder().decode(value);
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const data = buffer.slice(0, cut).split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('');
          buffer = buffer.slice(cut + 2);
          if (data.trim()) events.push(JSON.parse(data) as Record<string, unknown>);
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return { events, close: () => ac.abort() };
}

const updatesFor = (s: Stream, uri: string) => s.events.filter((e) => e.method === 'notifications/resources/updated' && (e.params as { uri?: string }).uri === uri);
const addNote = async (id: string) => expect(resultOf(await post(host.url, 'tools/call', { name: 'add_note', arguments: { id, text: 't' } })).resultType).toBe('complete');

describe('review: listen streams over HTTP see only their own resources', () => {
  it('stream A never gets stream B\'s resource, and the updates stop with the stream', async () => {
    await addNote('a');
    await addNote('b');
    const a = await listen(['notes://a']);
    const b = await listen(['notes://b']);
    for (let i = 0; updatesFor(b, 'notes://b').length === 0; i++) {
      expect(i, 'no update reached stream B').toBeLessThan(50);
      await addNote('b');
    }
    for (let i = 0; updatesFor(a, 'notes://a').length === 0; i++) {
      expect(i, 'no update reached stream A').toBeLessThan(50);
      await addNote('a');
    }
    expect(updatesFor(a, 'notes://b')).toEqual([]);
    expect(updatesFor(b, 'notes://a')).toEqual([]);
    expect(a.events.filter((e) => e.method === 'notifications/resources/updated' && (e.params as { uri?: string }).uri !== 'notes://a')).toEqual([]);
    b.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await addNote('b');
    await addNote('a');
    expect(updatesFor(a, 'notes://b')).toEqual([]);
    a.close();
    expect(resultOf(await post(host.url, 'tools/list')).resultType).toBe('complete');
  }, 60_000);

  it('a 2025 session that never subscribed gets none of the listens\' updates', async () => {
    const client = await host.connect();
    const seen: string[] = [];
    client.fallbackNotificationHandler = async (n) => void seen.push(`${n.method} ${JSON.stringify(n.params ?? {})}`);
    const s = await listen(['notes://index']);
    for (let i = 0; updatesFor(s, 'notes://index').length === 0; i++) {
      expect(i).toBeLessThan(50);
      await client.callTool({ name: 'add_note', arguments: { id: `s${i}`, text: 'x' } });
    }
    await client.callTool({ name: 'add_note', arguments: { id: 'last', text: 'x' } });
    expect(seen.filter((m) => m.startsWith('notifications/resources/updated'))).toEqual([]);
    s.close();
  }, 60_000);
});
