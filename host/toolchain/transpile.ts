/**
 * Component bytes → JS glue + core modules, with jco, cached on disk by
 * content hash (plus jco's version and our options): a second start of the
 * same component skips the transpile (~1 s for a StarlingMonkey component).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checksItsOwnRequests } from '../component-marks.js';
import { cacheRoot } from '../paths.js';
import { writeCacheEntry } from '../cache-entry.js';
import { LIFT_BUDGET_KEY } from '../glue-hooks.js';

/** Options fixed by the host: the instance worker relies on them. Part of the cache key. */
const TRANSPILE_OPTIONS = { name: 'component', instantiation: 'async', noTypescript: false } as const;

export interface TranspiledComponent {
  /** sha256 of the component bytes. */
  hash: string;
  /** file: URL of the generated JS (exports `instantiate`). */
  componentUrl: string;
  /** Directory holding the core modules. */
  dir: string;
  /** Interface names the component imports and exports (unversioned). */
  imports: string[];
  exports: string[];
  /** Its own MCP server checks every request; the host relays them unchecked (component-marks.ts). */
  serverChecks: boolean;
  /** True when this call found it in the cache. */
  fromCache: boolean;
  /** Seconds the transpile took (0 when cached). */
  seconds: number;
}

/** Bump when optimizeGlue, the entry layout or the meta changes, so cached entries are rewritten. */
const GLUE_REVISION = 8;

/**
 * Written into every entry: the glue is an ES module, and Node decides how to
 * load a `.js` file from the nearest package.json, which for a cache under a
 * CommonJS project (`npm init -y` writes `"type": "commonjs"`) would be the
 * project's.
 */
const ENTRY_PACKAGE_JSON = '{ "type": "module" }\n';

interface CacheMeta {
  imports: string[];
  exports: string[];
  /** Its own MCP server checks requests (component-marks.ts). */
  serverChecks: boolean;
}

