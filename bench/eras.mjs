#!/usr/bin/env node
/**
 * The protocol layer before and after the move to SDK v2, in one run.
 *
 *   node --expose-gc bench/eras.mjs --old /path/to/old-tree [--rounds 5] [--calls 2000] [--http-seconds 5]
 *
 * "old" is a checkout of mcp-host from before SDK v2 (e.g. commit 9b4f3b2:
 * `git worktree add /work/wt-bench-old 9b4f3b2 && cd /work/wt-bench-old && npm ci`,
 * which pins SDK v1 and zod 3 and builds dist/); "new" is the tree this file
 * is in (`npm run build` first). Both serve the very same .wasm files: the
 * bench component (bench/component/server.ts, componentize-js), built once by
 * the OLD tree's CLI, and the WAT component (components/wat/server.wat).
 * Each tree gets its own MCP_HOST_CACHE_DIR, warmed before measuring.
 *
 * Measured INTERLEAVED: every round runs each variant once (the order
 * reversed every other round), so drift in the machine's load hits all alike.
 * Reported per metric: the median over rounds, the min–max of the per-round
 * values, and the ratio to old computed per round (median, min–max).
 *
 * Variants:
 *   old  v1 Client (2025-11-25, initialize)      → old tree
 *   new  v1 Client (2025-11-25, initialize)      → new tree
 *   new  v2 Client pinned to 2026-07-28          → new tree (stdio: one process, no probe;
 *                                                   HTTP: stateless, no session)
 *   new  v2 Client, mode 'legacy' (2025)         → new tree: the v2 client's own cost, apart
 *                                                   from the era's (not in the cold starts)
 * Metrics: echo p50/p99 over stdio (both components); Streamable HTTP calls/s with
 * 8 concurrent clients (bench component); cold start, spawn → first tools/list
 * answer (warm cache); the server's CPU time per call (utime + stime of all
 * its threads over the measured calls: what the server spent, whatever else
 * the machine was doing); server RSS after the calls.
 *
 * Writes bench/results/eras.json (unless --no-write) and prints markdown tables.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as HttpV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as ClientV2, StreamableHTTPClientTransport as HttpV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioV2 } from '@modelcontextprotocol/client/stdio';
import { gc, now, percentile, run, sleep, startHttpServer, tail } from './lib.mjs';

const USAGE = `usage: node --expose-gc bench/eras.mjs --old <old-tree> [options]

  --old <dir>          an mcp-host checkout from before SDK v2, built (dist/cli/main.js) with its own
                       node_modules, e.g.  git worktree add /work/wt-bench-old 9b4f3b2 &&
                       (cd /work/wt-bench-old && npm ci --no-audit --no-fund)
  --rounds <n>         interleaved rounds (default 5, at least 5 for the report)
  --calls <n>          measured echo calls per stdio session (default 2000, after 300 warm-up)
  --http-seconds <s>   measured seconds per HTTP variant and round (default 5, after 1 s warm-up)
  --cold <n>           cold starts per variant and round (default 3; the round's value is their median)
  --max-load <x>       wait while the 1-minute load average is above this (default 3) ...
  --max-wait <s>       ... for at most this long (default 600), then run anyway and say so
  --rebuild            build the shared components again (else reuse bench/.build/eras/*.wasm)
  --no-write           do not write bench/results/eras.json
  --only <list>        comma-separated subset of: stdio,http,cold (default all)`;

let opts;
try {
  opts = parseArgs({
    options: {
      old: { type: 'string' },
      rounds: { type: 'string', default: '5' },
      calls: { type: 'string', default: '2000' },
      'http-seconds': { type: 'string', default: '5' },
      cold: { type: 'string', default: '3' },
      'max-load': { type: 'string', default: '3' },
      'max-wait': { type: 'string', default: '600' },
      rebuild: { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      only: { type: 'string', default: 'stdio,http,cold' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\n\n${USAGE}`);
  process.exit(2);
}
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!opts.old) {
  console.error(`bench/eras.mjs: --old is required\n\n${USAGE}`);
  process.exit(2);
}

const BENCH = dirname(fileURLToPath(import.meta.url));
const NEW_ROOT = dirname(BENCH);
const OLD_ROOT = resolve(opts.old);
const BUILD = join(BENCH, '.build', 'eras');
const RESULTS = join(BENCH, 'results', 'eras.json');
const TREES = {
  old: { root: OLD_ROOT, cli: join(OLD_ROOT, 'dist', 'cli', 'main.js'), cache: join(BUILD, 'cache-old') },
  new: { root: NEW_ROOT, cli: join(NEW_ROOT, 'dist', 'cli', 'main.js'), cache: join(BUILD, 'cache-new') },
};
const COMPONENTS = {
  js: { src: join(NEW_ROOT, 'bench', 'component', 'server.ts'), wasm: join(BUILD, 'bench.wasm'), label: 'componentize-js (bench/component)' },
  wat: { src: join(NEW_ROOT, 'components', 'wat', 'server.wat'), wasm: join(BUILD, 'wat.wasm'), label: 'WAT (components/wat)' },
};
const int = (name) => {
  const n = Number(opts[name]);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`bench/eras.mjs: --${name} must be a positive number\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
};
const N = {
  rounds: int('rounds'),
  warmup: 300,
  calls: int('calls'),
  httpClients: 8,
  httpSeconds: int('http-seconds'),
  cold: int('cold'),
};
const ONLY = new Set(opts.only.split(','));
const MODERN = '2026-07-28';

// ---------------------------------------------------------------- helpers

const note = (line) => process.stderr.write(`eras: ${line}\n`);
const median = (xs) => {
  // The middle value (the mean of the two middle ones for an even count), for per-round summaries.
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const load1 = () => Math.round(os.loadavg()[0] * 100) / 100;

/** VmRSS of a process, in MB. */
function rssMB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

