/**
 * A call's notifications stop when the call is cancelled: the component's
 * log and progress made after `notifications/cancelled` (here: right after
 * the host answers its blocked sampling request with an error, well inside
 * the grace before the instance is stopped) reach no one. The protocol
 * layer drops what comes for a request that was cancelled or answered; the
 * instance drops what its worker sends for a call that ended (a message
 * that arrives after the call's grace expired has no call to go to).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateMessageRequestSchema, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

let host: RunningServer;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  host = await startServer(componentPath('intruder'), { cacheDir: testCacheDir(), capabilities: { sampling: {} } });
});
afterAll(() => host?.close());

describe('after notifications/cancelled', () => {
  it('drops the cancelled call’s log and progress, and serves on', async () => {
    const logs: unknown[] = [];
    const progress: unknown[] = [];
    host.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params.data));
    const cancel = new AbortController();
    // The component blocks on sampling; the client cancels the call while it waits.
    host.client.setRequestHandler(CreateMessageRequestSchema, async () => {
      cancel.abort('the user gave up');
      await sleep(50);
      return { model: 'none', role: 'assistant', content: { type: 'text', text: 'too late' } };
    });
    const result = host.client.callTool({ name: 'sample_then_log', arguments: {} }, undefined, {
      signal: cancel.signal,
      onprogress: (p) => void progress.push(p),
    });
    await expect(result).rejects.toThrow();
    await sleep(1000);
    await host.client.ping();
    expect(logs).toContain('before');
    expect(logs).not.toContain('after');
    expect(progress).toEqual([]);
    expect(await call(host.client, 'ping_tool')).toEqual({ text: 'pong', isError: false });
  });
});