/** jco's version (its package.json is not exported; find it from the entry). */
const jcoVersion = (): string => {
  const entry = fileURLToPath(import.meta.resolve('@bytecodealliance/jco'));
  const manifest = join(dirname(dirname(entry)), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
};

/** A cache entry's key: the component's hash, jco's version, our options, the glue revision. */
const entryKey = (hash: string): string =>
  createHash('sha256').update(`${hash}\0${jcoVersion()}\0${JSON.stringify(TRANSPILE_OPTIONS)}\0${GLUE_REVISION}`).digest('hex').slice(0, 32);

/**
 * Like transpileCached, for a file. A file seen before with the same size and
 * modification time is looked up without reading and hashing it (~20 ms for
 * a 15 MB component). `check` sees the bytes when they are read.
 */
export async function transpileFile(path: string, check: (bytes: Uint8Array) => void): Promise<TranspiledComponent> {
  const { size, mtimeMs } = await stat(path);
  const indexPath = join(cacheRoot(), 'files', `${createHash('sha256').update(resolvePath(path)).digest('hex').slice(0, 32)}.json`);
  try {
    const seen = JSON.parse(await readFile(indexPath, 'utf8')) as { size: number; mtimeMs: number; hash: string };
    if (seen.size === size && seen.mtimeMs === mtimeMs) {
      const dir = join(cacheRoot(), 'transpiled', entryKey(seen.hash));
      const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as CacheMeta;
      return { hash: seen.hash, componentUrl: pathToFileURL(join(dir, `${TRANSPILE_OPTIONS.name}.js`)).href, dir, ...meta, fromCache: true, seconds: 0 };
    }
  } catch {
    // not seen, or the entry is gone: read it
  }
  const bytes = await readFile(path);
  check(bytes);
  const transpiled = await transpileCached(bytes);
  await mkdir(dirname(indexPath), { recursive: true });
  await writeFile(indexPath, JSON.stringify({ size, mtimeMs, hash: transpiled.hash }));
  return transpiled;
}

export async function transpileCached(bytes: Uint8Array): Promise<TranspiledComponent> {
  const hash = createHash('sha256').update(bytes).digest('hex');
  const dir = join(cacheRoot(), 'transpiled', entryKey(hash));
  const metaPath = join(dir, 'meta.json');
  const result = (meta: CacheMeta, fromCache: boolean, seconds: number): TranspiledComponent => ({
    hash,
    componentUrl: pathToFileURL(join(dir, `${TRANSPILE_OPTIONS.name}.js`)).href,
    dir,
    ...meta,
    fromCache,
    seconds,
  });

  if (existsSync(metaPath)) {
    return result(JSON.parse(await readFile(metaPath, 'utf8')) as CacheMeta, true, 0);
  }

  const started = performance.now();
  const { transpile } = await import('@bytecodealliance/jco');
  const out = await transpile(bytes, { ...TRANSPILE_OPTIONS });
  const meta: CacheMeta = {
    imports: out.imports.map(unversioned),
    exports: out.exports.map(([name]) => unversioned(name)),
    serverChecks: checksItsOwnRequests(bytes),
  };
  const files: Record<string, string | Uint8Array> = { 'package.json': ENTRY_PACKAGE_JSON, 'meta.json': JSON.stringify(meta) };
  for (const [file, content] of Object.entries(out.files)) files[file] = file === `${TRANSPILE_OPTIONS.name}.js` ? optimizeGlue(Buffer.from(content).toString('utf8')) : content;
  await writeCacheEntry(dir, files);
  return result(meta, false, (performance.now() - started) / 1000);
}

/**
 * jco's glue checks `process.env.JCO_DEBUG` at every step of every call
 * (~11% of a small call's time, measured in bench/); read it once instead.
 * Left as is if a jco version writes it differently.
 */
function optimizeGlue(js: string): string {
  return boundByteLifts(forgetCreatedReps(boundPollLists(directClockReads(readDebugFlagOnce(js)))));
}

/**
 * jco lifts every list of numbers a guest hands over (a result's blob, a
 * stream write) as a copy: `new Uint8Array(memory.buffer.slice(…))`. The
 * copies are ArrayBuffers, outside the guest's memory cap and outside the
 * worker's heap cap, and a guest can point many list entries at the same
 * bytes: 300 blocks of one 10 MB blob lift 3 GB. Every copy is charged to
 * the budget, which the worker resets when a call starts and each import
 * call resets as it enters (so a stream written in many writes is never
 * charged more than one write). Refuses a glue with a byte lift it could
 * not rewrite: that lift would be unbounded.
 */
function boundByteLifts(js: string): string {
  const slice = /new (\w+Array)\((memory\d+)\.buffer\.slice\((ptr\d+), \3 \+ (len\d+) \* (\d+)\)\)/g;
  let out = js.replace(slice, (_m, array: string, memory: string, ptr: string, len: string, size: string) => `new ${array}(_liftBudget.slice(${memory}.buffer, ${ptr}, ${len} * ${size}))`);
  if (out.includes('.buffer.slice(')) throw new Error('this jco version lifts byte lists in a way mcp-host cannot bound (a .buffer.slice it did not rewrite)');
  if (out === js) return js;
  out = out.replace(/\n( {2}const _trampoline\d+ = function\([^)]*\) \{\n)/g, '\n$1    _liftBudget.enter();\n');
  const budget = `const _liftBudget = globalThis[Symbol.for('${LIFT_BUDGET_KEY}')] ?? { slice: (buffer, ptr, len) => buffer.slice(ptr, ptr + len), enter() {} };\n`;
  return budget + out;
}

/**
 * jco adds every resource handle it ever creates to its table's
 * `_createdReps` Set and never removes one; only a borrow passed between
 * two components of one glue reads it. Elsewhere it is ~130 bytes of host
 * heap for each pollable or stream a guest ever made, dropped or not
 * (measured: 1 M subscribe-and-drop, +133 MB that stayed; 16.7 M, V8's
 * most for a Set, ~2 GB and a trap). Left as is where the glue reads it.
 */
function forgetCreatedReps(js: string): string {
  const add = 'table._createdReps.add(rep);';
  const uses = js.match(/_createdReps\b[^;\n]*/g) ?? [];
  if (!uses.every((use) => use === '_createdReps.add(rep)' || use === '_createdReps = new Set()')) return js;
  return js.replaceAll(add, '');
}

/**
 * Most pollables one `wasi:io/poll#poll` may take. A guest's list costs it
 * 4 bytes an entry; jco lifts it into JS arrays at ~60 bytes an entry
 * (measured: a 240 MB list took the host to 3 GB), and past ~110 M entries
 * V8 aborts the whole host process growing one. No event loop polls
 * 65,536 things at once (wasi-libc's select: 1,024).
 */
export const MAX_POLL_LIST = 1 << 16;

/** A longer list is a trap before the glue lifts it. */
function boundPollLists(js: string): string {
  for (const [, trampoline] of js.matchAll(/\n {2}(_trampoline\d+)\.fnName = 'wasi:io\/poll@[\d.]+#poll[$\d]*';/g)) {
    const head = new RegExp(`(const ${trampoline} = function\\(arg0, arg1, arg2\\) \\{\\n\\s*var (len\\d+) = arg1;\\n)`);
    js = js.replace(head, (line: string, _: string, len: string) =>
      `${line}    if ((${len} >>> 0) > ${MAX_POLL_LIST}) throw new WebAssembly.RuntimeError(\`wasi:io/poll: a list of \${${len} >>> 0} pollables, over ${MAX_POLL_LIST}\`);\n`,
    );
  }
  return js;
}

function readDebugFlagOnce(js: string): string {
  const check = 'if (!globalThis?.process?.env?.JCO_DEBUG) { return; }';
  const declaration = 'const _debugLog = (...args) => {';
  if (!js.includes(check) || !js.includes(declaration)) return js;
  return js
    .replace(declaration, `const _jcoDebug = Boolean(globalThis?.process?.env?.JCO_DEBUG);\n  ${declaration}`)
    .replaceAll(check, 'if (!_jcoDebug) { return; }');
}

/**
 * A guest reads `wasi:clocks/monotonic-clock#now` several times a call
 * (StarlingMonkey: 7 per tool call). jco lowers every host import through
 * its task machinery (a task and a subtask created, entered, resolved and
 * exited: ~5 µs a read, more than the guest's own work for a small call).
 * `now` takes nothing, returns a u64 and cannot block, suspend, trap or
 * touch memory, so none of that applies: the wasm import becomes a direct
 * call of the host's `now`. Left as is if a jco version writes it differently.
 */
function directClockReads(js: string): string {
  const named = /const (_trampoline\d+) = function\(\) \{\n[^]*?\n {2}\1\.fnName = 'wasi:clocks\/monotonic-clock@[\d.]+#now';/.exec(js);
  if (!named) return js;
  const trampoline = named[1]!;
  const host = /fn: \(\) => _trackHostOperation\(\(\) => (\w+)\(\)\),/.exec(named[0])?.[1];
  const statementStart = js.indexOf(`let ${trampoline.slice(1)} = ${trampoline}.manuallyAsync ? `);
  if (!host || statementStart === -1 || !js.includes('function toUint64(')) return js;
  const second = js.indexOf(`importFn: ${trampoline},`, js.indexOf(`importFn: ${trampoline},`, statementStart) + 1);
  const statementEnd = js.indexOf(');', second);
  const statement = js.slice(statementStart, statementEnd + 2);
  if (second === -1 || statementEnd === -1 || !statement.includes('resultLowerFns: [_lowerFlatU64]') || !statement.includes('paramLiftFns: []')) return js;
  return js.slice(0, statementStart) + `let ${trampoline.slice(1)} = () => toUint64(${host}());` + js.slice(statementEnd + 2);
}

function unversioned(name: string): string {
  return name.replace(/@[^/]*$/, '');
}
