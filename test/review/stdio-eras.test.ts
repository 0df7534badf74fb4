/**
 * Hostile review (issue 12): one stdio connection, eras mixed; unknown
 * versions and wrong-typed envelopes mid-connection; listens whose id is
 * reused or collides with another request. Secure outcome: each is answered
 * (never silence), the connection's era does not flip, a listen holds the
 * component's subscriptions exactly while the SDK keeps it open, and the
 * host keeps serving.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { RawClient, type Message } from '../helpers/raw-client.js';
import { testCacheDir } from '../helpers/server.js';

const META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
const SUBSCRIPTION = 'io.modelcontextprotocol/subscriptionId';

let client: RawClient | undefined;
afterEach(() => client?.close());

const updates = (c: RawClient, uri: string, sub?: number): Message[] =>
  c.all.filter((m) => {
    const p = m.params as { uri?: string; _meta?: Record<string, unknown> } | undefined;
    return m.method === 'notifications/resources/updated' && p?.uri === uri && (sub === undefined || p._meta?.[SUBSCRIPTION] === sub);
  });

let nextId = 1000;
/** No `_meta` at all (a 2025 request). */
const NONE = Symbol('no envelope');
async function request(c: RawClient, method: string, params: Record<string, unknown>, meta: unknown = META): Promise<Message> {
  const id = nextId++;
  c.send({ jsonrpc: '2.0', id, method, params: meta === NONE ? params : { ...params, _meta: meta } });
  return c.response(id, 20_000);
}
const addNote = (c: RawClient, id: string, meta: unknown = META) => request(c, 'tools/call', { name: 'add_note', arguments: { id, text: 'x' } }, meta);

describe('review: eras mixed on one stdio connection', () => {
  it('2025 initialize, then 2026 requests: answered, no listen held, 2025 still served', async () => {
    client = await RawClient.start(componentPath('notes'), { cacheDir: testCacheDir() });
    const modernCall = await request(client, 'tools/list', {});
    expect('result' in modernCall || 'error' in modernCall).toBe(true);
    const listen = await request(client, 'subscriptions/listen', { notifications: { resourceSubscriptions: ['notes://index'] } });
    expect(listen.error, JSON.stringify(listen)).toBeDefined();
    await addNote(client, 'a', NONE);
    await addNote(client, 'b', NONE);
    // This 2025 client never sent resources/subscribe: no updates are its.
    expect(updates(client, 'notes://index')).toEqual([]);
    expect((await request(client, 'tools/list', {}, NONE)).result).toBeDefined();
  }, 60_000);

  it('2026 first, then initialize and 2025 requests: refused, and 2026 still served', async () => {
    client = new RawClient(componentPath('notes'), { cacheDir: testCacheDir() });
    expect((await request(client, 'tools/list', {})).result).toBeDefined();
    const init = await request(client, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'x', version: '0' } }, NONE);
    expect(init.error, JSON.stringify(init)).toBeDefined();
    const legacy = await request(client, 'tools/list', {}, NONE);
    expect(legacy.error, JSON.stringify(legacy)).toBeDefined();
    expect((await request(client, 'tools/list', {})).result).toBeDefined();
  }, 60_000);

  it('unknown versions and wrong-typed envelopes mid-connection are each answered with an error', async () => {
    client = new RawClient(componentPath('notes'), { cacheDir: testCacheDir() });
    expect((await request(client, 'tools/list', {})).result).toBeDefined();
    const bad: unknown[] = [
      { ...META, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' },
      { ...META, 'io.modelcontextprotocol/protocolVersion': '2025-11-25' },
      { ...META, 'io.modelcontextprotocol/protocolVersion': 20260728 },
      { ...META, 'io.modelcontextprotocol/clientCapabilities': 'all' },
      { ...META, 'io.modelcontextprotocol/clientCapabilities': null },
      { ...META, 'io.modelcontextprotocol/clientInfo': 7 },
      [META],
      'meta',
      null,
    ];
    for (const meta of bad) {
      const answer = await request(client, 'tools/call', { name: 'add_note', arguments: { id: 'm', text: 'x' } }, meta);
      expect(answer.error, JSON.stringify(meta)).toBeDefined();
      expect((answer.error as { code: number }).code, JSON.stringify(answer)).not.toBe(-32603);
    }
    expect((await request(client, 'tools/list', {})).result).toBeDefined();
  }, 60_000);
});
