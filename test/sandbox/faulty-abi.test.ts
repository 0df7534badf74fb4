/**
 * A component that breaks the canonical ABI (test/fixtures/faulty-abi):
 * pointers outside its memory, a list claiming 2^28 elements, an invalid
 * discriminant, a trap. Each call gets a tool error naming what went wrong,
 * the host survives, and the next call is answered by a fresh instance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(componentPath('faulty-abi'), { cacheDir: testCacheDir() });
});
afterAll(() => server?.close());

describe('a component that breaks the canonical ABI', () => {
  it.each([
    ['bad_pointer', /Tool bad_pointer failed: the component trapped \(.*outside the bounds/],
    ['huge_list', /Tool huge_list failed: the component trapped \(.*outside the bounds/],
    ['bad_tag', /Tool bad_tag failed: the component trapped \(invalid variant discriminant/],
    ['trap', /Tool trap failed: the component trapped \(.*unreachable/],
  ])('%s: a tool error, then the server answers the next call', async (tool, message) => {
    const failed = await call(server.client, tool);
    expect(failed.isError).toBe(true);
    expect(failed.text).toMatch(message);
    expect(await call(server.client, 'ok')).toEqual({ text: 'fine', isError: false });
    expect(server.stderr()).toContain('instance stopped');
  });

  it('text that is not UTF-8 arrives with replacement characters, not as a broken message', async () => {
    const { text, isError } = await call(server.client, 'bad_utf8');
    expect(isError).toBe(false);
    expect(text).toBe('\uFFFD\uFFFD not utf-8 \uFFFD');
    expect(await call(server.client, 'ok')).toEqual({ text: 'fine', isError: false });
  });
});
