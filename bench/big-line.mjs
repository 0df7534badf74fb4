#!/usr/bin/env node
/**
 * How `mcp-host run` frames one very long stdin line: time to answer it, time
 * per 10 MiB slice (a quadratic framer gets slower slice after slice), and
 * the host's peak RSS (VmHWM).
 *
 *   npm run build && node bench/big-line.mjs test/.build/tools.wasm 10 50 -- --max-message-bytes 64M
 *
 * Each size runs in a fresh host. The line is a `ping` whose params carry
 * the padding, so what is measured is framing and parsing, not a tool; a
 * second `ping` follows it, and the time is until that one is answered (a
 * line over --max-message-bytes is refused with id null as soon as it goes
 * over, and the rest of it still has to be read off).
 * Arguments after `--` go to `mcp-host run`.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const MIB = 1024 * 1024;
const SLICE = 10 * MIB;

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const [component, ...sizes] = dash >= 0 ? argv.slice(0, dash) : argv;
const runArgs = dash >= 0 ? argv.slice(dash + 1) : [];
if (!component) {
  console.error('usage: node bench/big-line.mjs <component.wasm> [MiB ...] [-- run args]');
  process.exit(2);
}

const status = (pid, field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

async function measure(mib) {
  const child = spawn(process.execPath, [CLI, 'run', component, ...runArgs], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map();
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line);
    // A refused line has id null: it answers the long line.
    waiting.get(message.id ?? 1)?.(message);
  });
  const answer = (id) => new Promise((resolve) => waiting.set(id, resolve));
  const write = (data) => new Promise((resolve) => child.stdin.write(data, resolve));

  const initialized = answer(0);
  await write(`${JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '0' } } })}\n`);
  await initialized;
  await write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  const rssBefore = status(child.pid, 'VmRSS');

  const head = '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"_meta":{"pad":"';
  const tail = '"}}}\n';
  const padding = mib * MIB - head.length - tail.length;
  const answered = answer(1);
  const started = performance.now();
  const slices = [];
  await write(head);
  // Each write resolves once the pipe took it, so slice times follow the host's pace.
  for (let sent = 0; sent < padding; sent += SLICE) {
    const t = performance.now();
    await write(Buffer.alloc(Math.min(SLICE, padding - sent), 'x'));
    slices.push(performance.now() - t);
  }
  const after = answer(2);
  await write(tail);
  await write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' })}\n`);
  const response = await answered;
  await after;
  const seconds = (performance.now() - started) / 1000;
  const peak = status(child.pid, 'VmHWM');
  child.kill();
  return { mib, seconds, slices, rssBefore, peak, answer: response.error ? `error ${response.error.code}: ${response.error.message}` : 'result' };
}

for (const size of sizes.length > 0 ? sizes.map(Number) : [10, 50]) {
  const r = await measure(size);
  const slices = r.slices.map((ms) => (ms / 1000).toFixed(2)).join(' ');
  console.log(
    `${r.mib} MiB line: answered in ${r.seconds.toFixed(2)} s (${r.answer}); per 10 MiB slice: ${slices} s; ` +
      `RSS ${r.rssBefore.toFixed(0)} MiB before, peak ${r.peak.toFixed(0)} MiB`,
  );
}
