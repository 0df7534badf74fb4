/**
 * Hostile review (issue 12): 2026-07-28 over HTTP builds a protocol server per
 * request. Does one leak? The host runs with its old-space heap capped at
 * 128 MiB (so garbage is collected rather than left lying, and a leak shows as
 * growth or a crash); after a warm-up, 6,000 more requests (tools/call, and
 * input-required rounds whose states are never retried) must not grow its
 * RSS by more than 64 MiB, and it serves on. Measured while reviewing: without
 * the cap RSS rises 189 -> 576 MiB over 27,000 requests (lazy GC); with it,
 * 250 -> 285 MiB over 30,000, flat after ~6,000.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { modernRequest } from '../helpers/modern-http.js';
import { post, resultOf } from '../helpers/raw-http.js';
import { testCacheDir } from '../helpers/server.js';

const rssKiB = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
let host: HttpHost;
beforeAll(async () => {
  host = await startHttpHost(componentPath('everything'), { cacheDir: testCacheDir(), env: { NODE_OPTIONS: '--max-old-space-size=128' } });
});
afterAll(async () => {
  await host?.close();
});

async function burst(n: number): Promise<void> {
  const call = modernRequest('tools/call', { name: 'test_simple_text', arguments: {} });
  const round = modernRequest('tools/call', { name: 'test_input_required_result_multi_round', arguments: {}, _meta: { 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } } });
  for (let i = 0; i < n; i++) {
    const made = i % 4 === 0 ? round : call;
    const res = await fetch(host.url, { method: 'POST', headers: made.headers, body: made.body });
    expect(res.status).toBe(200);
    await res.text();
  }
}

describe('review: per-request protocol servers are not kept', () => {
  it('6,000 requests after a warm-up grow RSS by under 64 MiB', async () => {
    await burst(6000);
    const before = rssKiB(host.pid);
    await burst(6000);
    const grownMiB = (rssKiB(host.pid) - before) / 1024;
    expect(grownMiB, `grew ${grownMiB.toFixed(1)} MiB`).toBeLessThan(64);
    expect(resultOf(await post(host.url, 'tools/list')).resultType).toBe('complete');
  }, 240_000);
});
