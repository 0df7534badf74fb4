/**
 * Fairness between sessions (class 11 of the hardening issue): with one
 * shared instance, a slow call holds up every session's calls (the instance
 * runs one call at a time) until its deadline; with `--instances pool:N` a
 * call goes to the least busy instance, so another session's call is
 * answered while the slow one runs. And a pool behaves as one server:
 * a subscription reaches every instance.
 */
import { describe, expect, it } from 'vitest';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost } from '../helpers/http-host.js';
import { testCacheDir } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const cacheDir = testCacheDir();

/** Session A spins until the deadline; a second later session B makes a quick call. Which is answered first? */
async function slowThenQuick(instances: string): Promise<string[]> {
  const host = await startHttpHost(componentPath('hostile'), { cacheDir, args: ['--timeout', '3000', '--instances', instances] });
  try {
    const a = await host.connect();
    const b = await host.connect();
    const order: string[] = [];
    const slow = call(a, 'spin').then((r) => (order.push('A'), r));
    // Generous: A's request has reached its instance long before.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const quick = call(b, 'calls').then((r) => (order.push('B'), r));
    const [slowResult, quickResult] = await Promise.all([slow, quick]);
    expect(slowResult).toMatchObject({ isError: true, text: expect.stringMatching(/deadline of 3000 ms/) });
    expect(quickResult.isError).toBe(false);
    // Still serving, on every instance.
    expect((await Promise.all([call(a, 'calls'), call(b, 'calls')])).map((r) => r.isError)).toEqual([false, false]);
    return order;
  } finally {
    await host.close();
  }
}

describe('a slow call in one session', () => {
  it('holds up the other sessions with one shared instance', async () => {
    expect(await slowThenQuick('shared')).toEqual(['A', 'B']);
  });

  it('does not with --instances pool:2: the other session is answered while it runs', async () => {
    expect(await slowThenQuick('pool:2')).toEqual(['B', 'A']);
  });
});

describe('--instances pool:N', () => {
  it('subscribes every instance: an update from either reaches the client', async () => {
    const host = await startHttpHost(componentPath('notes'), { cacheDir, args: ['--instances', 'pool:2'] });
    try {
      const client = await host.connect();
      const seen: string[] = [];
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void seen.push(n.params.uri));
      await client.subscribeResource({ uri: 'notes://index' });
      // Calls to an idle pool take turns: the first goes to one instance, the second to the other.
      await call(client, 'add_note', { id: 'one', text: '1' });
      await expect.poll(() => seen, { timeout: 5000 }).toEqual(['notes://index']);
      await call(client, 'add_note', { id: 'two', text: '2' });
      await expect.poll(() => seen, { timeout: 5000 }).toEqual(['notes://index', 'notes://index']);
      // State is per instance: each saw one of the two notes (and the example note each starts with).
      expect([await call(client, 'count_notes'), await call(client, 'count_notes')]).toEqual([
        { text: '2', isError: false },
        { text: '2', isError: false },
      ]);
    } finally {
      await host.close();
    }
  });
});
