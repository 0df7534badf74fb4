#!/usr/bin/env node
/**
 * mcp-host vs a native MCP SDK server, in one run on this machine.
 *
 *   npm run bench            (= npm run build && node --expose-gc bench/run.mjs)
 *
 * Five servers with the same tools (echo, big, sink):
 *   native  bench/native-server.mjs (SDK McpServer) under Node;
 *   v2      bench/native-server-v2.mjs: the same on SDK v2 (the SDK mcp-host
 *           serves with), stdio only: what the SDK's own cost is;
 *   js      bench/component/server.ts built into a component, `mcp-host run`;
 *   wat     components/wat/server.wat (echo only: no language runtime), `mcp-host run`;
 *   deno    bench/native-server.mjs under Deno (npm package `deno`), with no
 *           permission but reading this checkout: what a TypeScript user who
 *           only wants a sandbox would pick instead.
 *
 * Every figure is measured in interleaved rounds (default 3): each round
 * measures every server in turn (the order reversed every other round), so
 * drift in the machine's load hits all alike. Reported: the median of the
 * per-round figures; ratio = the median of the per-round ratios to native;
 * spread = min–max of those ratios. Prints the table, writes
 * bench/results/latest.json and rewrites the block between
 * `<!-- bench:start -->` and `<!-- bench:end -->` in README.md.
 *
 * Options: --quick (fewer repetitions, for trying the harness out; results
 * are not written), --no-readme (do not touch README.md: the block is
 * printed instead), --rounds N (at least 3), --report [FILE] (measure
 * nothing: the table and block again from a results file, by default
 * bench/results/latest.json), --cli PATH (measure another build of mcp-host,
 * e.g. an older checkout's dist/cli/main.js, for a before/after: nothing is
 * written).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { connectStdio, cpuMs, gc, median, now, percentile, rss, run, sleep, slope, spread, startHttpServer } from './lib.mjs';
import { RawClient } from './raw-client.mjs';
import { checkGoals, heads, KIND_LABELS, markdownTable, metrics, printTable, summarize, tableRows } from './report.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const BUILD = join(BENCH, '.build');
const NATIVE = join(BENCH, 'native-server.mjs');
const NATIVE_V2 = join(BENCH, 'native-server-v2.mjs');
const COMPONENT_SRC = join(BENCH, 'component', 'server.ts');
const WASM = join(BUILD, 'bench.wasm');
const WAT_SRC = join(ROOT, 'components', 'wat', 'server.wat');
const WAT_WASM = join(BUILD, 'wat.wasm');
const CACHES = join(BUILD, 'cache');
const WARM_CACHE = join(CACHES, 'warm');
const RESULTS = join(BENCH, 'results', 'latest.json');
const README = join(ROOT, 'README.md');
const START_MARK = '<!-- bench:start -->';
const END_MARK = '<!-- bench:end -->';

const args = process.argv.slice(2);
const argv = new Set(args);
const cliAt = args.indexOf('--cli');
const CLI = cliAt === -1 ? join(ROOT, 'dist', 'cli', 'main.js') : args[cliAt + 1];
if (!CLI || !existsSync(CLI)) throw new Error(`--cli ${CLI ?? ''}: no such file (give the path of an mcp-host build's dist/cli/main.js)`);
const QUICK = argv.has('--quick');
/** Another build's figures are for comparing, never the record. */
const OTHER_BUILD = cliAt !== -1;
const roundsAt = args.indexOf('--rounds');
const ROUNDS = roundsAt === -1 ? 3 : Number(args[roundsAt + 1]);
if (!Number.isInteger(ROUNDS) || ROUNDS < 3) throw new Error('--rounds takes a whole number, at least 3');
const N = {
  rounds: ROUNDS,
  coldPerRound: QUICK ? 1 : 3, // cold starts per server and round (the round's figure is their median)
  warmup: QUICK ? 150 : 300, // sequential echo calls before the measured ones (SDK and raw client)
  measured: QUICK ? 600 : 3000,
  total: QUICK ? 3000 : 10_000, // SDK-client calls per session, for the RSS-over-calls figures
  inFlight: 64,
  inFlightWarmupSeconds: QUICK ? 0.2 : 0.5,
  inFlightSeconds: QUICK ? 0.6 : 2,
  big1MBWarmup: QUICK ? 1 : 2,
  big1MB: QUICK ? 3 : 10,
  big10MBWarmup: QUICK ? 0 : 1,
  big10MB: QUICK ? 1 : 3, // few: the native server's SDK reader is quadratic in a line's chunks (4+ s for 10 MB under Deno)
  httpClients: 8,
  httpWarmupSeconds: QUICK ? 0.5 : 1,
  httpSeconds: QUICK ? 1 : 4,
  addedSessions: QUICK ? 3 : 8, // sessions opened after the first, for the per-session RSS slope
};
const MB = 1_000_000;

