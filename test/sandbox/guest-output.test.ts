/**
 * Class 2, the host dies on guest input: every buffer a guest can fill is
 * bounded and every value it hands a runtime import is checked, answered
 * with a WIT error, never thrown on the host's event loop. The component
 * (test/fixtures/flood.ts) writes hundreds of MiB to stderr without a
 * newline, an overlong line, malformed and oversized values for every
 * import, floods of log messages, and a resource template that does not
 * parse, registered while serving. Each time the host answers and serves on.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(componentPath('flood'), { cacheDir: testCacheDir() });
});
afterAll(() => server?.close());

const rss = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const MiB = 1024 ** 2;

describe('guest output and runtime import values', () => {
  it('survives 300 MiB of stderr without a newline, with its own stderr and memory bounded', async () => {
    const before = rss(server.pid);
    const stderrBefore = server.stderr().length;
    for (let i = 0; i < 3; i++) expect(await call(server.client, 'stderr_flood', { mib: 100 })).toEqual({ text: 'wrote 100 MiB', isError: false });
    expect(await call(server.client, 'ok')).toEqual({ text: 'fine', isError: false });
    expect(server.stderr().length - stderrBefore).toBeLessThan(MiB);
    expect(server.stderr()).toMatch(/flood\| \[mcp-host: \d+ bytes of this component's output dropped/);
    expect(rss(server.pid) - before).toBeLessThan(256 * MiB);
  });

  it('cuts an overlong line and marks it, keeping the next line whole', async () => {
    expect(await call(server.client, 'long_line')).toEqual({ text: 'written', isError: false });
    await expect.poll(() => server.stderr()).toContain('flood| short line after the long one');
    expect(server.stderr()).toContain(`flood| ${'b'.repeat(16 * 1024)} [mcp-host: line cut at 16384 bytes]`);
  });

  it('answers malformed and oversized values with a WIT error at once', async () => {
    const { text, isError } = await call(server.client, 'bad_values');
    expect(isError).toBe(false);
    expect(text.split('\n')).toEqual([
      expect.stringMatching(/^invalid-params: message data is not valid JSON/),
      expect.stringMatching(/^invalid-params: log data is not valid JSON/),
      'invalid-params: progress must be a finite number',
      'invalid-params: total must be a finite number',
      'invalid-params: progress must be a finite number',
      'invalid-params: send-notification: the value is over 1048576 bytes',
      'invalid-params: send-notification: the value is over 1048576 bytes',
      'invalid-params: log data nests deeper than 64 levels',
      'invalid-params: register-tools: the value is over 8388608 bytes',
    ]);
    expect(await call(server.client, 'big_log', { mib: 20 })).toEqual({ text: 'invalid-params: log: the value is over 1048576 bytes', isError: false });
    expect((await server.client.listTools()).tools.map((t) => t.name)).not.toContain('later');
  });

  it('refuses runtime calls past the budget of one call, logging it once, and resets it for the next call', async () => {
    expect(await call(server.client, 'log_many', { n: 10_005 })).toEqual({
      text: '10000 accepted; then rate-limited: log refused: over 10000 runtime calls or 33554432 bytes of them in one call',
      isError: false,
    });
    // stderr is a pipe of its own: the line may come after the answer on stdout.
    await expect.poll(() => server.stderr(), { timeout: 10_000 }).toMatch(/log and every later runtime call of this call refused/);
    expect(server.stderr().match(/log and every later runtime call of this call refused/g)).toHaveLength(1);
    expect(await call(server.client, 'log_many', { n: 10 })).toEqual({ text: '10 accepted', isError: false });
  });

  it('gives a registration the host refuses while serving its WIT error, and serves on', async () => {
    expect(await call(server.client, 'register_bad_template')).toEqual({
      text: expect.stringMatching(/^invalid-params: .*not a valid RFC 6570 URI template: unclosed expression/),
      isError: false,
    });
    expect(await call(server.client, 'register_tool')).toEqual({ text: 'ok', isError: false });
    expect((await server.client.listTools()).tools.map((t) => t.name)).toContain('added');
    expect(await call(server.client, 'ok')).toEqual({ text: 'fine', isError: false });
  });
});
