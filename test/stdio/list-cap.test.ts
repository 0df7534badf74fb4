/**
 * List answers are capped like results (hostile review F5): a component may
 * register tens of MiB of definitions, and each tools/list would be that
 * large. Over --max-result-bytes the client gets an error naming the cap,
 * over stdio and over HTTP; calls go on.
 */
import { describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost } from '../helpers/http-host.js';
import { RawClient } from '../helpers/raw-client.js';
import { testCacheDir } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const cacheDir = testCacheDir();
const OVER = /the list is \d+ bytes, over the cap of 4194304 bytes \(raise it with --max-result-bytes\)/;

describe('a list answer over --max-result-bytes', () => {
  it('is an error over stdio; the host serves on', async () => {
    const client = await RawClient.start(componentPath('flood'), { cacheDir, args: ['--max-result-bytes', '4M'] });
    try {
      client.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'register_big_tools', arguments: { n: 80 } } });
      expect(await client.response(1)).toMatchObject({ result: { content: [{ text: 'ok' }] } });
      client.send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
      const answer = await client.response(2);
      expect((answer.error as { message: string }).message).toMatch(OVER);
      client.send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'ok', arguments: {} } });
      expect(await client.response(3)).toMatchObject({ result: { content: [{ text: 'fine' }] } });
    } finally {
      client.close();
    }
  }, 60_000);

  it('is an error over HTTP; the host serves on', async () => {
    const host = await startHttpHost(componentPath('flood'), { cacheDir, args: ['--max-result-bytes', '4M'] });
    try {
      const client = await host.connect();
      expect(await call(client, 'register_big_tools', { n: 80 })).toEqual({ text: 'ok', isError: false });
      await expect(client.listTools()).rejects.toThrow(OVER);
      expect(await call(client, 'ok')).toEqual({ text: 'fine', isError: false });
    } finally {
      await host.close();
    }
  }, 60_000);
});
