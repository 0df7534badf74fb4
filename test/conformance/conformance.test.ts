/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance,
 * pinned at 0.1.13: the last release that runs on Node 20) against
 * `mcp-host run` serving the everything component over Streamable HTTP.
 * Every active scenario must pass; there is no expected-failures file.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { testCacheDir } from '../helpers/server.js';

const conformanceCli = join(dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/conformance/package.json')), 'dist', 'index.js');

let host: HttpHost;

beforeAll(async () => {
  host = await startHttpHost(componentPath('everything'), { cacheDir: testCacheDir() });
});
afterAll(() => host?.close());

function runSuite(suite: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [conformanceCli, 'server', '--url', host.url, '--suite', suite], { timeout: 240_000 }, (err, stdout) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
    );
  });
}

describe('MCP conformance suite', () => {
  it('passes every active server scenario', async () => {
    const { code, stdout } = await runSuite('active');
    const total = /Total: (\d+) passed, (\d+) failed/.exec(stdout);
    const failedLines = stdout.split('\n').filter((l) => l.startsWith('✗'));
    expect(failedLines, stdout.slice(-3000)).toEqual([]);
    expect(total?.[2]).toBe('0');
    expect(Number(total?.[1])).toBe(40);
    expect(code).toBe(0);
  }, 300_000);

  it('passes the pending json-schema-2020-12 scenario too', async () => {
    const { stdout } = await runSuite('pending');
    expect(stdout).toMatch(/✓ json-schema-2020-12: 4 passed, 0 failed/);
  }, 120_000);
});
