/**
 * A call's deadline passing while its result is on its way to the main
 * thread (host/worker/instance.ts), which is busy (here: parsing a large
 * line from the client): the worker has already started the call behind it.
 * That call must not be run a second time on the fresh instance: what it did
 * (here: an HTTP request) would be done twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startLocalServer, type LocalServer } from '../helpers/http-server.js';
import { RawClient } from '../helpers/raw-client.js';
import { testCacheDir } from '../helpers/server.js';

let client: RawClient;
let counted: LocalServer;

beforeAll(async () => {
  counted = await startLocalServer('counted');
  client = await RawClient.start(componentPath('hostile'), {
    cacheDir: testCacheDir(),
    args: ['--timeout', '3000', '--max-message-bytes', String(128 * 1024 * 1024), '--allow-host', `127.0.0.1:${counted.port}`],
  });
});
afterAll(async () => {
  client?.close();
  await counted?.close();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('a deadline that passes while the result is on its way', () => {
  it('does not run the call behind it twice', async () => {
    // 60 MB of a notification no one handles: the main thread parses it in one go, for a second or more.
    const padding = `{"jsonrpc":"2.0","method":"notifications/padding","params":{"pad":[${'0,'.repeat(30_000_000)}`;
    const started = Date.now();
    // a returns at 2.7 s, under its 3 s deadline; b, started by the worker at once, makes one request.
    client.callTool('a', 'spin', { ms: 2700 });
    client.callTool('b', 'fetch', { url: counted.url });
    await client.write(padding);
    await sleep(Math.max(0, started + 2400 - Date.now()));
    // The parse runs from 2.4 s past 3 s: a returns and its deadline passes while the host is busy with it.
    await client.write('0]}}\n');
    await Promise.all([client.toolText('a'), client.toolText('b')]);
    client.callTool('after', 'calls');
    expect(await client.toolText('after')).toMatch(/^\d+$/);
    // b's request was made once, whatever b was answered.
    expect(counted.requests).toBe(1);
  }, 60_000);
});
