#!/usr/bin/env node
/**
 * mcp-host vs a native MCP SDK server, in one run on this machine.
 *
 *   npm run bench            (= npm run build && node --expose-gc bench/run.mjs)
 *
 * Serves the same three tools (echo, big, sink) from bench/native-server.mjs
 * (McpServer, plain Node) and from bench/component/server.ts built into a
 * component and run with `mcp-host run`, drives both with the SDK client,
 * prints a table of absolute figures and ratios (mcp-host / native), writes
 * bench/results/latest.json and rewrites the block between
 * `<!-- bench:start -->` and `<!-- bench:end -->` in README.md (printed to
 * stdout instead when the markers are missing).
 *
 * Options: --quick (fewer repetitions, for trying the harness out; results
 * are not written), --no-readme (do not touch README.md).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { connectStdio, gc, median, now, percentile, rss, run, sleep, startHttpServer } from './lib.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const BUILD = join(BENCH, '.build');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const NATIVE = join(BENCH, 'native-server.mjs');
const COMPONENT_SRC = join(BENCH, 'component', 'server.ts');
const WASM = join(BUILD, 'bench.wasm');
// The same host serving a component with no language runtime in it.
const WAT_SRC = join(ROOT, 'components', 'wat', 'server.wat');
const WAT_WASM = join(BUILD, 'wat.wasm');
const RESULTS = join(BENCH, 'results', 'latest.json');
const README = join(ROOT, 'README.md');
const START_MARK = '<!-- bench:start -->';
const END_MARK = '<!-- bench:end -->';

const argv = new Set(process.argv.slice(2));
const QUICK = argv.has('--quick');
const N = {
  coldNative: QUICK ? 2 : 7,
  coldWarm: QUICK ? 2 : 7,
  coldFirst: QUICK ? 1 : 3,
  warmup: QUICK ? 200 : 300,
  measured: QUICK ? 1000 : 3000,
  total: QUICK ? 3000 : 10_000,
  bigWarmup: 3,
  big: QUICK ? 5 : 20,
  httpClients: 8,
  httpSeconds: QUICK ? 2 : 5,
};
const MB = 1_000_000;

// ---------------------------------------------------------------- helpers

const note = (line) => process.stderr.write(`bench: ${line}\n`);

/**
 * RSS growth over the calls, robust to the GC's sawtooth: the median RSS of
 * the last four checkpoints (every 500 calls) against the median of the four
 * from call 1,000 (after warm-up and JIT tiering).
 */
function rssGrowth(checkpoints) {
  const from = checkpoints.filter((c) => c.calls >= 1000).slice(0, 4).map((c) => c.rssMB);
  const to = checkpoints.slice(-4).map((c) => c.rssMB);
  const early = median(from);
  const late = median(to);
  return { earlyMB: early, lateMB: late, ratio: late / early - 1 };
}

const textOf = (result) => result.content?.[0]?.text;

// ---------------------------------------------------------------- servers

/** How to start each server over stdio; `cacheDir` only matters to mcp-host. */
const servers = {
  native: () => ({ command: process.execPath, args: [NATIVE], env: { ...process.env } }),
  host: (cacheDir, component = WASM) => ({
    command: process.execPath,
    args: [CLI, 'run', component],
    env: { ...process.env, MCP_HOST_CACHE_DIR: cacheDir },
  }),
};

async function coldStart(spec) {
  const s = await connectStdio(spec);
  await s.client.close();
  return s.ms;
}

/** Start a server with `--http 127.0.0.1:0`, wait for the "serving … on URL" line. */
async function startHttp(kind, cacheDir) {
  const args = kind === 'native' ? [NATIVE, '--http', '0'] : [CLI, 'run', WASM, '--http', '127.0.0.1:0'];
  return startHttpServer(kind, args, kind === 'native' ? process.env : { ...process.env, MCP_HOST_CACHE_DIR: cacheDir });
}

// ---------------------------------------------------------------- measurements

