/**
 * Class 7, leaks across calls: with one instance shared by two HTTP
 * sessions, a call that floods log messages and then spins past its
 * deadline (or is cancelled) must not leak what it sent after it ended:
 * not to the other session, and not to its own. The worker tags each
 * message with the call that sent it; the host delivers it only while that
 * call runs and drops the rest.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { testCacheDir } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

let host: HttpHost;
beforeAll(async () => {
  host = await startHttpHost(componentPath('flood'), { cacheDir: testCacheDir(), args: ['--timeout', '1500'] });
});
afterAll(() => host?.close());

/** A session that counts the log messages it receives. */
async function session(): Promise<{ client: Client; logs: () => number }> {
  const client = await host.connect();
  let logs = 0;
  client.setNotificationHandler(LoggingMessageNotificationSchema, () => void logs++);
  return { client, logs: () => logs };
}

/** Wait until `count` has not changed for `quietMs`. */
async function settled(count: () => number, quietMs = 1000): Promise<number> {
  for (let last = -1; last !== count(); ) {
    last = count();
    await sleep(quietMs);
  }
  return count();
}

describe('what a call sends goes to its caller, only while it runs', () => {
  it('drops what a call sent before it timed out: the other session gets none, its own none after the result', async () => {
    const flooder = await session();
    const other = await session();
    const result = await call(flooder.client, 'log_then_spin');
    expect(result).toEqual({
      text: 'Tool log_then_spin failed: the component trapped (the call exceeded its deadline of 1500 ms and was stopped).',
      isError: true,
    });
    const atResult = flooder.logs();
    expect(atResult).toBeGreaterThan(0);
    // The shared instance serves the other session on a fresh instance.
    expect(await call(other.client, 'ok')).toEqual({ text: 'fine', isError: false });
    await settled(() => flooder.logs() + other.logs());
    expect(other.logs()).toBe(0);
    expect(flooder.logs()).toBe(atResult);
  });

  it('stops delivering what a call sends once it is cancelled', async () => {
    const flooder = await session();
    const other = await session();
    const abort = new AbortController();
    // One message a millisecond: the call would go on sending until its deadline,
    // and for the 100 ms grace after a cancellation (100 more) if nothing stopped them.
    const cancelled = flooder.client.callTool({ name: 'log_paced', arguments: {} }, undefined, { signal: abort.signal });
    await expect.poll(() => flooder.logs(), { timeout: 20_000 }).toBeGreaterThan(0);
    const atCancel = flooder.logs();
    abort.abort();
    await expect(cancelled).rejects.toThrow();
    await settled(() => flooder.logs() + other.logs());
    expect(other.logs()).toBe(0);
    // What was already on its way when the host heard of the cancellation, at most.
    expect(flooder.logs() - atCancel).toBeLessThan(80);
    expect(await call(other.client, 'ok')).toEqual({ text: 'fine', isError: false });
    expect(await call(flooder.client, 'ok')).toEqual({ text: 'fine', isError: false });
    await sleep(500);
    expect(other.logs()).toBe(0);
  });
});