const note = (line) => process.stderr.write(`bench: ${line}\n`);
const textOf = (result) => result.content?.[0]?.text;

// ---------------------------------------------------------------- servers

/** The Deno binary the `deno` devDependency installs (its platform package), else a `deno` on PATH, else null. */
function denoBinary() {
  try {
    return createRequire(import.meta.url)('deno/install_api.cjs').runInstall();
  } catch {
    return spawnSync('deno', ['--version'], { stdio: 'ignore' }).status === 0 ? 'deno' : null;
  }
}

/** Deno reads this checkout and nothing else: no env, net, write, run or ffi (the node_modules it resolves through, if that is a link elsewhere). */
function denoReadable() {
  const modules = join(ROOT, 'node_modules');
  const real = existsSync(modules) ? realpathSync(modules) : modules;
  return [ROOT, ...(real === modules ? [] : [real])].join(',');
}

const hostEnv = (cacheDir) => ({ ...process.env, MCP_HOST_CACHE_DIR: cacheDir });

/** How to start each server over stdio; `cacheDir` only matters to mcp-host. */
function serverKinds(deno) {
  const kinds = {
    native: { stdio: () => ({ command: process.execPath, args: [NATIVE], env: { ...process.env } }), payloads: true, http: () => [NATIVE, '--http', '0'] },
    v2: { stdio: () => ({ command: process.execPath, args: [NATIVE_V2], env: { ...process.env } }), payloads: true },
    js: { stdio: (cache = WARM_CACHE) => ({ command: process.execPath, args: [CLI, 'run', WASM], env: hostEnv(cache) }), payloads: true, http: () => [CLI, 'run', WASM, '--http', '127.0.0.1:0'], firstStart: true },
    wat: { stdio: (cache = WARM_CACHE) => ({ command: process.execPath, args: [CLI, 'run', WAT_WASM], env: hostEnv(cache) }), payloads: false, http: () => [CLI, 'run', WAT_WASM, '--http', '127.0.0.1:0'], firstStart: true },
  };
  if (deno) {
    kinds.deno = {
      stdio: () => ({
        command: deno,
        args: ['run', '--no-prompt', `--allow-read=${denoReadable()}`, NATIVE],
        env: { ...process.env, DENO_DIR: join(BUILD, 'deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      }),
      payloads: true,
    };
  }
  return kinds;
}

// ---------------------------------------------------------------- measurements

async function measureBuild() {
  mkdirSync(BUILD, { recursive: true });
  const timedBuild = async (source, out) => {
    rmSync(out, { force: true });
    const started = now();
    await run(process.execPath, [CLI, 'build', source, '-o', out], { cwd: ROOT });
    return { seconds: (now() - started) / 1000, componentMB: statSync(out).size / MB };
  };
  return { js: await timedBuild(COMPONENT_SRC, WASM), wat: await timedBuild(WAT_SRC, WAT_WASM) };
}

async function coldStart(spec) {
  const s = await connectStdio(spec);
  await s.client.close();
  return s.ms;
}

/** Echo's answer, whichever server: the WAT component answers with its arguments as JSON. */
function echoed(kind, result) {
  const text = textOf(result);
  return kind === 'wat' ? JSON.parse(text).text : text;
}

/** One SDK-client session: RSS after start, echo latency, RSS over N.total calls. */
async function sdkSession(kind, spec) {
  const s = await connectStdio(spec);
  const { client, pid } = s;
  try {
    const first = echoed(kind, await client.callTool({ name: 'echo', arguments: { text: 'héllo' } }));
    if (first !== 'héllo') throw new Error(`${kind}: echo answered ${JSON.stringify(first)}`);
    await sleep(300);
    const afterStart = rss(pid).rssMB;
    const latencies = [];
    const checkpoints = [];
    gc();
    for (let i = 0; i < N.total; i++) {
      const t = now();
      await client.callTool({ name: 'echo', arguments: { text: 'hello' } });
      const dt = now() - t;
      if (i >= N.warmup && i < N.warmup + N.measured) latencies.push(dt);
      if ((i + 1) % 500 === 0) checkpoints.push({ calls: i + 1, rssMB: Math.round(rss(pid).rssMB * 10) / 10 });
    }
    await sleep(300);
    // RSS growth robust to the GC's sawtooth: the median of the last four checkpoints
    // against the median of the four from call 1,000 (after warm-up and JIT tiering).
    const early = median(checkpoints.filter((c) => c.calls >= 1000).slice(0, 4).map((c) => c.rssMB));
    const late = median(checkpoints.slice(-4).map((c) => c.rssMB));
    return {
      values: { echoSdkP50: percentile(latencies, 50), echoSdkP99: percentile(latencies, 99), rssStart: afterStart, rssCalls: rss(pid).rssMB, rssGrowth: (late / early - 1) * 100 },
      details: { checkpoints },
    };
  } catch (err) {
    throw new Error(`${kind}: ${err.message}\n${s.log.join('\n')}`);
  } finally {
    await client.close();
  }
}

/** One raw-client session: echo latency, 64 calls in flight, then the 1 MB and 10 MB payloads. */
async function rawSession(kind, spec, payloads) {
  const c = await RawClient.connect(spec);
  try {
    const latencies = [];
    let cpu0;
    for (let i = 0; i < N.warmup + N.measured; i++) {
      if (i === N.warmup) cpu0 = cpuMs(c.pid);
      const t = now();
      await c.callTool('echo', { text: 'hello' });
      if (i >= N.warmup) latencies.push(now() - t);
    }
    const cpuEcho = ((cpuMs(c.pid) - cpu0) / N.measured) * 1000;
    await c.inFlight(N.inFlight, N.inFlightWarmupSeconds, 'echo', { text: 'hello' });
    gc();
    const cpu1 = cpuMs(c.pid);
    const flight = await c.inFlight(N.inFlight, N.inFlightSeconds, 'echo', { text: 'hello' });
    const cpuInFlight = ((cpuMs(c.pid) - cpu1) / flight.calls) * 1000;
    const values = { echoRawP50: percentile(latencies, 50), cpuEcho, inFlight64: flight.callsPerSecond, cpuInFlight };
    if (!payloads) return { values, details: { inFlight: flight } };

    const timed = async ([warmup, reps], name, args, expect) => {
      const xs = [];
      for (let i = 0; i < warmup + reps; i++) {
        gc();
        const t = now();
        const result = await c.callTool(name, args);
        const dt = now() - t;
        if (!expect(textOf(result))) throw new Error(`${kind}: ${name} answered wrong (${textOf(result)?.length} chars)`);
        if (i >= warmup) xs.push(dt);
      }
      return median(xs);
    };
    for (const [size, reps] of [[MB, [N.big1MBWarmup, N.big1MB]], [10 * MB, [N.big10MBWarmup, N.big10MB]]]) {
      const tag = size === MB ? '1MB' : '10MB';
      values[`result${tag}`] = await timed(reps, 'big', { bytes: size }, (t) => t?.length === size);
      const data = 'x'.repeat(size);
      values[`arg${tag}`] = await timed(reps, 'sink', { data }, (t) => t === String(size));
    }
    values.rssPeak = rss(c.pid).hwmMB;
    return { values, details: { inFlight: flight } };
  } catch (err) {
    throw new Error(`${kind}: ${err.message}\n${c.log.join('\n')}`);
  } finally {
    await c.close();
  }
}

async function httpSession(url, name) {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

async function closeAll(clients) {
  for (const c of clients) {
    await c.transport?.terminateSession?.().catch(() => {});
    await c.close().catch(() => {});
  }
}

/** N.httpClients sessions calling echo back to back for N.httpSeconds. */
async function httpThroughput(kind, args) {
  const server = await startHttpServer(kind, args, hostEnv(WARM_CACHE));
  const clients = [];
  try {
    for (let i = 0; i < N.httpClients; i++) clients.push(await httpSession(server.url, `mcp-host-bench-${i}`));
    const loop = async (client, until) => {
      let n = 0;
      while (now() < until) {
        await client.callTool({ name: 'echo', arguments: { text: 'hello' } });
        n++;
      }
      return n;
    };
    await Promise.all(clients.map((c) => loop(c, now() + N.httpWarmupSeconds * 1000)));
    gc();
    const started = now();
    const counts = await Promise.all(clients.map((c) => loop(c, started + N.httpSeconds * 1000)));
    const seconds = (now() - started) / 1000;
    return { values: { http8: counts.reduce((a, b) => a + b, 0) / seconds } };
  } finally {
    await closeAll(clients);
    await server.stop();
  }
}

/**
 * RSS per added HTTP session: mcp-host with `--instances per-session` (an
 * instance, worker thread and all, per session: VmRSS covers the threads),
 * native with its server and transport per session. The first session pays
 * what sessions share; the slope over it and N.addedSessions more is what
 * one more costs. Each session makes a call, so its instance exists.
 */
async function perSessionRss(kind, args) {
  const perSession = kind === 'native' ? args : [...args, '--instances', 'per-session'];
  const server = await startHttpServer(kind, perSession, hostEnv(WARM_CACHE));
  const clients = [];
  const points = [];
  try {
    for (let i = 0; i <= N.addedSessions; i++) {
      const client = await httpSession(server.url, `mcp-host-bench-session-${i}`);
      clients.push(client);
      const answer = echoed(kind, await client.callTool({ name: 'echo', arguments: { text: `s${i}` } }));
      if (answer !== `s${i}`) throw new Error(`${kind}: session ${i} echo answered ${JSON.stringify(answer)}`);
      await sleep(150);
      points.push({ x: i + 1, y: rss(server.pid).rssMB });
    }
    return { values: { perSessionMB: slope(points) }, details: { sessionsRssMB: points.map((p) => Math.round(p.y * 10) / 10) } };
  } finally {
    await closeAll(clients);
    await server.stop();
  }
}

// ---------------------------------------------------------------- rounds

/** Page in node, the SDK, Deno and both components, and fill the transpile cache. */
async function warmUp(kinds) {
  rmSync(CACHES, { recursive: true, force: true });
  for (const kind of Object.values(kinds)) await coldStart(kind.stdio());
}

async function measureRound(round, kinds) {
  const order = round % 2 ? Object.keys(kinds).reverse() : Object.keys(kinds);
  const values = Object.fromEntries(order.map((k) => [k, {}]));
  const details = Object.fromEntries(order.map((k) => [k, {}]));
  const record = (kind, out) => {
    Object.assign(values[kind], out.values);
    Object.assign(details[kind], out.details ?? {});
  };
  const loadAtStart = os.loadavg()[0];
  const phaseSeconds = {};
  let mark = now();
  const phase = (name) => {
    phaseSeconds[name] = Math.round((now() - mark) / 100) / 10;
    mark = now();
  };

  const cold = Object.fromEntries(order.map((k) => [k, []]));
  for (let i = 0; i < N.coldPerRound; i++) for (const k of order) cold[k].push(await coldStart(kinds[k].stdio()));
  for (const k of order) record(k, { values: { coldWarm: median(cold[k]) }, details: { coldMs: cold[k] } });
  for (const k of order.filter((x) => kinds[x].firstStart)) {
    const empty = join(CACHES, `empty-${round}-${k}`);
    record(k, { values: { coldEmpty: await coldStart(kinds[k].stdio(empty)) } });
    rmSync(empty, { recursive: true, force: true });
  }
  phase('coldStarts');
  for (const k of order) {
    gc();
    record(k, await sdkSession(k, kinds[k].stdio()));
  }
  phase('sdkSessions');
  for (const k of order) {
    gc();
    record(k, await rawSession(k, kinds[k].stdio(), kinds[k].payloads));
  }
  phase('rawSessions');
  for (const k of order.filter((x) => kinds[x].http)) {
    gc();
    record(k, await httpThroughput(k, kinds[k].http()));
  }
  phase('httpThroughput');
  for (const k of order.filter((x) => kinds[x].http)) record(k, await perSessionRss(k, kinds[k].http()));
  phase('perSessionRss');
  return { round: round + 1, order, loadAverage: [loadAtStart, os.loadavg()[0]].map((x) => Math.round(x * 100) / 100), phaseSeconds, values, details };
}

// ---------------------------------------------------------------- main

function markdown(r, table, head) {
  const m = r.machine;
  const kinds = Object.keys(head)
    .filter((c) => KIND_LABELS[c] && c !== 'native')
    .map((c) => KIND_LABELS[c]);
  return [
    START_MARK,
    ...markdownTable(table, head),
    '',
    `Produced by \`npm run bench\` (\`node --expose-gc bench/run.mjs\`) on ${m.date.slice(0, 10)}: ${m.cpus} × ${m.cpuModel}, ` +
      `${m.memoryGB} GB, ${m.platform}, Node ${m.node}${r.deno ? `, Deno ${r.deno}` : ''}; load average ${m.loadAverageAtStart[0]} at start, ${m.loadAverageAtEnd[0]} at the end. ` +
      `Native is bench/native-server.mjs (SDK \`McpServer\`) under Node, native on SDK v2 bench/native-server-v2.mjs; ${kinds.join(', ')} serve the same tools ` +
      `(the WAT component has echo only). ${r.parameters.rounds} interleaved rounds: each figure is the median of the rounds' figures, ` +
      `ratio is the median of the per-round ratios to native and (spread) their min–max. Full figures: bench/results/latest.json.`,
    END_MARK,
  ].join('\n');
}

/** Build, warm up and run the rounds: the raw figures, per round. */
async function measure() {
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
  const denoPath = denoBinary();
  const deno = denoPath ? (await run(denoPath, ['--version'])).split(/\s+/)[1] : undefined;
  if (!denoPath) note('no Deno (the `deno` devDependency: npm ci installs it): the Deno column is left out');

  note('building the bench components with `mcp-host build`…');
  const build = await measureBuild();
  note(`built ${build.js.componentMB.toFixed(1)} MB in ${build.js.seconds.toFixed(1)} s, WAT ${(build.wat.componentMB * 1000).toFixed(1)} KB in ${build.wat.seconds.toFixed(1)} s`);
  const kinds = serverKinds(denoPath);
  await warmUp(kinds);

  const rounds = [];
  for (let i = 0; i < N.rounds; i++) {
    const started = now();
    rounds.push(await measureRound(i, kinds));
    const v = rounds.at(-1).values;
    const s = (key, d) => Object.keys(kinds).map((k) => `${k} ${v[k][key]?.toFixed(d) ?? '—'}`).join(', ');
    const phases = Object.entries(rounds.at(-1).phaseSeconds).map(([k, x]) => `${k} ${x}`).join(', ');
    note(`round ${i + 1}/${N.rounds} in ${((now() - started) / 1000).toFixed(0)} s (${phases}; load ${rounds.at(-1).loadAverage.join(' → ')}): echo p50 raw ${s('echoRawP50', 3)} ms; 64 in flight ${s('inFlight64', 0)} calls/s`);
  }
  machine.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  return { machine, command: 'npm run bench', deno, kinds: Object.keys(kinds), parameters: N, build, rounds, seconds: (now() - t0) / 1000 };
}

/** The summary and the goals from the rounds (again, for --report: so a results file can be re-read by newer report code). */
function summarizeResults(results) {
  const list = metrics(results.parameters);
  const kindNames = results.kinds ?? Object.keys(results.rounds[0].values);
  const summary = summarize(results.rounds, kindNames, list);
  // One build each, not per round: a figure of the build, not a ratio.
  const { js, wat } = results.build;
  summary.buildSeconds = { js: spread([js.seconds]), wat: spread([wat.seconds]) };
  summary.componentMB = { js: spread([js.componentMB]), wat: spread([wat.componentMB]) };
  const goals = checkGoals(summary);
  const head = heads(kindNames);
  return { summary, goals, head, table: tableRows(summary, kindNames, list, goals) };
}

async function main() {
  const reportAt = args.indexOf('--report');
  const fromFile = reportAt !== -1;
  const file = fromFile && args[reportAt + 1] && !args[reportAt + 1].startsWith('--') ? args[reportAt + 1] : RESULTS;
  const measured = fromFile ? JSON.parse(readFileSync(file, 'utf8')) : await measure();
  if (!Array.isArray(measured.rounds)) throw new Error('not a results file of this bench: it has no rounds');
  const { summary, goals, head, table } = summarizeResults(measured);
  const results = { ...measured, summary, goals };
  const m = results.machine;

  console.log('');
  printTable(table, head);
  console.log(`\n(${results.parameters.rounds} rounds; ratio = median of per-round ratios to native (min–max); ${m.cpus} CPUs, Node ${m.node}, load ${m.loadAverageAtStart[0]} → ${m.loadAverageAtEnd[0]}, ${results.seconds.toFixed(0)} s)`);
  const block = markdown(results, table, head);

  if (QUICK || OTHER_BUILD) {
    note(`${QUICK ? '--quick' : '--cli'}: results not written`);
    if (argv.has('--no-readme')) console.log(`\n${block}\n`);
    return;
  }
  if (!fromFile) {
    mkdirSync(dirname(RESULTS), { recursive: true });
    const round = (_key, v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v);
    // Raw figures first, the summary after: the rounds are the record, the rest is derived from them.
    const ordered = { machine: results.machine, command: results.command, deno: results.deno, kinds: results.kinds, parameters: results.parameters, build: results.build, summary, goals, rounds: results.rounds, seconds: results.seconds };
    writeFileSync(`${RESULTS}.tmp`, `${JSON.stringify(ordered, round, 2)}\n`);
    renameSync(`${RESULTS}.tmp`, RESULTS);
    note(`wrote ${relative(ROOT, RESULTS)}`);
  }

  if (argv.has('--no-readme')) {
    console.log(`\n${block}\n`);
    return;
  }
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
