/**
 * Class 5, deadlines that never fire: a start (worker, instantiation and the
 * entry, wasi:cli/run) has its own deadline, at the first start and at
 * every re-creation. An entry that loops forever makes `mcp-host run` exit
 * with the reason at start; after a trap, a re-created instance whose entry
 * loops answers the call with the reason, and after three such failures in
 * a row the host stops re-creating and answers at once, still serving. A
 * call waiting for a re-creation waits no longer than its own deadline.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const cacheDir = testCacheDir();
const env = { MCP_HOST_CACHE_DIR: cacheDir };
let server: RunningServer | undefined;
afterAll(() => server?.close());

describe('the start deadline', () => {
  it('makes `mcp-host run` exit 1 naming the component, the limit and the flag when the entry loops', async () => {
    const started = Date.now();
    const result = await runCli(['run', componentPath('loop-entry'), '--env', 'LOOP=1', '--start-timeout', '1500'], { env, timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(
      /^mcp-host: loop-entry: the component did not start within 1500 ms \(.*wasi:cli\/run.*\)\. If it needs longer, raise --start-timeout/,
    );
    expect(Date.now() - started).toBeLessThan(25_000);
  });

  it('is read from a policy file (limits.startTimeoutMs)', async () => {
    const policy = join(mkdtempSync(join(tmpdir(), 'mcp-host-start-')), 'policy.json');
    writeFileSync(policy, JSON.stringify({ env: { LOOP: '1' }, limits: { startTimeoutMs: 1200 } }));
    const result = await runCli(['run', componentPath('loop-entry'), '--policy', policy], { env, timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('loop-entry: the component did not start within 1200 ms');
  });

  it('applies to every re-creation, and the host stops re-creating after three failures in a row', async () => {
    const state = mkdtempSync(join(tmpdir(), 'mcp-host-loop-state-'));
    // Long enough for a first start on a loaded machine (a re-creation that loops fails anyway).
    server = await startServer(componentPath('loop-entry'), { cacheDir, args: ['--dir-rw', `${state}::/state`, '--start-timeout', '4000'] });
    expect(await call(server.client, 'calls')).toEqual({ text: '1', isError: false });
    // Leaves a marker that makes every later entry loop, then traps.
    expect((await call(server.client, 'arm')).isError).toBe(true);

    for (let attempt = 1; attempt <= 2; attempt++) {
      // The first time, three calls wait for the same re-creation: each is told it failed.
      const failed = await Promise.all(Array.from({ length: attempt === 1 ? 3 : 1 }, () => call(server.client, 'calls')));
      for (const result of failed) {
        expect(result).toEqual({
          text: expect.stringMatching(/^Tool calls failed: the component trapped \(the component could not be re-created: the component did not start within 4000 ms/),
          isError: true,
        });
      }
    }
    const third = await call(server.client, 'calls');
    expect(third.isError).toBe(true);
    expect(third.text).toMatch(/could not be re-created 3 times in a row, so the host stopped trying \(last: the component did not start within 4000 ms/);

    // From now on: answered at once with why, without another attempt.
    const started = Date.now();
    const later = await call(server.client, 'calls');
    expect(later).toEqual(third);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(server.stderr().match(/could not be re-created \(/g)).toHaveLength(2);
    expect(server.stderr().match(/so the host stopped trying/g)).toHaveLength(1);
    // The protocol still answers.
    await server.client.ping();
    expect((await server.client.listTools()).tools.map((t) => t.name)).toEqual(['calls', 'arm']);
  });

  it("bounds a call waiting for a slow re-creation by the call's deadline; the re-creation goes on for the next call", async () => {
    const state = mkdtempSync(join(tmpdir(), 'mcp-host-loop-state-'));
    const slow = await startServer(componentPath('loop-entry'), { cacheDir, args: ['--dir-rw', `${state}::/state`, '--start-timeout', '8000', '--timeout', '1500'] });
    try {
      expect(await call(slow.client, 'calls')).toEqual({ text: '1', isError: false });
      expect((await call(slow.client, 'arm')).isError).toBe(true);
      const started = Date.now();
      expect(await call(slow.client, 'calls')).toEqual({
        text: expect.stringMatching(/the call exceeded its deadline of 1500 ms waiting for the component to be re-created/),
        isError: true,
      });
      expect(Date.now() - started).toBeLessThan(6000); // not the 8 s of the start deadline
      // The re-creation went on without the call, and failed at its own deadline.
      await expect.poll(() => slow.stderr(), { timeout: 20_000 }).toMatch(/could not be re-created \(the component did not start within 8000 ms/);
      await slow.client.ping();
    } finally {
      await slow.close();
    }
  });
});
