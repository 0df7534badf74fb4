/**
 * Class 4, limits a guest can get around. Tables are host memory the memory
 * cap does not cover. A core module (test/fixtures/tables) with two funcref
 * tables without a maximum tries to grow both to 10 M entries (uncapped:
 * +760 MiB of RSS in one call): table.grow returns -1 inside the guest, the
 * host's RSS stays bounded, a small grow still works, and a module whose
 * tables need more than the cap to start is refused with the flag to raise.
 * And a cap is one budget for the whole component, not one per core module:
 * a composed component's memories share --max-memory.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { componentPath } from '../helpers/fixtures.js';
import { freshCacheDir, startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';
import { peakRss } from '../helpers/proc.js';

const cacheDir = testCacheDir();
let server: RunningServer;
beforeAll(async () => {
  server = await startServer(componentPath('tables'), { cacheDir });
});
afterAll(() => server?.close());

/** Peak resident memory of the mcp-host process, bytes (Linux). */

describe('table caps', () => {
  it('makes table.grow past the cap fail inside the guest, with the host’s RSS bounded', async () => {
    const before = peakRss(server.pid);
    expect(await call(server.client, 'grow_huge')).toEqual({ text: 'refused', isError: false });
    expect(await call(server.client, 'grow_huge')).toEqual({ text: 'refused', isError: false });
    // Uncapped, the two grows take ~800 MiB; capped, at most 100,000 elements (~4 MiB).
    expect(peakRss(server.pid) - before).toBeLessThan(64 * 1024 ** 2);
    // Growth within the cap still works, and the same instance keeps serving.
    expect(await call(server.client, 'grow_small')).toEqual({ text: 'grown', isError: false });
    expect(await call(server.client, 'ok')).toEqual({ text: 'fine', isError: false });
    expect(server.stderr()).not.toContain('instance stopped');
  });

  it('refuses at start a module whose tables need more than --max-table-elements', async () => {
    const result = await runCli(['run', componentPath('tables'), '--max-table-elements', '1'], { env: { MCP_HOST_CACHE_DIR: cacheDir } });
    expect(result.code).toBe(1);
    // Its two tables, and the small fixed ones of the component's glue modules.
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(
      /^mcp-host: tables: cannot compile the component: the component's core modules need \d+ table elements to start, over the cap of 1\. Raise --max-table-elements \(or limits\.maxTableElements in a policy file\)$/,
    );
  });

  it('leaves componentize-js components, whose tables are fixed, to start under the default', async () => {
    const tools = await startServer(componentPath('tools'), { cacheDir, args: ['--max-table-elements', '10000'] });
    try {
      expect((await tools.client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await tools.close();
    }
  });
});

describe('capped modules from the cache (sandbox/core-modules.ts)', () => {
  it('hold the caps they were capped at, and a start with other caps caps again', async () => {
    const fresh = freshCacheDir();
    const capped = (): string[] => readdirSync(join(fresh, 'transpiled')).flatMap((entry) => readdirSync(join(fresh, 'transpiled', entry, 'capped')));
    for (const start of ['capped now', 'capped bytes read from the cache']) {
      const served = await startServer(componentPath('tables'), { cacheDir: fresh });
      try {
        expect(await call(served.client, 'grow_huge'), start).toEqual({ text: 'refused', isError: false });
        expect(await call(served.client, 'grow_small'), start).toEqual({ text: 'grown', isError: false });
      } finally {
        await served.close();
      }
      expect(capped()).toHaveLength(1); // one entry, for the default caps
    }
    const refused = await runCli(['run', componentPath('tables'), '--max-table-elements', '1'], { env: { MCP_HOST_CACHE_DIR: fresh } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/over the cap of 1\. Raise --max-table-elements/);
  });
});

describe('one cap for all of a component’s modules', () => {
  it('refuses a composed component whose memories together need more than --max-memory, though each would fit', async () => {
    const env = { MCP_HOST_CACHE_DIR: cacheDir };
    const composed = join(mkdtempSync(join(tmpdir(), 'mcp-host-caps-')), 'memory-with-kv.wasm');
    expect((await runCli(['compose', componentPath('memory'), '--plug', componentPath('kv'), '-o', composed], { env })).code).toBe(0);
    // Each of its two JavaScript engines needs ~10 MiB to start; both, ~20 MiB.
    const refused = await runCli(['run', composed, '--max-memory', '16M'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n').at(-1)).toMatch(
      /^mcp-host: memory-with-kv: cannot compile the component: the component needs at least 2\d MiB of memory to start, over the cap of 16 MiB\. Raise --max-memory$/,
    );
    const served = await startServer(composed, { cacheDir, args: ['--max-memory', '32M'] });
    try {
      expect((await served.client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await served.close();
    }
  });
});
