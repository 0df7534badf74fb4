/**
 * Framing of stdin (class 10 of the hardening issue): lines are framed in
 * linear time, and a line over --max-message-bytes is refused with Invalid
 * Request (id null) as soon as it goes over, without being held, and the
 * host keeps serving. Raw bytes written to a real `mcp-host run`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { peakRss } from '../helpers/proc.js';
import { RawClient } from '../helpers/raw-client.js';
import { testCacheDir } from '../helpers/server.js';

const MIB = 1024 * 1024;
const LIMIT = MIB;
let client: RawClient;

beforeAll(async () => {
  client = await RawClient.start(componentPath('tools'), { cacheDir: testCacheDir(), args: ['--max-message-bytes', '1M'] });
});
afterAll(() => client?.close());

/** An echo request of exactly `bytes` bytes (without its newline). */
function echoOfSize(id: number, bytes: number): { line: string; text: string } {
  const frame = (text: string) => JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'echo', arguments: { text } } });
  const text = 'x'.repeat(bytes - Buffer.byteLength(frame('')));
  return { line: frame(text), text };
}

async function stillServing(id: number): Promise<void> {
  client.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'echo', arguments: { text: `ok ${id}` } } });
  expect(await client.response(id)).toEqual({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: `ok ${id}` }] } });
}

const tooLarge = { jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.stringMatching(/maximum of 1048576 bytes.*--max-message-bytes/) } };

describe('stdin framing', () => {
  it('answers a line of exactly the maximum size', async () => {
    const { line, text } = echoOfSize(1, LIMIT);
    expect(Buffer.byteLength(line)).toBe(LIMIT);
    client.send(line);
    expect(await client.response(1)).toMatchObject({ result: { content: [{ type: 'text', text }] } });
  });

  it('refuses a line one byte over it with Invalid Request (id null), and serves the next', async () => {
    client.send(echoOfSize(2, LIMIT + 1).line);
    expect(await client.response(null)).toEqual(tooLarge);
    await stillServing(102);
    // Its id was never read: no answer for it comes.
    expect(client.received.filter((m) => m.id === 2)).toEqual([]);
  });

  it('refuses a 256 MiB line in pieces as soon as it goes over, without holding it', async () => {
    const before = peakRss(client.pid);
    await client.write('{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"');
    await client.write(Buffer.alloc(2 * LIMIT, 'x'));
    // Refused before the line has ended.
    expect(await client.response(null)).toEqual(tooLarge);
    const piece = Buffer.alloc(MIB, 'y');
    for (let i = 0; i < 254; i++) await client.write(piece);
    // The line ends; the same chunk carries the next request, which is answered.
    await client.write(`"}}}\n${JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'ping' })}\n`);
    expect(await client.response(4)).toEqual({ jsonrpc: '2.0', id: 4, result: {} });
    // Holding the line (as a string, even once) would take 256 MiB or more.
    expect(peakRss(client.pid) - before).toBeLessThan(100 * MIB);
    expect(client.received.filter((m) => m.id === 3)).toEqual([]);
    await stillServing(103);
  });

  it('frames lines split anywhere, even inside a UTF-8 character, and several in one chunk', async () => {
    const bytes = Buffer.from(`${JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'echo', arguments: { text: 'é€😀' } } })}\r\n`);
    for (let at = 0; at < bytes.length; at += 3) await client.write(bytes.subarray(at, at + 3));
    expect(await client.response(5)).toMatchObject({ result: { content: [{ type: 'text', text: 'é€😀' }] } });
    await client.write(`\n\n${JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'ping' })}\n${JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'ping' })}\n`);
    expect(await client.response(6)).toEqual({ jsonrpc: '2.0', id: 6, result: {} });
    expect(await client.response(7)).toEqual({ jsonrpc: '2.0', id: 7, result: {} });
  });

  it('refuses a line over the default maximum (16 MiB) too', async () => {
    const host = await RawClient.start(componentPath('tools'), { cacheDir: testCacheDir() });
    try {
      host.send(`{"jsonrpc":"2.0","id":8,"method":"ping","params":{"_meta":{"pad":"${'x'.repeat(16 * MIB)}"}}}`);
      expect(await host.response(null)).toMatchObject({ error: { code: -32600, message: expect.stringMatching(/maximum of 16777216 bytes/) } });
      host.send({ jsonrpc: '2.0', id: 9, method: 'ping' });
      expect(await host.response(9)).toEqual({ jsonrpc: '2.0', id: 9, result: {} });
    } finally {
      host.close();
    }
  });
});
