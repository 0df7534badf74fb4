#!/usr/bin/env node
/**
 * What initialize requests the transport refuses (406: no text/event-stream
 * in Accept) leave behind in `mcp-host run --http`: its RSS and thread count
 * before and after n of them (each instance is a worker thread).
 *
 *   npm run build && node bench/refused-initialize.mjs test/.build/notes.wasm per-session 20
 *   node bench/refused-initialize.mjs test/.build/notes.wasm shared 2000
 *
 * A fourth argument runs another build of the CLI (e.g. an older dist/cli/main.js).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const [component, instances = 'per-session', count = '20', cli = join(ROOT, 'dist', 'cli', 'main.js')] = process.argv.slice(2);
if (!component) {
  console.error('usage: node bench/refused-initialize.mjs <component.wasm> [shared|per-session|pool:N] [n] [cli]');
  process.exit(2);
}

const child = spawn(process.execPath, [cli, 'run', component, '--http', '127.0.0.1:0', '--instances', instances], { stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
child.stderr.on('data', (chunk) => (stderr += chunk));
const url = await new Promise((resolve, reject) => {
  child.stderr.on('data', () => {
    const m = / on (http:\/\/\S+\/mcp)/.exec(stderr);
    if (m) resolve(m[1]);
  });
  child.once('exit', () => reject(new Error(stderr)));
});
const rss = () => Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024);
const threads = () => readdirSync(`/proc/${child.pid}/task`).length;
const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));
const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '0' } } });

await settle();
console.log(`${instances}: before: ${rss()} MiB, ${threads()} threads`);
const started = performance.now();
for (let i = 0; i < Number(count); i++) {
  await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: initialize });
}
const seconds = (performance.now() - started) / 1000;
await settle();
console.log(`${instances}: after ${count} refused initializes (${seconds.toFixed(1)} s): ${rss()} MiB, ${threads()} threads`);
child.kill('SIGKILL');
