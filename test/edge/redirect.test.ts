/**
 * An allowed host that redirects, on workerd: the Worker's fetch must not
 * follow the redirect to a host the allow list does not name (the Node host
 * never follows one: the guest gets the 3xx, as wasi:http defines).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startLocalServer, type LocalServer } from '../helpers/http-server.js';
import { connectV2Http } from '../helpers/v2-client.js';
import { bundle, startWorkerd, type Workerd } from './workerd.js';

let worker: Workerd;
let client: Client;
/** Not allowed: what a redirect points at. */
let secret: LocalServer;
/** Allowed: answers every request with a redirect to `secret`. */
let redirector: Server;

const text = (result: { content?: unknown }): string =>
  ((result.content ?? []) as { type: string; text?: string }[]).filter((c) => c.type === 'text').map((c) => c.text).join('');

beforeAll(async () => {
  secret = await startLocalServer('secret page');
  redirector = createServer((req, res) => {
    res.writeHead(302, { location: `${secret.url}${req.url?.slice(1) ?? ''}` });
    res.end('redirecting');
  });
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  const port = (redirector.address() as AddressInfo).port;
  const { dir } = await bundle(componentPath('hostile'), ['--timeout', '5000', '--allow-host', `127.0.0.1:${port}`]);
  worker = await startWorkerd(dir, {});
  client = await connectV2Http(worker.url);
}, 240_000);

afterAll(async () => {
  await client?.close();
  await worker?.close();
  await secret?.close();
  await new Promise<void>((resolve) => (redirector ? redirector.close(() => resolve()) : resolve()));
});

describe('a redirect from an allowed host, on workerd', () => {
  it('is not followed to a host not allowed; the Worker serves on', async () => {
    const port = (redirector.address() as AddressInfo).port;
    for (const path of ['', 'latest/meta-data/']) {
      const got = await client.callTool({ name: 'fetch', arguments: { url: `http://127.0.0.1:${port}/${path}` } });
      // The guest gets the redirect itself, as from the Node host; following it would be a new request, checked.
      expect(text(got)).toBe('302 redirecting');
    }
    expect(secret.requests).toBe(0);
    expect(text(await client.callTool({ name: 'calls', arguments: {} }))).toMatch(/^\d+$/);
  });
});