/**
 * CPU time the process has used so far (all its threads: the protocol layer
 * and the instance worker), in ms. Less sensitive to other load on the
 * machine than wall-clock figures: it counts what the server spent, not what
 * it waited for a core.
 */
const TICK_MS = 10; // USER_HZ is 100 on Linux (getconf CLK_TCK)
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime (fields 14, 15)
}

const textOf = (result) => result.content?.[0]?.text;

// ---------------------------------------------------------------- clients

/** The SDK v2 stdio transport spawns a second, probe-only server unless subclassed (docs/protocol-eras-plan.md §5). */
class InPlace extends StdioV2 {}

/** The three ways to talk to a tree: which tree, which client. */
const VARIANTS = {
  old: { tree: 'old', v2: false, label: 'old, v1 Client (2025)' },
  new: { tree: 'new', v2: false, label: 'new, v1 Client (2025)' },
  new26: { tree: 'new', v2: true, mode: { pin: MODERN }, label: `new, v2 Client (${MODERN})` },
  // Tells the v2 Client's own cost from the 2026 era's: the same client, the 2025 era (initialize, sessions).
  new25v2: { tree: 'new', v2: true, mode: 'legacy', label: 'new, v2 Client (2025)' },
};
const ORDER = ['old', 'new', 'new26', 'new25v2'];
/** Alternate the order every round: old,new,new26,new25v2 then the reverse. */
const orderOf = (round) => (round % 2 ? [...ORDER].reverse() : ORDER);
const v2Client = (name, variant) => new ClientV2({ name, version: '1.0.0' }, { capabilities: {}, versionNegotiation: { mode: VARIANTS[variant].mode } });

function stdioSpec(tree, wasm) {
  return {
    command: process.execPath,
    args: [TREES[tree].cli, 'run', wasm],
    env: { ...process.env, MCP_HOST_CACHE_DIR: TREES[tree].cache },
    stderr: 'pipe',
  };
}

