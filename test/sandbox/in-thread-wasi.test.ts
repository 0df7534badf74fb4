/**
 * A component that imports no wasi:http gets its streams, pollables, clocks
 * and random bytes from the host in its own instance thread
 * (host/sandbox/io.ts), not from preview2-shim's second thread. What the
 * guest sees through them: timers that wait as long as asked (one or
 * several polled at once), random bytes, output labelled on the host's
 * stderr and never on the protocol stream, and a guest asleep past its
 * deadline stopped like any other, the next call served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(componentPath('wasi-io'), { cacheDir: testCacheDir(), args: ['--timeout', '2000'] });
});
afterAll(() => server?.close());

async function slept(ms: number[]): Promise<{ monotonic: number; wall: number }> {
  const result = await call(server.client, 'sleep', { ms });
  expect(result.isError, result.text).toBe(false);
  return JSON.parse(result.text) as { monotonic: number; wall: number };
}

describe('in-thread WASI (no wasi:http)', () => {
  it('waits on a timer as long as asked, by both clocks', async () => {
    const { monotonic, wall } = await slept([150]);
    expect(monotonic).toBeGreaterThanOrEqual(149);
    expect(wall).toBeGreaterThanOrEqual(148);
    expect(monotonic).toBeLessThan(1900);
  });

  it('polls several timers at once: the longest decides', async () => {
    const { monotonic } = await slept([20, 200, 60]);
    expect(monotonic).toBeGreaterThanOrEqual(199);
    expect(monotonic).toBeLessThan(1900); // not their sum waited one after another past the deadline
  });

  it('gives random bytes, different each time', async () => {
    const a = await call(server.client, 'random');
    const b = await call(server.client, 'random');
    expect(a.text).toMatch(/^[0-9a-f]{32}$/);
    expect(b.text).toMatch(/^[0-9a-f]{32}$/);
    expect(a.text).not.toBe(b.text);
  });

  it('labels stdout and stderr on the host stderr, never in the protocol stream', async () => {
    expect(await call(server.client, 'print')).toEqual({ text: 'printed', isError: false });
    await expect.poll(() => server.stderr(), { timeout: 5000 }).toContain('wasi-io| {"jsonrpc":"2.0","id":1,"result":{"forged":true}}');
    await expect.poll(() => server.stderr(), { timeout: 5000 }).toContain('wasi-io| wasi-io to stderr');
  });

  it('stops a guest asleep past its deadline and serves the next call on a fresh instance', async () => {
    const started = Date.now();
    const result = await call(server.client, 'sleep', { ms: [3_600_000] });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('exceeded its deadline of 2000 ms');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((await call(server.client, 'random')).text).toMatch(/^[0-9a-f]{32}$/);
  });
});