async function measureBuild() {
  mkdirSync(BUILD, { recursive: true });
  const timedBuild = async (source, out) => {
    rmSync(out, { force: true });
    const started = now();
    await run(process.execPath, [CLI, 'build', source, '-o', out], { cwd: ROOT });
    return { seconds: (now() - started) / 1000, bytes: statSync(out).size };
  };
  const js = await timedBuild(COMPONENT_SRC, WASM);
  const wat = await timedBuild(WAT_SRC, WAT_WASM);
  return { seconds: js.seconds, componentMB: js.bytes / MB, wat: { seconds: wat.seconds, componentKB: wat.bytes / 1000 } };
}

async function measureColdStarts() {
  const caches = join(BUILD, 'cache');
  rmSync(caches, { recursive: true, force: true });
  const first = [];
  for (let i = 0; i < N.coldFirst; i++) {
    // An empty cache dir of its own: the transpile happens in this start.
    first.push(await coldStart(servers.host(join(caches, `first-${i}`))));
  }
  const warmDir = join(caches, 'first-0');
  const native = [];
  const warm = [];
  const wat = [];
  await coldStart(servers.native()); // page in node and the SDK once, for both
  await coldStart(servers.host(warmDir, WAT_WASM)); // and fill the cache for the WAT component
  for (let i = 0; i < Math.max(N.coldNative, N.coldWarm); i++) {
    // Alternate, so drift in the machine's load hits all alike.
    if (i < N.coldNative) native.push(await coldStart(servers.native()));
    if (i < N.coldWarm) warm.push(await coldStart(servers.host(warmDir)));
    if (i < N.coldWarm) wat.push(await coldStart(servers.host(warmDir, WAT_WASM)));
  }
  return {
    native: { medianMs: median(native), samplesMs: native },
    hostWarmCache: { medianMs: median(warm), samplesMs: warm },
    hostFirstStart: { medianMs: median(first), samplesMs: first },
    watWarmCache: { medianMs: median(wat), samplesMs: wat },
    warmDir,
  };
}

/** One stdio session: RSS after start, echo latency, RSS over N.total calls, then the 1 MB calls. */
async function measureStdio(spec) {
  const s = await connectStdio(spec);
  const { client, pid } = s;
  try {
    // Same results from both servers, or the comparison means nothing.
    const echo = textOf(await client.callTool({ name: 'echo', arguments: { text: 'héllo' } }));
    const big = textOf(await client.callTool({ name: 'big', arguments: { bytes: 10 } }));
    const sink = textOf(await client.callTool({ name: 'sink', arguments: { data: 'abc' } }));
    if (echo !== 'héllo' || big !== 'xxxxxxxxxx' || sink !== '3') throw new Error(`unexpected results: ${JSON.stringify({ echo, big, sink })}`);

    await sleep(300);
    const afterStart = rss(pid);
    const latencies = [];
    let afterThousand;
    const checkpoints = [];
    gc();
    for (let i = 0; i < N.total; i++) {
      const t = now();
      await client.callTool({ name: 'echo', arguments: { text: 'hello' } });
      const dt = now() - t;
      if (i >= N.warmup && i < N.warmup + N.measured) latencies.push(dt);
      if (i === 999) afterThousand = rss(pid);
      if ((i + 1) % 500 === 0) checkpoints.push({ calls: i + 1, rssMB: Math.round(rss(pid).rssMB * 10) / 10 });
    }
    await sleep(300);
    const afterCalls = rss(pid);

    const timed = async (name, args, check) => {
      const xs = [];
      for (let i = 0; i < N.bigWarmup + N.big; i++) {
        gc();
        const t = now();
        const result = await client.callTool({ name, arguments: args });
        const dt = now() - t;
        check(textOf(result));
        if (i >= N.bigWarmup) xs.push(dt);
      }
      return { medianMs: median(xs), samplesMs: xs };
    };
    const bigResult = await timed('big', { bytes: MB }, (text) => {
      if (text?.length !== MB) throw new Error('big: wrong length');
    });
    const payload = 'x'.repeat(MB);
    const bigArgument = await timed('sink', { data: payload }, (text) => {
      if (text !== String(MB)) throw new Error(`sink: ${text}`);
    });
    const afterBig = rss(pid);

    return {
      echo: { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), meanMs: latencies.reduce((a, b) => a + b, 0) / latencies.length, calls: latencies.length, warmup: N.warmup },
      bigResult,
      bigArgument,
      rss: { afterStartMB: afterStart.rssMB, after1000CallsMB: afterThousand.rssMB, afterCallsMB: afterCalls.rssMB, calls: N.total, checkpoints, growth: rssGrowth(checkpoints), after1MBCallsMB: afterBig.rssMB, peakMB: afterBig.hwmMB },
    };
  } catch (err) {
    throw new Error(`${err.message}\n${s.log.join('\n')}`);
  } finally {
    await client.close();
  }
}

