/**
 * Review of the in-thread WASI (host/sandbox/io.ts): guest stdout.
 * guest-output.ts bounded the bytes waiting in the worker, but each write
 * to the worker's stdout is also a buffered entry and a message of the
 * host's own, and an empty write is no bytes at all: a guest writing
 * nothing, or one byte, in a loop until its deadline grew the host by
 * ~40 MB a second (+600 MB in 15 s), in-thread (test/fixtures/in-thread-io)
 * and with preview2-shim's WASI alike (shim-output.wat, which imports
 * wasi:http), whose stdout writes to the same worker stream. Now such floods
 * keep the host's memory flat on both, what a guest writes a byte at a time
 * still arrives whole, and the host serves on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';
import { peakRss } from '../helpers/proc.js';

const MiB = 1024 ** 2;

describe.each([
  ['in-thread', 'in-thread-io', '1048576', []],
  // It imports wasi:http; with a host to reach, the host gives it preview2-shim's WASI.
  ['preview2-shim', 'shim-output', '16384', ['--allow-host', 'example.com']],
] as const)('stdout floods of tiny writes, %s WASI', (_path, fixture, permit, extra) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(componentPath(fixture), { cacheDir: testCacheDir(), args: ['--timeout', '6000', ...extra] });
  });
  afterAll(() => server?.close());

  const io = (op: string): Promise<{ text: string; isError: boolean }> => call(server.client, 'io', { op });

  it('keep the host flat while a guest writes empty and one-byte chunks until its deadline', async () => {
    expect(await io('k')).toEqual({ text: permit, isError: false });
    const before = peakRss(server.pid);
    for (const op of ['f:0', 'f:1']) {
      const flood = await io(op);
      expect(flood.isError).toBe(true);
      expect(flood.text).toContain('exceeded its deadline of 6000 ms');
    }
    // Unbounded: ~+240 MB each. Bounded: the gathered chunks and the dropped-bytes notes.
    expect(peakRss(server.pid) - before).toBeLessThan(96 * MiB);
    expect(await io('k')).toEqual({ text: permit, isError: false });
  });

  it('deliver a line written a byte at a time whole, labelled on the host stderr', async () => {
    expect(await io('w:3000')).toEqual({ text: 'done', isError: false });
    await expect.poll(() => server.stderr(), { timeout: 10_000 }).toContain(`${fixture}| ${'a'.repeat(3000)}\n`);
    expect(await io('w:5')).toEqual({ text: 'done', isError: false });
    await expect.poll(() => server.stderr(), { timeout: 10_000 }).toContain(`${fixture}| aaaaa\n`);
  });
});
