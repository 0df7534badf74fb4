/**
 * What the glue lifts out of a guest lives outside the guest's memory cap,
 * in the instance worker's JavaScript heap, and a lift multiplies it: a
 * content block is 136 bytes of guest memory, and a text pointing at shared
 * bytes becomes a string of its own for every block. Two bounds hold it
 * (test/fixtures/in-thread-io, ops b and B):
 *   - an outcome far over the result cap is refused in the worker
 *     (instance-worker.ts `bounded`), so the main thread never copies,
 *     converts and measures it (1.8 M empty blocks held it for ~8 s and
 *     ~750 MB before);
 *   - the worker's heap is capped (sandbox/policy.ts instanceHeapMb): a lift
 *     past it stops that worker, not the host (1 M blocks of 1 KiB text took
 *     the host to 3.6 GB before).
 *   - byte lists are lifted as ArrayBuffer copies, outside the heap cap:
 *     within one crossing (a result, an import call's arguments) they may
 *     total the memory cap (worker/lift-budget.ts), past it the lift traps
 *     (5,000 images of the same 680 KB took the host to 3.4 GB before).
 * The next call is served either way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { freshCacheDir, startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';
import { peakRss } from '../helpers/proc.js';

const MB = 1024 * 1024;

// A server per test: each grows its guest's memory near the cap.
let server: RunningServer;
beforeEach(async () => {
  server = await startServer(componentPath('in-thread-io'), { cacheDir: testCacheDir() });
});
afterEach(() => server?.close());

const io = (op: string): Promise<{ text: string; isError: boolean }> => call(server.client, 'io', { op });
const servesOn = async (): Promise<void> => expect(await io('k')).toEqual({ text: '1048576', isError: false });

describe('values a guest hands the host, multiplied by the lift', () => {
  it('refuses a result far over the cap in the worker, before the main thread copies it', async () => {
    expect(await io('b:1000')).toEqual({ text: '', isError: false }); // a list of blocks is fine in itself
    const before = peakRss(server.pid);
    const answer = await io('b:1800000'); // 245 MB of guest memory, under its 256 MiB cap
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('far over the cap of 16777216 bytes (raise it with --max-result-bytes)');
    expect(peakRss(server.pid) - before).toBeLessThan(450 * MB);
    await servesOn();
  });

  it('traps a lift of byte lists past the memory cap: copies of the same bytes, outside the heap cap', async () => {
    const before = peakRss(server.pid);
    const answer = await io('G:5000'); // 5,000 images, each of the same 680 KB: 3.4 GB of copies
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain('more than 268435456 bytes of byte lists at once');
    expect(peakRss(server.pid) - before).toBeLessThan(1000 * MB);
    await servesOn();
  });

  it('stops the worker whose lift outgrows its heap, and serves the next call', async () => {
    const before = peakRss(server.pid);
    const answer = await io('B:1000000'); // 1 M strings of 1 KiB, from 136 MB of guest memory
    expect(answer.isError).toBe(true);
    expect(answer.text).toContain("outgrew the instance's host heap of 320 MiB");
    expect(peakRss(server.pid) - before).toBeLessThan(1500 * MB);
    await servesOn();
    expect(server.stderr()).toContain('its in-memory state is lost');
  });
});

describe('the glue as rewritten for the byte-lift budget (toolchain/transpile.ts boundByteLifts)', () => {
  it('charges every byte-list lift and resets at every import call, in a JavaScript component', async () => {
    const cacheDir = freshCacheDir();
    const tools = await startServer(componentPath('tools'), { cacheDir });
    try {
      const [entry] = readdirSync(join(cacheDir, 'transpiled'));
      const glue = readFileSync(join(cacheDir, 'transpiled', entry!, 'component.js'), 'utf8');
      expect(glue).not.toContain('.buffer.slice(');
      expect(glue.match(/_liftBudget\.slice\(memory\d+\.buffer, ptr\d+, len\d+ \* 1\)/g)?.length).toBeGreaterThan(10);
      const trampolines = glue.match(/\n {2}const _trampoline\d+ = function\([^)]*\) \{\n/g) ?? [];
      const entered = glue.match(/\n {2}const _trampoline\d+ = function\([^)]*\) \{\n {4}_liftBudget\.enter\(\);\n/g) ?? [];
      expect(trampolines.length).toBeGreaterThan(10);
      expect(entered.length).toBe(trampolines.length);
      expect(await call(tools.client, 'echo', { text: 'lifted' })).toEqual({ text: 'lifted', isError: false });
    } finally {
      await tools.close();
    }
  });
});
