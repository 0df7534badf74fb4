#!/usr/bin/env node
/**
 * Where the protocol layer's time goes, old tree against new: runs one
 * tree's `mcp-host run` under `node --cpu-prof` (main thread and instance
 * worker each write a profile), drives a fixed number of echo calls and
 * summarizes the profiles with bench/profile-summary.mjs.
 *
 *   node bench/eras-profile.mjs --old <old-tree> --tree old|new --mode stdio|stdio26|http|http26 [--calls 3000] [--top 25] [--match text]
 *
 * Uses the components bench/eras.mjs built (bench/.build/eras/bench.wasm)
 * and its per-tree caches. http: 8 v1 clients (2025 sessions); http26: 8 v2
 * clients pinned to 2026-07-28 (stateless); stdio: one v1 client; stdio26:
 * one v2 client pinned to 2026-07-28.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioV1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StdioClientTransport as StdioV2 } from '@modelcontextprotocol/client/stdio';
import { StreamableHTTPClientTransport as HttpV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as ClientV2, StreamableHTTPClientTransport as HttpV2 } from '@modelcontextprotocol/client';
import { summarize } from './profile-summary.mjs';

const USAGE = 'usage: node bench/eras-profile.mjs --old <old-tree> --tree old|new --mode stdio|stdio26|http|http26 [--calls 3000] [--top 25] [--match text]';
const { values: o } = parseArgs({
  options: {
    old: { type: 'string' },
    tree: { type: 'string', default: 'new' },
    mode: { type: 'string', default: 'stdio' },
    calls: { type: 'string', default: '3000' },
    top: { type: 'string', default: '25' },
    match: { type: 'string' },
  },
});
if (!o.old || !['old', 'new'].includes(o.tree) || !['stdio', 'stdio26', 'http', 'http26'].includes(o.mode) || (o.tree === 'old' && o.mode.endsWith('26'))) {
  console.error(USAGE);
  process.exit(2);
}
const BENCH = dirname(fileURLToPath(import.meta.url));
const root = o.tree === 'old' ? resolve(o.old) : dirname(BENCH);
const wasm = join(BENCH, '.build', 'eras', 'bench.wasm');
if (!existsSync(wasm)) throw new Error('bench/.build/eras/bench.wasm is missing: run bench/eras.mjs first');
const dir = join(BENCH, '.build', 'profiles', `eras-${o.tree}-${o.mode}`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const command = [ '--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200', join(root, 'dist', 'cli', 'main.js'), 'run', wasm];
const env = { ...process.env, MCP_HOST_CACHE_DIR: join(BENCH, '.build', 'eras', `cache-${o.tree}`) };
const calls = Number(o.calls);
const echo = { name: 'echo', arguments: { text: 'hello' } };

/** The SDK v2 stdio transport spawns a second, probe-only server unless subclassed. */
class InPlace extends StdioV2 {}

if (o.mode.startsWith('stdio')) {
  const spec = { command: process.execPath, args: command, env, stderr: 'inherit' };
  const modern = o.mode === 'stdio26';
  const client = modern ? new ClientV2({ name: 'eras-profile', version: '1' }, { capabilities: {}, versionNegotiation: { mode: { pin: '2026-07-28' } } }) : new ClientV1({ name: 'eras-profile', version: '1' });
  await client.connect(modern ? new InPlace(spec) : new StdioV1(spec));
  const t = performance.now();
  for (let i = 0; i < calls; i++) await client.callTool(echo);
  console.log(`${o.tree} ${o.mode}: ${calls} calls, ${((performance.now() - t) / calls).toFixed(3)} ms each`);
  await client.close(); // ends stdin: the server exits and writes its profiles
} else {
  const child = spawn(process.execPath, [...command, '--http', '127.0.0.1:0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise((res, rej) => {
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c) => {
      err += c;
      const m = /serving .* on (http:\/\/\S+\/mcp)/.exec(err);
      if (m) res(m[1]);
    });
    child.once('exit', (code) => rej(new Error(`exited ${code}: ${err}`)));
  });
  const clients = [];
  for (let i = 0; i < 8; i++) {
    const modern = o.mode === 'http26';
    const c = modern ? new ClientV2({ name: `p${i}`, version: '1' }, { capabilities: {}, versionNegotiation: { mode: { pin: '2026-07-28' } } }) : new ClientV1({ name: `p${i}`, version: '1' });
    await c.connect(modern ? new HttpV2(new URL(url)) : new HttpV1(new URL(url)));
    clients.push(c);
  }
  const t = performance.now();
  await Promise.all(clients.map(async (c) => { for (let i = 0; i < calls / 8; i++) await c.callTool(echo); }));
  console.log(`${o.tree} ${o.mode}: ${calls} calls by 8 clients, ${(calls / ((performance.now() - t) / 1000)).toFixed(0)} calls/s`);
  for (const c of clients) { await c.transport?.terminateSession?.().catch(() => {}); await c.close().catch(() => {}); }
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM'); // the host exits on SIGTERM, which writes the profiles
  await exited;
}
await new Promise((r) => setTimeout(r, 300));
for (const f of readdirSync(dir).sort()) console.log(`\n${summarize(join(dir, f), { top: Number(o.top), match: o.match })}`);
