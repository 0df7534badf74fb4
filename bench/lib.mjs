/**
 * What the benchmarks share: timing, percentiles, spreads and slopes, a
 * process's RSS, a child's stderr tail, running a command, and an SDK client
 * on a stdio server (bench/raw-client.mjs is the client without the SDK).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const now = () => performance.now();
export const gc = () => globalThis.gc?.();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
export const median = (xs) => percentile(xs, 50);
/** Median and range of a few figures (one per round). */
export const spread = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

/** Least-squares slope of y over x: the cost of one more of x, robust to one noisy point. */
export function slope(points) {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxy / sxx;
}

/** VmRSS (and VmHWM, the peak) of a process, in MB. */
export function rss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024 };
}

/**
 * CPU time a process has used so far, all its threads (mcp-host's main
 * thread and instance workers, Deno's), in ms: what the server spent, not
 * what it waited for a core, so less swayed by other load than wall time.
 */
const TICK_MS = 10; // USER_HZ is 100 on Linux (getconf CLK_TCK)
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime (fields 14, 15)
}

/** Keep the last lines of a child's stderr (shown if something fails); never let the pipe fill up. */
export function tail(stream, keep = 20) {
  const lines = [];
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk) => {
    lines.push(...chunk.split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - keep));
  });
  return lines;
}

export function run(command, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

/** Spawn a server with the SDK's stdio client transport and initialize; returns the session and the time it took. */
export async function connectStdio({ command, args, env }) {
  const started = now();
  const transport = new StdioClientTransport({ command, args, env, stderr: 'pipe' });
  const log = tail(transport.stderr);
  const client = new Client({ name: 'mcp-host-bench', version: '1.0.0' });
  try {
    await client.connect(transport);
  } catch (err) {
    throw new Error(`${args.join(' ')}: ${err.message}\n${log.join('\n')}`);
  }
  const ms = now() - started;
  return { client, transport, pid: transport.pid, ms, log };
}

/** Spawn a server with `--http` on a free port; resolves once it says where it serves. */
export async function startHttpServer(label, args, env) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${label} --http did not start in 30 s:\n${err}`)), 30_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      err += chunk;
      const m = /serving .* on (http:\/\/\S+\/mcp)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`${label} --http exited ${code}:\n${err}`)));
  });
  child.stderr.removeAllListeners('data');
  child.stderr.resume();
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return { url, pid: child.pid, stop };
}
