/**
 * Resource subscriptions in the 2026-07-28 era, over stdio: a
 * `subscriptions/listen` naming a resource subscribes the component to it
 * (its updates reach the listen, stamped with the listen's id), ending the
 * listen unsubscribes it, and an open listen does not keep the host alive
 * after the client closes stdin.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { RawClient, type Message } from '../helpers/raw-client.js';
import { testCacheDir } from '../helpers/server.js';

const META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
const SUBSCRIPTION = 'io.modelcontextprotocol/subscriptionId';

let client: RawClient | undefined;
afterEach(() => client?.close());

const updatesOf = (c: RawClient, uri: string, subscriptionId: number): Message[] =>
  c.received.filter((m) => {
    const params = m.params as { uri?: string; _meta?: Record<string, unknown> } | undefined;
    return m.method === 'notifications/resources/updated' && params?.uri === uri && params._meta?.[SUBSCRIPTION] === subscriptionId;
  });

let nextId = 100;
async function addNote(c: RawClient, id: string): Promise<Message> {
  const requestId = nextId++;
  c.send({ jsonrpc: '2.0', id: requestId, method: 'tools/call', params: { _meta: META, name: 'add_note', arguments: { id, text: 'x' } } });
  return c.response(requestId);
}

describe('subscriptions/listen (2026-07-28) over stdio', () => {
  it("delivers a listened resource's updates until the listen is cancelled", async () => {
    client = new RawClient(componentPath('notes'), { cacheDir: testCacheDir() });
    client.send({ jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: META } });
    expect((await client.response(1)).result).toMatchObject({ supportedVersions: expect.arrayContaining(['2026-07-28']) });

    client.send({ jsonrpc: '2.0', id: 2, method: 'subscriptions/listen', params: { _meta: META, notifications: { resourceSubscriptions: ['notes://index'] } } });
    // The component is told of the subscription in the background: the first updates may precede it.
    for (let i = 0; updatesOf(client, 'notes://index', 2).length === 0; i++) {
      expect(i, 'no update reached the listen').toBeLessThan(50);
      expect((await addNote(client, `n${i}`)).result).toMatchObject({ resultType: 'complete' });
    }
    const ack = client.received.find((m) => m.method === 'notifications/subscriptions/acknowledged');
    expect(ack?.params).toMatchObject({ notifications: { resourceSubscriptions: ['notes://index'] }, _meta: { [SUBSCRIPTION]: 2 } });

    client.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 2 } });
    const before = updatesOf(client, 'notes://index', 2).length;
    // Notifications a call causes are sent before its answer: after the answer, none can come.
    await addNote(client, 'after-cancel');
    await addNote(client, 'after-cancel-2');
    expect(updatesOf(client, 'notes://index', 2).length).toBe(before);
  }, 60_000);

  it('holds at most 64 resources for a listen naming thousands (within the 64 KiB filter), and keeps serving', async () => {
    client = new RawClient(componentPath('notes'), { cacheDir: testCacheDir() });
    const many = Array.from({ length: 3000 }, (_, i) => `notes://n${i}`);
    client.send({ jsonrpc: '2.0', id: 2, method: 'subscriptions/listen', params: { _meta: META, notifications: { resourceSubscriptions: many } } });
    const added = await addNote(client, 'still-serving');
    expect(added.result).toMatchObject({ structuredContent: { id: 'still-serving' } });
    await expect.poll(() => client!.stderr, { timeout: 10_000 }).toMatch(/3000 resources named, the first 64 are subscribed/);
  }, 60_000);

  it('ends at end of input with a listen still open', async () => {
    client = new RawClient(componentPath('notes'), { cacheDir: testCacheDir() });
    client.send({ jsonrpc: '2.0', id: 2, method: 'subscriptions/listen', params: { _meta: META, notifications: { toolsListChanged: true } } });
    await addNote(client, 'x');
    const exited = client.exited();
    client.endInput();
    expect(await exited).toBe(0);
  }, 60_000);
});
