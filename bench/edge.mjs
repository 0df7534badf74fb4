// Cold start to first answer: a component bundled for Workers served by workerd
// (and for Deno, by deno), against the same component under `mcp-host run --http`. Each round starts a
// fresh process and times from spawn until a 2026-07-28 tools/list is answered
// (workerd: start, compile the modules, instantiate and run the entry on the
// first request; the Node host: load, worker thread, instantiate, entry). Rounds
// alternate the two hosts. Also prints the bundle's sizes, raw and gzipped
// (Workers count the compressed upload).
//
//   npm run build && node bench/edge.mjs [rounds=5] [fixtures=wat,tools]
// (fixtures from test/.build: run the test setup or `mcp-host build` first)
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { median, now, run, sleep } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const rounds = Number(process.argv[2] ?? 5);
const fixtures = (process.argv[3] ?? 'wat,tools').split(',');
const require = createRequire(import.meta.url);
const workerd = join(dirname(require.resolve(`@cloudflare/workerd-${process.platform}-${process.arch === 'x64' ? '64' : process.arch}/package.json`)), 'bin', 'workerd');
const deno = join(dirname(require.resolve(`@deno/${process.platform}-${process.arch}${process.platform === 'linux' ? '-glibc' : ''}/package.json`)), 'deno');
const cacheDir = mkdtempSync(join(tmpdir(), 'mcp-host-bench-edge-cache-'));
const env = { PATH: process.env.PATH ?? '', MCP_HOST_CACHE_DIR: cacheDir };

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const LIST = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/list',
  params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {}, 'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '0' } } },
});
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' };

/** Spawn, then poll until tools/list is answered; ms from spawn. */
async function coldStart(command, args, cwd, port, extraEnv = {}) {
  const started = now();
  const child = spawn(command, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const url = `http://127.0.0.1:${port}/mcp`;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}:\n${err}`);
      if (now() - started > 60_000) throw new Error(`no answer in 60 s:\n${err}`);
      try {
        const res = await fetch(url, { method: 'POST', headers: HEADERS, body: LIST });
        const body = await res.text();
        if (res.status === 200 && body.includes('"tools"')) return now() - started;
      } catch {
        // not listening yet
      }
      await sleep(5);
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

for (const name of fixtures) {
  const component = join(root, 'test', '.build', `${name}.wasm`);
  const dir = join(mkdtempSync(join(tmpdir(), 'mcp-host-bench-edge-')), name);
  await run(process.execPath, [cli, 'bundle', '--target', 'workers', component, '-o', dir], { env });
  const modules = readdirSync(dir).filter((f) => f.endsWith('.js') || f.endsWith('.wasm'));
  let raw = 0;
  let gz = 0;
  for (const f of modules) {
    const bytes = readFileSync(join(dir, f));
    raw += bytes.byteLength;
    gz += gzipSync(bytes, { level: 9 }).byteLength;
    console.log(`${name}: ${f} ${(bytes.byteLength / 1024).toFixed(1)} KB (gzip ${(gzipSync(bytes, { level: 9 }).byteLength / 1024).toFixed(1)} KB)`);
  }
  console.log(`${name}: bundle ${(raw / 1024 / 1024).toFixed(2)} MB, gzip ${(gz / 1024 / 1024).toFixed(2)} MB (component ${(readFileSync(component).byteLength / 1024).toFixed(1)} KB)`);

  const denoDir = `${dir}-deno`;
  await run(process.execPath, [cli, 'bundle', '--target', 'deno', component, '-o', denoDir], { env });
  const task = JSON.parse(readFileSync(join(denoDir, 'deno.json'), 'utf8')).tasks.start.split(' ').slice(1);

  // Warm the Node host's transpile cache once: a deployed `mcp-host run` has it.
  const warm = await freePort();
  await coldStart(process.execPath, [cli, 'run', component, '--http', `127.0.0.1:${warm}`], root, warm);
  const times = { workerd: [], deno: [], node: [] };
  for (let i = 0; i < rounds; i++) {
    const p1 = await freePort();
    times.workerd.push(await coldStart(workerd, ['serve', 'workerd.capnp', '--socket-addr', `http=127.0.0.1:${p1}`], dir, p1));
    const p3 = await freePort();
    times.deno.push(await coldStart(deno, task, denoDir, p3, { PORT: String(p3), DENO_NO_UPDATE_CHECK: '1' }));
    const p2 = await freePort();
    times.node.push(await coldStart(process.execPath, [cli, 'run', component, '--http', `127.0.0.1:${p2}`], root, p2));
  }
  const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`;
  console.log(`${name}: cold start to first answer, workerd ${fmt(times.workerd)}`);
  console.log(`${name}: cold start to first answer, deno (--target deno) ${fmt(times.deno)}`);
  console.log(`${name}: cold start to first answer, mcp-host run --http ${fmt(times.node)}`);
}
