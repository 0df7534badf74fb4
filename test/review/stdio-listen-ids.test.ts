/**
 * Fixed finding (hostile review, issue 12; low): the stdio transport tracks listens by request id
 * (host/transports/stdio.ts) apart from the SDK's listen router. When they
 * disagree, the component's subscriptions no longer follow the listens the
 * SDK keeps open. Expected: while the SDK keeps listen N open (it was neither
 * cancelled nor answered), its resource's updates keep reaching it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { RawClient, type Message } from '../helpers/raw-client.js';
import { testCacheDir } from '../helpers/server.js';

const META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
const SUBSCRIPTION = 'io.modelcontextprotocol/subscriptionId';

let client: RawClient | undefined;
afterEach(() => client?.close());

const updates = (c: RawClient, uri: string, sub: number): Message[] =>
  c.all.filter((m) => {
    const p = m.params as { uri?: string; _meta?: Record<string, unknown> } | undefined;
    return m.method === 'notifications/resources/updated' && p?.uri === uri && p._meta?.[SUBSCRIPTION] === sub;
  });

let nextId = 1000;
async function addNote(c: RawClient, id: string): Promise<Message> {
  const requestId = nextId++;
  c.send({ jsonrpc: '2.0', id: requestId, method: 'tools/call', params: { _meta: META, name: 'add_note', arguments: { id, text: 'x' } } });
  return c.response(requestId, 20_000);
}

/** Open listen `id` on notes://index and wait until its updates flow. */
async function openListen(c: RawClient, id: number): Promise<void> {
  c.send({ jsonrpc: '2.0', id, method: 'subscriptions/listen', params: { _meta: META, notifications: { resourceSubscriptions: ['notes://index'] } } });
  for (let i = 0; updates(c, 'notes://index', id).length === 0; i++) {
    expect(i, 'no update reached the listen').toBeLessThan(50);
    await addNote(c, `warm${i}`);
  }
}

async function stillDelivers(c: RawClient, id: number, what: string): Promise<void> {
  const before = updates(c, 'notes://index', id).length;
  await addNote(c, 'after1');
  await addNote(c, 'after2');
  expect(updates(c, 'notes://index', id).length, `${what}: the SDK still has listen ${id} open, but its updates stopped`).toBeGreaterThan(before);
}

describe('review: stdio listen ids', () => {
  it('a refused listen (bad envelope) reusing an open listen id does not end that listen', async () => {
    client = new RawClient(componentPath('notes'), { cacheDir: testCacheDir() });
    await openListen(client, 2);
    client.send({ jsonrpc: '2.0', id: 2, method: 'subscriptions/listen', params: { _meta: { ...META, 'io.modelcontextprotocol/protocolVersion': '1999-01-01' }, notifications: { resourceSubscriptions: ['notes://index'] } } });
    const refused = await client.response(2, 20_000);
    expect(refused.error).toBeDefined();
    await stillDelivers(client, 2, 'after a refused duplicate listen');
  }, 60_000);

  it('a tools/call reusing an open listen id does not end that listen', async () => {
    client = new RawClient(componentPath('notes'), { cacheDir: testCacheDir() });
    await openListen(client, 3);
    client.send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { _meta: META, name: 'count_notes', arguments: {} } });
    await client.response(3, 20_000);
    await stillDelivers(client, 3, 'after a tools/call with the same id');
  }, 60_000);

  it('a second listen with an open id and another resource gets that resource\'s updates', async () => {
    client = new RawClient(componentPath('notes'), { cacheDir: testCacheDir() });
    await openListen(client, 4);
    await addNote(client, 'target');
    client.send({ jsonrpc: '2.0', id: 4, method: 'subscriptions/listen', params: { _meta: META, notifications: { resourceSubscriptions: ['notes://target'] } } });
    await expect.poll(() => client!.all.filter((m) => m.method === 'notifications/subscriptions/acknowledged').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < 5; i++) await addNote(client, 'target');
    expect(updates(client, 'notes://target', 4).length, 'the SDK acknowledged listen 4 on notes://target, but the component was never subscribed').toBeGreaterThan(0);
  }, 60_000);
});
