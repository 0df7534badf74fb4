#!/usr/bin/env node
/**
 * Where a server's CPU goes per call with 64 calls in flight, thread by
 * thread (from /proc/<pid>/task): the main thread, V8's platform threads
 * (GC, compilation), the instance worker. Three rounds of 2 s each.
 *
 *   node bench/threads.mjs [component.wasm]   # default: bench/.build/wat.wasm (npm run bench builds it)
 *   node bench/threads.mjs --native            # bench/native-server.mjs, for comparison
 *
 * Threads are listed by id in creation order: the main thread first, then
 * V8's platform threads, then workers (Node 20 does not name them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RawClient } from './raw-client.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const native = process.argv.includes('--native');
const wasm = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? join(BENCH, '.build', 'wat.wasm');
const args = native ? [join(BENCH, 'native-server.mjs')] : [join(dirname(BENCH), 'dist', 'cli', 'main.js'), 'run', wasm];

/** CPU ms of each thread of `pid` so far. */
const threads = (pid) =>
  Object.fromEntries(
    readdirSync(`/proc/${pid}/task`).map((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [tid, (Number(fields[11]) + Number(fields[12])) * (1000 / 100)]; // utime + stime, in clock ticks of 10 ms
    }),
  );

const client = await RawClient.connect({ command: process.execPath, args, env: { ...process.env, MCP_HOST_CACHE_DIR: join(BENCH, '.build', 'cache', 'threads') } });
await client.inFlight(64, 0.5, 'echo', { text: 'hello' });
for (let round = 0; round < 3; round++) {
  const before = threads(client.pid);
  const run = await client.inFlight(64, 2, 'echo', { text: 'hello' });
  const after = threads(client.pid);
  const perCall = Object.entries(after)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([tid, ms]) => [tid, ((ms - (before[tid] ?? 0)) * 1000) / run.calls])
    .filter(([, us]) => us >= 1);
  const total = perCall.reduce((sum, [, us]) => sum + us, 0);
  console.log(`${Math.round(run.callsPerSecond)} calls/s; CPU µs a call: ${perCall.map(([tid, us]) => `${tid}=${us.toFixed(0)}`).join(' ')} (all ${total.toFixed(0)})`);
}
await client.close();