/** Spawn `run <wasm>` of the variant's tree and connect its client over stdio. */
async function connectStdio(variant, wasm) {
  const spec = stdioSpec(VARIANTS[variant].tree, wasm);
  const v2 = VARIANTS[variant].v2;
  const transport = v2 ? new InPlace(spec) : new StdioV1(spec);
  const log = tail(transport.stderr);
  const client = v2 ? v2Client('mcp-host-eras', variant) : new ClientV1({ name: 'mcp-host-eras', version: '1.0.0' });
  try {
    await client.connect(transport);
  } catch (err) {
    throw new Error(`${variant} ${spec.args.join(' ')}: ${err.message}\n${log.join('\n')}`);
  }
  return { client, transport, log };
}

// ---------------------------------------------------------------- measurements

/** Spawn → connected → first tools/list answered. */
async function coldStart(variant, wasm) {
  const started = now();
  const s = await connectStdio(variant, wasm);
  try {
    const { tools } = await s.client.listTools();
    if (!tools.some((t) => t.name === 'echo')) throw new Error(`${variant}: no echo tool`);
    return now() - started;
  } finally {
    await s.client.close();
  }
}

/** One stdio session: warm-up, then N.calls sequential echo calls; p50, p99, the server's RSS after. */
async function stdioEcho(variant, wasm) {
  const s = await connectStdio(variant, wasm);
  try {
    const echo = textOf(await s.client.callTool({ name: 'echo', arguments: { text: 'héllo' } }));
    // The WAT component echoes its arguments' JSON, the JS one the text.
    if (!echo?.includes('héllo')) throw new Error(`${variant}: echo answered ${JSON.stringify(echo)}`);
    const latencies = [];
    gc();
    let cpu0 = 0;
    for (let i = 0; i < N.warmup + N.calls; i++) {
      if (i === N.warmup) cpu0 = cpuMs(s.transport.pid);
      const t = now();
      await s.client.callTool({ name: 'echo', arguments: { text: 'hello' } });
      if (i >= N.warmup) latencies.push(now() - t);
    }
    const cpuPerCall = (cpuMs(s.transport.pid) - cpu0) / N.calls;
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuPerCall, rss: rssMB(s.transport.pid) };
  } catch (err) {
    throw new Error(`${err.message}\n${s.log.join('\n')}`);
  } finally {
    await s.client.close();
  }
}

/** `run <wasm> --http 127.0.0.1:0`, resolved with its URL once it says "serving … on URL". */
async function startHttp(tree, wasm) {
  return startHttpServer(tree, [TREES[tree].cli, 'run', wasm, '--http', '127.0.0.1:0'], { ...process.env, MCP_HOST_CACHE_DIR: TREES[tree].cache });
}

/** N.httpClients clients calling echo back to back for N.httpSeconds: sessions (2025) or stateless requests (2026). */
async function httpThroughput(variant, wasm) {
  const server = await startHttp(VARIANTS[variant].tree, wasm);
  const clients = [];
  try {
    for (let i = 0; i < N.httpClients; i++) {
      const v2 = VARIANTS[variant].v2;
      const client = v2 ? v2Client(`mcp-host-eras-${i}`, variant) : new ClientV1({ name: `mcp-host-eras-${i}`, version: '1.0.0' });
      await client.connect(v2 ? new HttpV2(new URL(server.url)) : new HttpV1(new URL(server.url)));
      clients.push(client);
    }
    const echo = textOf(await clients[0].callTool({ name: 'echo', arguments: { text: 'héllo' } }));
    if (echo !== 'héllo') throw new Error(`${variant} http: echo answered ${JSON.stringify(echo)}`);
    const loop = async (client, until) => {
      let n = 0;
      while (now() < until) {
        await client.callTool({ name: 'echo', arguments: { text: 'hello' } });
        n++;
      }
      return n;
    };
    await Promise.all(clients.map((c) => loop(c, now() + 1000))); // warm-up
    gc();
    const cpu0 = cpuMs(server.pid);
    const started = now();
    const counts = await Promise.all(clients.map((c) => loop(c, started + N.httpSeconds * 1000)));
    const seconds = (now() - started) / 1000;
    const calls = counts.reduce((a, b) => a + b, 0);
    return { callsPerSecond: calls / seconds, cpuPerCall: (cpuMs(server.pid) - cpu0) / calls, rss: rssMB(server.pid) };
  } finally {
    for (const c of clients) {
      await c.transport?.terminateSession?.().catch(() => {});
      await c.close().catch(() => {});
    }
    await server.stop();
  }
}

