/**
 * What a guest makes the host write on its own stderr is bounded and cannot
 * forge a line: an empty line of guest output is charged what it costs there
 * (prefix, label, newline) and lines are metered per second; guest text in a
 * host diagnostic (here a progress token no request carries) is escaped and
 * cut, and the diagnostics one component causes are metered for it alone.
 * The component is test/fixtures/flood.ts; each test has a fresh host.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

let server: RunningServer | undefined;
afterEach(() => server?.close());
const start = async (): Promise<RunningServer> => (server = await startServer(componentPath('flood'), { cacheDir: testCacheDir() }));

const rss = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const MiB = 1024 ** 2;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('host diagnostics a guest causes', () => {
  it('charges an empty output line its full cost: 2 MiB of newlines stay a bounded trickle', async () => {
    const s = await start();
    const before = rss(s.pid);
    const stderrBefore = s.stderr().length;
    expect(await call(s.client, 'empty_lines', { mib: 2 })).toEqual({ text: 'wrote 2 MiB of newlines', isError: false });
    await expect.poll(() => s.stderr(), { timeout: 20_000 }).toMatch(/flood\| \[mcp-host: output over \d+ bytes or \d+ lines a second, dropping it\]/);
    await sleep(1000); // what is still in the pipes
    const written = s.stderr().slice(stderrBefore);
    // 2 million lines; only the burst of 500 and the rate of 50 a second go out (each ~17 bytes).
    expect(written.length).toBeLessThan(256 * 1024);
    expect(rss(s.pid) - before).toBeLessThan(128 * MiB);
    expect(await call(s.client, 'ok')).toEqual({ text: 'fine', isError: false });
  });

  it('escapes and cuts guest text in a diagnostic, and meters the lines one component causes', async () => {
    const s = await start();
    const stderrBefore = s.stderr().length;
    expect(await call(s.client, 'forge_progress', { n: 5000 })).toEqual({ text: 'reported 5000', isError: false });
    await expect.poll(() => s.stderr(), { timeout: 20_000 }).toMatch(/flood: over 100 diagnostic lines\/s, dropping them/);
    await sleep(500);
    const written = s.stderr().slice(stderrBefore);
    const lines = written.split('\n').filter(Boolean);
    // Every line is the host's: none starts with the forged prefix, none holds CR or ESC.
    expect(lines.every((l) => l.startsWith('mcp-host: flood'))).toBe(true);
    expect(written).not.toMatch(/[\r\u001b]/);
    expect(written).not.toContain('FORGED');
    expect(lines).toContainEqual(expect.stringMatching(/^mcp-host: flood: progress for token "t{100}"… \[\d+ chars, cut\] dropped/));
    // 5,000 messages of a 3 KB token (15 MB): the burst of 1,000 short lines and the rate of 100 a second.
    expect(lines.length).toBeLessThan(2500);
    expect(written.length).toBeLessThan(600 * 1024);
    expect(await call(s.client, 'ok')).toEqual({ text: 'fine', isError: false });
  });
});
