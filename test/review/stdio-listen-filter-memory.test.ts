/**
 * Fixed finding (hostile review, issue 12; medium for availability, stdio only):
 * over HTTP a listen's filter is capped at 64 KiB (http-modern.ts
 * MAX_LISTEN_FILTER_BYTES: "64 open streams hold 4 MiB of filters at most,
 * not 64 bodies"). Over stdio nothing caps it: the SDK's stdio listen router
 * keeps each listen's whole filter (up to the 16 MiB line limit) for up to
 * 1,024 listens, and the host's ResourceListens truncates only what it
 * subscribes (64 URIs), not what the SDK holds. Measured: 200 listens of a
 * 1 MiB filter each grew the host's RSS by ~430 MiB; with the heap capped at
 * 256 MiB (NODE_OPTIONS=--max-old-space-size=256) 300 of them killed the host
 * (V8 out of memory, SIGABRT). At the caps (1,024 x 16 MiB) that is tens of
 * GiB. Expected: a bound per listen like HTTP's (refuse or cut the filter),
 * so 100 such listens hold well under 128 MiB, and the host keeps serving.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { RawClient } from '../helpers/raw-client.js';
import { testCacheDir } from '../helpers/server.js';

const META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
const rssKiB = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

let client: RawClient | undefined;
afterEach(() => client?.close());

describe('review finding, fixed (was: stdio listen filters are held whole)', () => {
  it('100 listens with a 1 MiB filter each hold well under 128 MiB, and the host serves on', async () => {
    client = new RawClient(componentPath('notes'), { cacheDir: testCacheDir() });
    client.send({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: META } });
    await client.response(1, 30_000);
    const before = rssKiB(client.pid);
    const uris = Array.from({ length: 10_000 }, (_, i) => `notes://n${i}/${'z'.repeat(90)}`);
    for (let i = 0; i < 100; i++) {
      await client.write(`${JSON.stringify({ jsonrpc: '2.0', id: 100 + i, method: 'subscriptions/listen', params: { _meta: META, notifications: { resourceSubscriptions: uris } } })}\n`);
    }
    client.send({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: META } });
    expect((await client.response(2, 60_000)).result).toBeDefined();
    const grownMiB = (rssKiB(client.pid) - before) / 1024;
    expect(grownMiB, `RSS grew ${grownMiB.toFixed(0)} MiB for 100 listens`).toBeLessThan(128);
  }, 120_000);
});
