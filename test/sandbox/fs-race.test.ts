/**
 * The race: while a component reads `target` in a loop (following
 * symlinks), an attacker swaps `target` between a hard link of a file inside
 * the grant and a symlink to a file outside it. A host that checks a path
 * and then opens it by name returns the outside file now and then; a
 * confined one never does. Two attackers: another instance of a component
 * with the same writable grant (as another session of a per-session server
 * would be), and a process outside mcp-host. Bounded: a few seconds each.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const MS = 3000;
const base = mkdtempSync(join(tmpdir(), 'mcp-host-race-'));
const granted = join(base, 'granted');
mkdirSync(granted);
writeFileSync(join(granted, 'inside.txt'), 'inside');
writeFileSync(join(base, 'outside.txt'), 'OUTSIDE');

let reader: RunningServer;
let swapper: RunningServer;

beforeAll(async () => {
  const args = ['--dir-rw', `${granted}::/data`];
  [reader, swapper] = await Promise.all([startServer(componentPath('fs-probe'), { cacheDir: testCacheDir(), args }), startServer(componentPath('fs-probe'), { cacheDir: testCacheDir(), args })]);
});
afterAll(async () => {
  await reader?.close();
  await swapper?.close();
});

interface Reads {
  reads: number;
  seen: Record<string, number>;
}

async function readLoop(name: string, stream: boolean): Promise<Reads> {
  const result = await call(reader.client, 'read_loop', { path: name, ms: MS, stream });
  expect(result.isError).toBe(false);
  return JSON.parse(result.text) as Reads;
}

/** Zero reads saw the outside file; some saw the inside one and some were refused, so the swap was live. */
function expectConfined(reads: Reads): void {
  expect(reads.seen['content:OUTSIDE'] ?? 0, JSON.stringify(reads)).toBe(0);
  expect(reads.seen['content:inside'] ?? 0, JSON.stringify(reads)).toBeGreaterThan(0);
  expect(reads.seen['error:not-permitted'] ?? 0, JSON.stringify(reads)).toBeGreaterThan(0);
}

/** Run `script` (node -e) as the attacker outside mcp-host; resolves with the swaps it printed. */
function swapFromHost(script: string, args: string[]): Promise<number> {
  const child = spawn(process.execPath, ['-e', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`the swapper exited with ${code}`)))));
}

describe('symlink swap race', () => {
  it('never lets a component read outside its grant while another instance swaps a symlink', async () => {
    for (const stream of [false, true]) {
      const name = stream ? 'target-stream' : 'target';
      const swap = call(swapper.client, 'swap_loop', { name, inside: 'inside.txt', outside: '../outside.txt', ms: MS + 500 });
      const reads = await readLoop(name, stream);
      const swaps = JSON.parse((await swap).text) as { swaps: number };
      expect(swaps.swaps).toBeGreaterThan(0);
      expectConfined(reads);
    }
    expect(await call(reader.client, 'fs', { op: 'open', path: 'inside.txt' })).toEqual({ text: 'ok: inside', isError: false });
  });

  it('never lets a component read outside its grant while a host process swaps a directory for a symlink', async () => {
    // `swapped` is a real directory holding file.txt, then a symlink to a directory outside holding its own.
    mkdirSync(join(granted, 'swapped'));
    writeFileSync(join(granted, 'swapped', 'file.txt'), 'inside');
    mkdirSync(join(base, 'outside-dir'));
    writeFileSync(join(base, 'outside-dir', 'file.txt'), 'OUTSIDE');
    const script = `
      const fs = require('node:fs');
      const [dir, ms] = process.argv.slice(1);
      let swaps = 0;
      for (const until = Date.now() + Number(ms); Date.now() < until; swaps++) {
        fs.renameSync(dir + '/swapped', dir + '/swapped.dir');
        fs.symlinkSync('../outside-dir', dir + '/swapped');
        fs.unlinkSync(dir + '/swapped');
        fs.renameSync(dir + '/swapped.dir', dir + '/swapped');
      }
      console.log(swaps);
    `;
    const swaps = swapFromHost(script, [granted, String(MS + 500)]);
    const reads = await readLoop('swapped/file.txt', false);
    expect(await swaps).toBeGreaterThan(0);
    expect(reads.seen['content:OUTSIDE'] ?? 0, JSON.stringify(reads)).toBe(0);
    expect(reads.seen['content:inside'] ?? 0, JSON.stringify(reads)).toBeGreaterThan(0);
  });

  it('never lets a component read outside its grant while a host process swaps a symlink', async () => {
    // The attacker is outside mcp-host: absolute and relative links, swapped with rename(2).
    const script = `
      const fs = require('node:fs');
      const [dir, outside, ms] = process.argv.slice(1);
      let swaps = 0;
      for (const until = Date.now() + Number(ms); Date.now() < until; swaps++) {
        fs.linkSync(dir + '/inside.txt', dir + '/host-target.file');
        fs.renameSync(dir + '/host-target.file', dir + '/host-target');
        fs.symlinkSync(swaps % 2 ? outside : '../outside.txt', dir + '/host-target.link');
        fs.renameSync(dir + '/host-target.link', dir + '/host-target');
      }
      console.log(swaps);
    `;
    const swaps = swapFromHost(script, [granted, join(base, 'outside.txt'), String(MS + 500)]);
    const reads = await readLoop('host-target', false);
    expect(await swaps).toBeGreaterThan(0);
    expectConfined(reads);
    expect(await call(reader.client, 'fs', { op: 'open', path: 'inside.txt' })).toEqual({ text: 'ok: inside', isError: false });
  });
});
