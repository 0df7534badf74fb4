/**
 * The build's rewrite of componentize-js's string lowering (see
 * host/toolchain/string-lowering.ts) must keep strings intact: every kind of
 * character, through a real component and back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(componentPath('tools'), { cacheDir: testCacheDir() });
});
afterAll(() => server?.close());

describe('strings from a component', () => {
  it.each([
    ['ASCII', 'plain text'],
    ['two-byte', 'héllo wörld ß'],
    ['three-byte', '日本語のテキスト ✓'],
    ['four-byte (surrogate pairs)', 'emoji 🦀🎉 and 𝄞'],
    ['empty', ''],
    ['large mixed', 'aé日🦀'.repeat(50_000)],
  ])('come back intact: %s', async (_kind, text) => {
    expect(await call(server.client, 'echo', { text })).toEqual({ text, isError: false });
  });
});
