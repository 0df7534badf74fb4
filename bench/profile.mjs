#!/usr/bin/env node
/**
 * Profile a server under one bench scenario: runs it with `node --cpu-prof`
 * (the main thread and every worker thread write a profile), drives it with
 * the SDK client, then summarizes the profiles (bench/profile-summary.mjs).
 *
 *   node bench/profile.mjs <scenario> [--server host|native] [--calls N] [--top N] [--match text]
 *
 * Scenarios: start (spawn → initialize → exit), echo (N echo calls, default
 * 5000), big (N calls returning 1 MB, default 30), sink (N calls with a 1 MB
 * argument, default 30). Needs bench/.build/bench.wasm (npm run bench builds
 * it) and its transpile cache in bench/.build/cache/first-0 (warm).
 * Profiles go to bench/.build/profiles/<server>-<scenario>/.
 */
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { summarize } from './profile-summary.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  if (i === -1) return fallback;
  const [, value] = args.splice(i, 2);
  return value;
};
const server = opt('--server', 'host');
const top = Number(opt('--top', 20));
const match = opt('--match');
const scenario = args[0] ?? 'echo';
const calls = Number(opt('--calls', scenario === 'echo' ? 5000 : 30));
const wasm = join(BENCH, '.build', 'bench.wasm');
const cacheDir = join(BENCH, '.build', 'cache', 'first-0');
if (server === 'host' && !existsSync(wasm)) throw new Error('bench/.build/bench.wasm is missing: run npm run bench first');

const dir = join(BENCH, '.build', 'profiles', `${server}-${scenario}`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const profArgs = ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200'];
const target = server === 'host' ? [join(ROOT, 'dist', 'cli', 'main.js'), 'run', wasm] : [join(BENCH, 'native-server.mjs')];
const transport = new StdioClientTransport({
  command: process.execPath,
  args: [...profArgs, ...target],
  env: { ...process.env, MCP_HOST_CACHE_DIR: cacheDir },
  stderr: 'inherit',
});
const client = new Client({ name: 'mcp-host-profile', version: '1.0.0' });
const started = performance.now();
await client.connect(transport);
console.log(`${server}: initialized in ${(performance.now() - started).toFixed(0)} ms (profiling slows it)`);
const call = {
  start: null,
  echo: { name: 'echo', arguments: { text: 'hello' } },
  big: { name: 'big', arguments: { bytes: 1_000_000 } },
  sink: { name: 'sink', arguments: { data: 'x'.repeat(1_000_000) } },
}[scenario];
if (call === undefined) throw new Error(`unknown scenario ${scenario}`);
if (call) {
  const t = performance.now();
  for (let i = 0; i < calls; i++) await client.callTool(call);
  console.log(`${calls} ${scenario} calls: ${((performance.now() - t) / calls).toFixed(3)} ms each`);
}
await client.close(); // ends stdin: the server exits and writes its profiles
await new Promise((r) => setTimeout(r, 300));
const { readdirSync } = await import('node:fs');
for (const f of readdirSync(dir).sort()) console.log(`\n${summarize(join(dir, f), { top, match })}`);
