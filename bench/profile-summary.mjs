#!/usr/bin/env node
/**
 * Summarize V8 .cpuprofile files (from `node --cpu-prof`): self time by
 * function and by file/package, as a share of the busy (non-idle) time.
 *
 *   node bench/profile-summary.mjs <file-or-dir>... [--top 25] [--match text]
 *
 * --match text: also print the inclusive time of every function whose
 * name or url contains `text` (e.g. --match stringify).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

export function summarize(path, { top = 25, match } = {}) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map(); // node id → µs
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i + 1] is the time until the next sample: spent in sample i.
    const dt = timeDeltas[i + 1] ?? 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  let total = 0;
  let idle = 0;
  const fnSelf = new Map();
  const fileSelf = new Map();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    total += us;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const fkey = `${functionName || '(anonymous)'}  ${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`;
    fnSelf.set(fkey, (fnSelf.get(fkey) ?? 0) + us);
    const area = areaOf(functionName, url);
    fileSelf.set(area, (fileSelf.get(area) ?? 0) + us);
  }
  const busy = total - idle;
  const pct = (us) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  const ms = (us) => `${(us / 1000).toFixed(0).padStart(6)} ms`;
  const lines = [`${basename(path)}: ${(total / 1000).toFixed(0)} ms sampled, ${(busy / 1000).toFixed(0)} ms busy (not idle)`];
  lines.push('  self time by area:');
  for (const [k, us] of [...fileSelf].sort((a, b) => b[1] - a[1]).slice(0, 12)) lines.push(`    ${pct(us)} ${ms(us)}  ${k}`);
  lines.push(`  top ${top} functions by self time:`);
  for (const [k, us] of [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${pct(us)} ${ms(us)}  ${k}`);
  if (match) {
    // Inclusive time: a sample counts once for each distinct matching frame on its stack.
    const incl = new Map();
    for (const [id, us] of self) {
      const seen = new Set();
      for (let n = id; n !== undefined; n = parent.get(n)) {
        const { functionName, url, lineNumber } = byId.get(n).callFrame;
        const key = `${functionName || '(anonymous)'}  ${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`;
        if (!key.includes(match) || seen.has(key)) continue;
        seen.add(key);
        incl.set(key, (incl.get(key) ?? 0) + us);
      }
    }
    lines.push(`  inclusive time of functions matching "${match}":`);
    for (const [k, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${pct(us)} ${ms(us)}  ${k}`);
  }
  return lines.join('\n');
}

function shortUrl(url) {
  if (!url) return '';
  const nm = url.lastIndexOf('node_modules/');
  if (nm !== -1) return url.slice(nm + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist !== -1) return url.slice(dist + 1);
  if (url.includes('/transpiled/')) return `transpiled/${url.slice(url.lastIndexOf('/') + 1)}`;
  return url.replace(/^file:\/\//, '');
}

function areaOf(functionName, url) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native / builtin)';
  if (url.startsWith('node:')) return 'node: internals';
  if (url.startsWith('wasm://')) return 'wasm (the component)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm !== -1) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return `npm: ${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (url.includes('/transpiled/')) return 'jco glue (transpiled component.js)';
  if (url.includes('/dist/host/')) return `host: ${url.slice(url.indexOf('/dist/host/') + 11)}`;
  return shortUrl(url);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    if (i === -1) return undefined;
    const [, value] = args.splice(i, 2);
    return value;
  };
  const top = Number(opt('--top') ?? 25);
  const match = opt('--match');
  const files = args.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(p, f)) : [p]));
  if (files.length === 0) {
    console.error('usage: node bench/profile-summary.mjs <file.cpuprofile|dir>... [--top N] [--match text]');
    process.exit(2);
  }
  for (const f of files) console.log(`${summarize(f, { top, match })}\n`);
}
