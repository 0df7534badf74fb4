/**
 * The guest's clocks run: the monotonic clock (performance.now in the guest)
 * is read through a direct call that mcp-host's glue rewrite puts in place of
 * jco's task machinery (toolchain/transpile.ts), and must still advance with
 * the wall clock, call after call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(componentPath('hostile'), { cacheDir: testCacheDir() });
});
afterAll(() => server?.close());

describe('guest clocks', () => {
  it('advance the monotonic clock with the wall clock on every call', async () => {
    for (const ms of [50, 300, 120]) {
      const result = await call(server.client, 'clocks', { ms });
      expect(result.isError).toBe(false);
      const elapsed = Number(result.text);
      // Both clocks are the host's: the spin ends on the wall clock, the monotonic one measured it.
      expect(elapsed).toBeGreaterThanOrEqual(ms - 2);
      expect(elapsed).toBeLessThan(ms + 5000);
    }
  });
});