// ---------------------------------------------------------------- set-up

async function waitForLoad() {
  const max = Number(opts['max-load']);
  const deadline = now() + Number(opts['max-wait']) * 1000;
  const first = load1();
  let waited = 0;
  while (load1() > max && now() < deadline) {
    if (waited % 60 === 0) note(`load average ${load1()} > ${max}: waiting (up to ${opts['max-wait']} s in all)`);
    await sleep(5000);
    waited += 5;
  }
  const at = load1();
  return { before: first, waitedSeconds: waited, atStart: at, over: at > max, max };
}

async function buildComponents() {
  mkdirSync(BUILD, { recursive: true });
  for (const [name, c] of Object.entries(COMPONENTS)) {
    if (existsSync(c.wasm) && !opts.rebuild) continue;
    rmSync(c.wasm, { force: true });
    note(`building ${name}: ${relative(NEW_ROOT, c.src)} with the OLD tree's CLI…`);
    await run(process.execPath, [TREES.old.cli, 'build', c.src, '-o', c.wasm], { cwd: OLD_ROOT });
  }
  return Object.fromEntries(Object.entries(COMPONENTS).map(([k, c]) => [k, { wasm: relative(NEW_ROOT, c.wasm), bytes: statSync(c.wasm).size }]));
}

async function gitHead(root) {
  try {
    return (await run('git', ['-C', root, 'rev-parse', '--short', 'HEAD'])).trim();
  } catch {
    return 'unknown';
  }
}

function sdkVersions(root) {
  const version = (pkg) => {
    try {
      return JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
    } catch {
      return undefined;
    }
  };
  const deps = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies ?? {};
  const sdk = Object.keys(deps).filter((d) => d.startsWith('@modelcontextprotocol/'));
  return Object.fromEntries([...sdk, 'zod'].map((p) => [p, version(p)]));
}

// ---------------------------------------------------------------- report

/** Per-round values of each variant → median, min, max, and ratio to old per round. */
function summarize(perRound, key) {
  const out = {};
  for (const v of ORDER) {
    const xs = perRound.map((r) => r[v]?.[key]).filter((x) => x !== undefined);
    if (!xs.length) continue;
    const ratios = v === 'old' ? undefined : perRound.filter((r) => r[v] && r.old).map((r) => r[v][key] / r.old[key]);
    out[v] = { values: xs, median: median(xs), min: Math.min(...xs), max: Math.max(...xs), ratio: ratios && { values: ratios, median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) } };
  }
  return out;
}

const f = (x, d) => x.toFixed(d);
const cell = (s, d) => `${f(s.median, d)} (${f(s.min, d)}–${f(s.max, d)})`;
const ratioCell = (s) => (s.ratio ? `${f(s.ratio.median, 2)}x (${f(s.ratio.min, 2)}–${f(s.ratio.max, 2)})` : '');

const SHORT = { new: 'new 2025 v1', new26: `new ${MODERN} v2`, new25v2: 'new 2025 v2' };

