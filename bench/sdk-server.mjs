#!/usr/bin/env node
/**
 * A published SDK server, unchanged, as a component against the original:
 *
 *   npm run build && node bench/sdk-server.mjs [--server memory] [--rounds 5] [--calls 300]
 *
 * Builds node_modules/@modelcontextprotocol/server-<name>/dist/index.js
 * with `mcp-host build` (timed, size), then in interleaved rounds starts
 * the original (node) and the component (`mcp-host run`, warm transpile
 * cache) and measures: cold start to the first answer (spawn, initialize,
 * tools/list), per-call latency (p50 of sequential calls) and RSS after
 * start. Prints medians with the spread (min–max over rounds) and the
 * median of per-round ratios.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectStdio, median, now, percentile, rss, run, sleep } from './lib.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
};
const SERVER = arg('server', 'memory');
const ROUNDS = Number(arg('rounds', 5));
const CALLS = Number(arg('calls', 300));
const ENTRY = join(ROOT, 'node_modules', '@modelcontextprotocol', `server-${SERVER}`, 'dist', 'index.js');
/** A call each server answers from state it holds: a search of an empty graph, or one thought. */
const CALL = {
  memory: ['search_nodes', { query: 'nothing' }],
  'sequential-thinking': ['sequentialthinking', { thought: 't', thoughtNumber: 1, totalThoughts: 1, nextThoughtNeeded: false }],
  everything: ['echo', { message: 'hi' }],
  filesystem: ['list_allowed_directories', {}],
}[SERVER];
const note = (line) => process.stderr.write(`sdk-server: ${line}\n`);

const work = mkdtempSync(join(tmpdir(), 'mcp-host-sdk-bench-'));
const wasm = join(work, `${SERVER}.wasm`);
const cache = join(work, 'cache');
const data = join(work, 'data');
mkdirSync(data);

function spec(kind) {
  const env = { PATH: process.env.PATH ?? '', MCP_HOST_CACHE_DIR: cache };
  const serverArgs = SERVER === 'filesystem' ? [data] : [];
  if (kind === 'native') return { command: process.execPath, args: [ENTRY, ...serverArgs], env: { ...env, MEMORY_FILE_PATH: join(data, 'native.jsonl') } };
  return {
    command: process.execPath,
    args: [CLI, 'run', wasm, '--dir-rw', `${data}::${data}`, '--env', `MEMORY_FILE_PATH=${join(data, 'component.jsonl')}`, ...(serverArgs.length ? ['--', ...serverArgs] : [])],
    env,
  };
}

async function measure(kind) {
  const started = now();
  const s = await connectStdio(spec(kind));
  await s.client.listTools();
  const startMs = now() - started;
  await sleep(200);
  const { rssMB } = rss(s.pid);
  const [name, args] = CALL;
  for (let i = 0; i < 20; i++) await s.client.callTool({ name, arguments: args });
  const times = [];
  for (let i = 0; i < CALLS; i++) {
    const t = now();
    await s.client.callTool({ name, arguments: args });
    times.push(now() - t);
  }
  await s.client.close();
  return { startMs, callP50: percentile(times, 50), callP99: percentile(times, 99), rssMB };
}

const fmt = (xs, digits) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

try {
  note(`building ${ENTRY}`);
  const t = now();
  await run(process.execPath, [CLI, 'build', ENTRY, '-o', wasm]);
  const buildS = (now() - t) / 1000;
  const sizeMB = statSync(wasm).size / 1e6;
  note('warming the transpile cache');
  await measure('component');
  const rounds = { native: [], component: [] };
  for (let r = 0; r < ROUNDS; r++) {
    // Interleaved, alternating which goes first: both see the same machine.
    for (const kind of r % 2 === 0 ? ['native', 'component'] : ['component', 'native']) rounds[kind].push(await measure(kind));
    note(`round ${r + 1}/${ROUNDS}`);
  }
  const col = (kind, key) => rounds[kind].map((m) => m[key]);
  const ratio = (key) => median(rounds.component.map((m, i) => m[key] / rounds.native[i][key]));
  const row = (label, key, digits) => `| ${label} | ${fmt(col('native', key), digits)} | ${fmt(col('component', key), digits)} | ${ratio(key).toFixed(2)}x |`;
  console.log(`server-${SERVER}, ${ROUNDS} interleaved rounds, ${CALLS} calls of ${CALL[0]} each; median (min–max)`);
  console.log(`build: ${buildS.toFixed(1)} s, component ${sizeMB.toFixed(1)} MB`);
  console.log('| | original (node) | component (mcp-host run) | ratio |');
  console.log('|---|--:|--:|--:|');
  console.log(row('start to first answer, ms', 'startMs', 0));
  console.log(row('call p50, ms', 'callP50', 3));
  console.log(row('call p99, ms', 'callP99', 3));
  console.log(row('RSS after start, MB', 'rssMB', 0));
} finally {
  rmSync(work, { recursive: true, force: true });
}