/** Echo latency alone (the WAT component has no `big` or `sink` tools). */
async function measureEcho(spec) {
  const s = await connectStdio(spec);
  try {
    const latencies = [];
    for (let i = 0; i < N.warmup + N.measured; i++) {
      const t = now();
      await s.client.callTool({ name: 'echo', arguments: { text: 'hello' } });
      if (i >= N.warmup) latencies.push(now() - t);
    }
    return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), calls: latencies.length };
  } finally {
    await s.client.close();
  }
}

/** N.httpClients sessions calling echo back to back for N.httpSeconds. */
async function measureHttp(kind, cacheDir) {
  const server = await startHttp(kind, cacheDir);
  const clients = [];
  try {
    for (let i = 0; i < N.httpClients; i++) {
      const client = new Client({ name: `mcp-host-bench-${i}`, version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
      clients.push(client);
    }
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
    const started = now();
    const counts = await Promise.all(clients.map((c) => loop(c, started + N.httpSeconds * 1000)));
    const seconds = (now() - started) / 1000;
    const calls = counts.reduce((a, b) => a + b, 0);
    return { clients: N.httpClients, seconds, calls, callsPerSecond: calls / seconds, rssMB: rss(server.pid).rssMB };
  } finally {
    for (const c of clients) {
      await c.transport?.terminateSession?.().catch(() => {});
      await c.close().catch(() => {});
    }
    await server.stop();
  }
}

// ---------------------------------------------------------------- report

const fmt = (v, digits) => (v === undefined || v === null || Number.isNaN(v) ? '—' : v.toFixed(digits));

function rows(r) {
  const ratio = (h, n) => h / n;
  const growth = (x) => x.growth.ratio;
  const flat = growth(r.stdio.host.rss) <= 0.1;
  const list = [
    ['cold start, warm cache (ms)', r.cold.native.medianMs, r.cold.hostWarmCache.medianMs, 0, 1.5],
    ['cold start, first ever: empty cache (ms)', r.cold.native.medianMs, r.cold.hostFirstStart.medianMs, 0],
    ['echo over stdio, p50 (ms)', r.stdio.native.echo.p50Ms, r.stdio.host.echo.p50Ms, 3, 1.5],
    ['echo over stdio, p99 (ms)', r.stdio.native.echo.p99Ms, r.stdio.host.echo.p99Ms, 3],
    ['1 MB result, median (ms)', r.stdio.native.bigResult.medianMs, r.stdio.host.bigResult.medianMs, 1, 2],
    ['1 MB argument, median (ms)', r.stdio.native.bigArgument.medianMs, r.stdio.host.bigArgument.medianMs, 1],
    [`Streamable HTTP, ${r.http.native.clients} clients (calls/s)`, r.http.native.callsPerSecond, r.http.host.callsPerSecond, 0],
    ['RSS after start (MB)', r.stdio.native.rss.afterStartMB, r.stdio.host.rss.afterStartMB, 1, 2],
    [`RSS after ${r.stdio.host.rss.calls.toLocaleString('en')} calls (MB)`, r.stdio.native.rss.afterCallsMB, r.stdio.host.rss.afterCallsMB, 1, 2],
  ].map(([metric, native, host, digits, max]) => {
    const x = ratio(host, native);
    const met = max === undefined ? undefined : x <= max;
    const goal = max === undefined ? '' : `≤ ${max}x: ${met ? 'met' : '**missed**'}`;
    return { metric, native: fmt(native, digits), host: fmt(host, digits), ratio: `${fmt(x, 2)}x`, goal, met };
  });
  const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  list.push({
    metric: `RSS growth, calls 1,000–2,500 → ${(r.stdio.host.rss.calls - 1500).toLocaleString('en')}–${r.stdio.host.rss.calls.toLocaleString('en')}`,
    native: pct(growth(r.stdio.native.rss)),
    host: pct(growth(r.stdio.host.rss)),
    ratio: '',
    goal: flat ? 'flat (≤ +10%): met' : 'flat (≤ +10%): **missed**',
    met: flat,
  });
  list.push({ metric: '`mcp-host build` (s)', native: '', host: fmt(r.build.seconds, 1), ratio: '', goal: '' });
  list.push({ metric: 'component size (MB)', native: '', host: fmt(r.build.componentMB, 1), ratio: '', goal: '' });
  return list;
}

const ratioText = (x) => `${x < 0.01 ? x.toPrecision(2) : x.toFixed(2)}x`;

/** The same host serving a component with no language runtime: what the JS engine costs. */
function kindRows(r) {
  const js = { size: r.build.componentMB * 1000, cold: r.cold.hostWarmCache.medianMs, p50: r.stdio.host.echo.p50Ms, build: r.build.seconds };
  const wat = { size: r.build.wat.componentKB, cold: r.cold.watWarmCache.medianMs, p50: r.stdio.wat.echo.p50Ms, build: r.build.wat.seconds };
  return [
    ['component size (KB)', 'size', 0],
    ['`mcp-host build` (s)', 'build', 1],
    ['cold start, warm cache (ms)', 'cold', 0],
    ['echo over stdio, p50 (ms)', 'p50', 3],
  ].map(([metric, key, digits]) => ({ metric, js: fmt(js[key], digits), wat: fmt(wat[key], digits), ratio: ratioText(wat[key] / js[key]) }));
}

const HEADS = {
  main: { metric: 'metric', native: 'native', host: 'mcp-host', ratio: 'ratio', goal: 'goal' },
  kinds: { metric: 'metric', js: 'componentize-js (bench/component)', wat: 'WAT (components/wat)', ratio: 'ratio' },
};

function markdownTable(table, head) {
  const cols = Object.keys(head);
  return [
    `| ${cols.map((c) => head[c]).join(' | ')} |`,
    `|---|${cols.slice(1).map((c) => (c === 'goal' ? '---' : '--:')).join('|')}|`,
    ...table.map((row) => `| ${cols.map((c) => row[c]).join(' | ')} |`),
  ];
}

function markdown(r, table, kinds) {
  const m = r.machine;
  return [
    START_MARK,
    ...markdownTable(table, HEADS.main),
    '',
    'The same host serving a component with no language runtime in it (hand-written WebAssembly text, no WASI), ' +
      'beside the componentize-js bench component; ratio is WAT / componentize-js:',
    '',
    ...markdownTable(kinds, HEADS.kinds),
    '',
    `Produced by \`npm run bench\` (\`node --expose-gc bench/run.mjs\`) on ${m.date.slice(0, 10)}: ${m.cpus} × ${m.cpuModel}, ` +
      `${m.memoryGB} GB, ${m.platform}, Node ${m.node}, load average ${m.loadAverageAtStart[0]} at start. Native is bench/native-server.mjs (SDK \`McpServer\`); ` +
      `ratio is mcp-host / native in the same run. Full figures: bench/results/latest.json.`,
    END_MARK,
  ].join('\n');
}

function printTable(table, head) {
  const cols = Object.keys(head);
  const all = [head, ...table].map((row) => Object.fromEntries(cols.map((c) => [c, String(row[c] ?? '').replace(/\*\*/g, '').replace(/`/g, '')])));
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(...all.map((row) => row[c].length))]));
  for (const [i, row] of all.entries()) {
    console.log(cols.map((c) => (c === 'metric' || c === 'goal' ? row[c].padEnd(width[c]) : row[c].padStart(width[c]))).join('  '));
    if (i === 0) console.log(cols.map((c) => '-'.repeat(width[c])).join('  '));
  }
}

// ---------------------------------------------------------------- main

async function main() {
  if (!existsSync(CLI)) throw new Error(`${relative(ROOT, CLI)} is missing: run npm run build first (npm run bench does)`);
  const t0 = now();
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    date: new Date().toISOString(),
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
  if (machine.loadAverageAtStart[0] > machine.cpus / 2) {
    note(`load average ${machine.loadAverageAtStart[0]} on ${machine.cpus} CPUs: other work is running, the figures will be noisy`);
  }

  note('building the bench component with `mcp-host build`…');
  const build = await measureBuild();
  note(`built ${build.componentMB.toFixed(1)} MB in ${build.seconds.toFixed(1)} s (WAT component: ${build.wat.componentKB.toFixed(1)} KB in ${build.wat.seconds.toFixed(1)} s); cold starts…`);
  const cold = await measureColdStarts();
  note(`cold start: native ${cold.native.medianMs.toFixed(0)} ms, mcp-host ${cold.hostWarmCache.medianMs.toFixed(0)} ms (warm cache), ${cold.hostFirstStart.medianMs.toFixed(0)} ms (first); stdio calls…`);
  const stdio = {};
  stdio.native = await measureStdio(servers.native());
  gc();
  stdio.host = await measureStdio(servers.host(cold.warmDir));
  gc();
  stdio.wat = { echo: await measureEcho(servers.host(cold.warmDir, WAT_WASM)) };
  note(`echo p50: native ${stdio.native.echo.p50Ms.toFixed(3)} ms, mcp-host ${stdio.host.echo.p50Ms.toFixed(3)} ms (WAT component ${stdio.wat.echo.p50Ms.toFixed(3)} ms); HTTP throughput…`);
  const http = { native: await measureHttp('native') };
  gc();
  http.host = await measureHttp('host', cold.warmDir);
  delete cold.warmDir;

  const results = {
    machine,
    command: 'npm run bench',
    parameters: N,
    build,
    cold,
    stdio,
    http,
    seconds: (now() - t0) / 1000,
  };
  machine.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const table = rows(results);
  results.ratios = Object.fromEntries(table.filter((row) => row.ratio).map((row) => [row.metric, Number.parseFloat(row.ratio)]));
  results.goals = Object.fromEntries(table.filter((row) => row.goal).map((row) => [row.metric, { goal: row.goal.replace(/:.*/, ''), met: row.met }]));

  const kinds = kindRows(results);
  console.log('');
  printTable(table, HEADS.main);
  console.log('');
  printTable(kinds, HEADS.kinds);
  console.log(`\n(${machine.cpus} CPUs, Node ${machine.node}, ${results.seconds.toFixed(0)} s)`);

  if (QUICK) {
    note('--quick: results not written');
    return;
  }
  mkdirSync(dirname(RESULTS), { recursive: true });
  const round = (_key, v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v);
  writeFileSync(`${RESULTS}.tmp`, `${JSON.stringify(results, round, 2)}\n`);
  renameSync(`${RESULTS}.tmp`, RESULTS);
  note(`wrote ${relative(ROOT, RESULTS)}`);

  const block = markdown(results, table, kinds);
  if (argv.has('--no-readme')) return;
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf(START_MARK);
  const end = readme.indexOf(END_MARK);
  if (start === -1 || end === -1 || end < start) {
    note(`README.md has no ${START_MARK} … ${END_MARK} markers: not updated. The block:`);
    console.log(`\n${block}\n`);
    return;
  }
  writeFileSync(README, readme.slice(0, start) + block + readme.slice(end + END_MARK.length));
  note('updated the bench block in README.md');
}

main().catch((err) => {
  console.error(`bench: ${err.stack ?? err}`);
  process.exit(1);
});
