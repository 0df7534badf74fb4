/**
 * Host-side cost of one small-file read through a directory grant: the
 * confined filesystem (host/sandbox/fs) against preview2-shim's own, both
 * driven in-process the way jco's glue calls them (open, read or stream,
 * drop). `npm run build && node bench/fs-read.mjs`
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const { WASIShim } = await import(`${root}/node_modules/@bytecodealliance/preview2-shim/dist/common/instantiation.js`);
const { confinedFilesystem } = await import(`${root}/dist/host/sandbox/fs/index.js`);
const base = mkdtempSync(join(tmpdir(), 'fsbench-'));
mkdirSync(join(base, 'a', 'b', 'c'), { recursive: true });
writeFileSync(join(base, 'notes.txt'), 'x'.repeat(100));
writeFileSync(join(base, 'a/b/c/deep.txt'), 'x'.repeat(100));
const shimImports = new WASIShim({ sandbox: { preopens: { '/data': base }, env: {}, args: ['x'] } }).getImportObject();
const [[shimDir]] = shimImports['wasi:filesystem/preopens'].getDirectories();
const mine = confinedFilesystem([{ host: base, guest: '/data', writable: true }], shimImports);
const [[myDir]] = mine.preopens.getDirectories();
const dispose = Symbol.dispose ?? Symbol.for('dispose');
const follow = { symlinkFollow: true };
function readOnce(d, path) { const f = d.openAt(follow, path, {}, { read: true }); const [b] = f.read(1n << 20n, 0n); f[dispose](); return b.length; }
function streamOnce(d, path) { const f = d.openAt(follow, path, {}, { read: true }); const s = f.readViaStream(0n); let n = 0; try { for (;;) n += s.blockingRead(65536n).length; } catch (e) { if (e?.tag !== 'closed') throw e; } s[dispose](); f[dispose](); return n; }
function statOnce(d, path) { return d.statAt(follow, path).size; }
const bench = (label, fn) => { for (let i = 0; i < 300; i++) fn(); const best = []; for (let r = 0; r < 5; r++) { const N = 2000; const t = performance.now(); for (let i = 0; i < N; i++) fn(); best.push((performance.now() - t) / N * 1000); } best.sort((a, b) => a - b); console.log(`${label}: ${best[0].toFixed(1)} us (median ${best[2].toFixed(1)})`); };
for (const path of ['notes.txt', 'a/b/c/deep.txt']) {
  bench(`shim     read   ${path}`, () => readOnce(shimDir, path));
  bench(`confined read   ${path}`, () => readOnce(myDir, path));
  bench(`shim     stream ${path}`, () => streamOnce(shimDir, path));
  bench(`confined stream ${path}`, () => streamOnce(myDir, path));
  bench(`shim     statAt ${path}`, () => statOnce(shimDir, path));
  bench(`confined statAt ${path}`, () => statOnce(myDir, path));
}
process.exit(0);
