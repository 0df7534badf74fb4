/**
 * Subscriptions are counted per URI across sessions sharing one instance:
 * the guest hears of the first and the last. Two sessions subscribing at
 * once must both count, so one unsubscribing leaves the other subscribed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { testCacheDir } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

let host: HttpHost;
beforeAll(async () => {
  host = await startHttpHost(componentPath('notes'), { cacheDir: testCacheDir() });
});
afterAll(() => host?.close());

describe('sessions subscribing to one URI at once', () => {
  it('each count: one unsubscribing leaves the other hearing updates', async () => {
    const [a, b, writer] = await Promise.all([host.connect(), host.connect(), host.connect()]);
    const seen: string[] = [];
    b.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void seen.push(n.params.uri));
    // The same session twice at once, and another session meanwhile: all while the guest has not answered the first.
    await Promise.all([a.subscribeResource({ uri: 'notes://index' }), a.subscribeResource({ uri: 'notes://index' }), b.subscribeResource({ uri: 'notes://index' })]);
    await a.unsubscribeResource({ uri: 'notes://index' });
    await call(writer, 'add_note', { id: 'after-a-left', text: 'b still listens' });
    await expect.poll(() => seen, { timeout: 5000 }).toContain('notes://index');
    // And when b leaves too, the guest is told: a later change reaches no one.
    await b.unsubscribeResource({ uri: 'notes://index' });
    const before = seen.length;
    await call(writer, 'add_note', { id: 'after-b-left', text: 'no one listens' });
    await b.ping();
    expect(seen.length).toBe(before);
  });
});