function tableFor(title, rows) {
  const shown = ORDER.filter((v) => rows.some(({ s }) => s[v]));
  const ratios = shown.filter((v) => v !== 'old');
  const head = ['metric', ...shown.map((v) => VARIANTS[v].label), ...ratios.map((v) => `${SHORT[v]} / old`)];
  const lines = [`**${title}**`, '', `| ${head.join(' | ')} |`, `|---|${head.slice(1).map(() => '--:').join('|')}|`];
  for (const { metric, s, digits } of rows) {
    lines.push(`| ${metric} | ${shown.map((v) => (s[v] ? cell(s[v], digits) : '—')).join(' | ')} | ${ratios.map((v) => (s[v] ? ratioCell(s[v]) : '—')).join(' | ')} |`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  for (const [name, t] of Object.entries(TREES)) {
    if (!existsSync(t.cli)) throw new Error(`${name} tree: ${t.cli} is missing (build it: npm run build, or npm ci in the old tree)`);
  }
  if (existsSync(join(OLD_ROOT, 'node_modules', '@modelcontextprotocol', 'server'))) {
    note('warning: the old tree has @modelcontextprotocol/server in its node_modules: is it really the pre-v2 tree with its own node_modules?');
  }
  const load = await waitForLoad();
  if (load.over) note(`load average still ${load.atStart} after waiting ${load.waitedSeconds} s: running anyway, the figures are noisier`);
  const t0 = now();
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    date: new Date().toISOString(),
    load,
  };
  const trees = {
    old: { root: OLD_ROOT, commit: await gitHead(OLD_ROOT), sdk: sdkVersions(OLD_ROOT) },
    new: { root: NEW_ROOT, commit: await gitHead(NEW_ROOT), sdk: sdkVersions(NEW_ROOT) },
  };
  note(`old ${trees.old.commit} ${JSON.stringify(trees.old.sdk)}; new ${trees.new.commit} ${JSON.stringify(trees.new.sdk)}`);
  const built = await buildComponents();

  // Fill each tree's transpile cache for both components (not measured).
  for (const tree of ['old', 'new']) for (const c of Object.values(COMPONENTS)) await coldStart(tree, c.wasm);

  const rounds = [];
  for (let round = 0; round < N.rounds; round++) {
    const r = { round: round + 1, order: orderOf(round), loadAtStart: load1(), stdioJs: {}, stdioWat: {}, http: {}, cold: {} };
    for (const v of r.order) {
      if (ONLY.has('stdio')) {
        gc();
        r.stdioJs[v] = await stdioEcho(v, COMPONENTS.js.wasm);
        gc();
        r.stdioWat[v] = await stdioEcho(v, COMPONENTS.wat.wasm);
      }
      if (ONLY.has('cold') && v !== 'new25v2') {
        const xs = [];
        for (let i = 0; i < N.cold; i++) xs.push(await coldStart(v, COMPONENTS.js.wasm));
        r.cold[v] = { ms: median(xs), samples: xs };
      }
      if (ONLY.has('http')) {
        gc();
        r.http[v] = await httpThroughput(v, COMPONENTS.js.wasm);
      }
    }
    r.loadAtEnd = load1();
    rounds.push(r);
    const s = (o, k, d) => ORDER.map((v) => (o[v] ? `${v} ${f(o[v][k], d)}` : '')).filter(Boolean).join(', ');
    note(`round ${round + 1}/${N.rounds} (load ${r.loadAtStart}→${r.loadAtEnd}): js p50 ${s(r.stdioJs, 'p50', 3)} ms; wat p50 ${s(r.stdioWat, 'p50', 3)} ms; http ${s(r.http, 'callsPerSecond', 0)} calls/s; cold ${s(r.cold, 'ms', 0)} ms`);
  }
  machine.loadAtEnd = load1();

  const summary = {
    stdioJs: Object.fromEntries(['p50', 'p99', 'cpuPerCall', 'rss'].map((k) => [k, summarize(rounds.map((r) => r.stdioJs), k)])),
    stdioWat: Object.fromEntries(['p50', 'p99', 'cpuPerCall', 'rss'].map((k) => [k, summarize(rounds.map((r) => r.stdioWat), k)])),
    http: { cps: summarize(rounds.map((r) => r.http), 'callsPerSecond'), cpuPerCall: summarize(rounds.map((r) => r.http), 'cpuPerCall'), rss: summarize(rounds.map((r) => r.http), 'rss') },
    cold: summarize(rounds.map((r) => r.cold), 'ms'),
  };
  const command = `node --expose-gc bench/eras.mjs ${process.argv.slice(2).join(' ')}`;
  const md = [];
  if (ONLY.has('stdio')) {
    md.push(tableFor(`stdio, ${N.calls} sequential echo calls per session after ${N.warmup} warm-up`, [
      { metric: 'JS echo p50 (ms)', s: summary.stdioJs.p50, digits: 3 },
      { metric: 'JS echo p99 (ms)', s: summary.stdioJs.p99, digits: 3 },
      { metric: 'WAT echo p50 (ms)', s: summary.stdioWat.p50, digits: 3 },
      { metric: 'WAT echo p99 (ms)', s: summary.stdioWat.p99, digits: 3 },
      { metric: 'JS server CPU per call (ms)', s: summary.stdioJs.cpuPerCall, digits: 3 },
      { metric: 'WAT server CPU per call (ms)', s: summary.stdioWat.cpuPerCall, digits: 3 },
      { metric: 'JS server RSS after the calls (MB)', s: summary.stdioJs.rss, digits: 1 },
    ]));
  }
  if (ONLY.has('http')) {
    md.push(tableFor(`Streamable HTTP, ${N.httpClients} concurrent clients, ${N.httpSeconds} s (JS component; 2025: sessions, ${MODERN}: stateless)`, [
      { metric: 'calls/s', s: summary.http.cps, digits: 0 },
      { metric: 'server CPU per call (ms)', s: summary.http.cpuPerCall, digits: 3 },
      { metric: 'server RSS after (MB)', s: summary.http.rss, digits: 1 },
    ]));
  }
  if (ONLY.has('cold')) {
    md.push(tableFor(`cold start, spawn → first tools/list answered, warm cache (JS component; median of ${N.cold} per round)`, [
      { metric: 'cold start (ms)', s: summary.cold, digits: 0 },
    ]));
  }
  const loads = rounds.map((r) => r.loadAtStart);
  md.push(
    `Each cell: median over ${N.rounds} interleaved rounds (min–max of the per-round values); ratios are computed per round against old. ` +
      `old = ${trees.old.commit} (@modelcontextprotocol/sdk ${trees.old.sdk['@modelcontextprotocol/sdk']}, zod ${trees.old.sdk.zod}), ` +
      `new = ${trees.new.commit} (@modelcontextprotocol/server ${trees.new.sdk['@modelcontextprotocol/server']}, zod ${trees.new.sdk.zod}); ` +
      `the same .wasm files for both. ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${machine.date.slice(0, 16)}Z; ` +
      `1-min load average ${load.atStart} at start${load.waitedSeconds ? ` (after waiting ${load.waitedSeconds} s; it was ${load.before})` : ''}` +
      `${load.over ? `, above ${load.max}: noisy` : ''}, ${Math.min(...loads)}–${Math.max(...loads)} at the rounds' starts, ${machine.loadAtEnd} at the end. ` +
      `\`${command}\`, ${((now() - t0) / 1000).toFixed(0)} s.`,
  );
  console.log(`\n${md.join('\n\n')}\n`);

  if (!opts['no-write']) {
    const results = { command, machine, trees, components: built, parameters: N, rounds, summary };
    mkdirSync(dirname(RESULTS), { recursive: true });
    const round = (_key, v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v);
    writeFileSync(`${RESULTS}.tmp`, `${JSON.stringify(results, round, 2)}\n`);
    renameSync(`${RESULTS}.tmp`, RESULTS);
    note(`wrote ${relative(NEW_ROOT, RESULTS)}`);
  }
}

main().catch((err) => {
  console.error(`eras: ${err.stack ?? err}`);
  process.exit(1);
});
