/**
 * `mcp-host build` for components not built from JavaScript: a core
 * WebAssembly module (from C, Rust, Go, Zig… or hand-written WAT) made into a
 * component of a `wasi:mcp` world, the way `wasm-tools component embed` and
 * `component new` do (jco ships both, compiled to WebAssembly).
 *
 * - `.wat`: parsed to a module first.
 * - A module without type information (no `component-type` custom section,
 *   which wit-bindgen would have embedded) gets the world's.
 * - A module that imports WASI preview 1 (`wasi_snapshot_preview1`, what
 *   wasi-libc, Rust's wasm32-wasip1 and TinyGo produce) is adapted with the
 *   preview1 adapter jco ships: the command adapter when it exports `_start`
 *   (its `main` becomes the component's `wasi:cli/run`), else the reactor one.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { UserError } from '../errors.js';
import { witDir } from '../paths.js';
import { cannotRead, wasmKind } from './inspect.js';
import { runToolchainTask } from './toolchain-process.js';
import { customSectionNames } from '../wasm-binary.js';
import { witWorkspace } from './wit-workspace.js';

export interface ModuleBuildOptions {
  /** A `.wat` file or a core module (`.wasm`). */
  input: string;
  /** A world of `wit` (default: the wasi:mcp world `mcp-backend`). */
  world?: string;
  /** WIT directory holding the world (default: this package's wit/). */
  wit?: string;
  onProgress?: (line: string) => void;
}

export interface ModuleBuildResult {
  component: Uint8Array;
}

/** Inputs `buildFromModule` takes: WebAssembly text, or a binary (checked to be a core module). */
export const isModuleInput = (path: string): boolean => /\.(wat|wasm)$/.test(path);

export async function buildFromModule(opts: ModuleBuildOptions): Promise<ModuleBuildResult> {
  const progress = opts.onProgress ?? (() => {});
  const name = basename(opts.input);
  const module = await readModule(opts.input, name, progress);

  const facts = moduleFacts(module, name);
  const world = opts.world ?? 'mcp-backend';
  const steps: string[] = [];
  if (facts.hasTypeInfo) steps.push('kept the world its bindings generator embedded');
  else steps.push(`embedded world ${opts.wit ? world : `wasi:mcp/${world}`}`);
  if (facts.adapter) steps.push(`adapted WASI preview 1 with jco's ${facts.adapter} adapter`);

  progress(`making a component of ${name} (${steps.join('; ')})`);
  const dir = await mkdtemp(join(tmpdir(), 'mcp-host-build-'));
  try {
    const { witPath, embedWorld } = await embeddingWorld(dir, opts.wit, world, facts.adapter === 'command');
    const reply = await runToolchainTask({
      task: 'componentize-module',
      module,
      witPath,
      world: facts.hasTypeInfo ? undefined : embedWorld,
      adapter: facts.adapter,
    });
    if (!reply.ok) throw new UserError(explainNewFailure(reply.message, name, world));
    const component = reply.files['component.wasm'];
    if (!component) throw new Error('componentize-module produced no component');
    return { component };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The world to embed. A preview 1 command's entry is `_start` (its `main`),
 * which the command adapter exports as `wasi:cli/run`; the module itself
 * exports no `wasi:cli/run`, so it gets the wasi:mcp world without that
 * export and the adapter completes it.
 */
async function embeddingWorld(dir: string, authorWit: string | undefined, world: string, command: boolean): Promise<{ witPath: string; embedWorld: string }> {
  if (authorWit) return { witPath: await witWorkspace(authorWit, join(dir, 'wit')), embedWorld: world };
  if (!command) return { witPath: witDir, embedWorld: world };
  const items = await worldWithoutRun(world);
  const source = `package mcp-host:adapted;\n\nworld command {\n${items.map((i) => `  ${i};\n`).join('')}}\n`;
  await mkdir(join(dir, 'author'));
  await writeFile(join(dir, 'author', 'command.wit'), source);
  return { witPath: await witWorkspace(join(dir, 'author'), join(dir, 'wit')), embedWorld: 'command' };
}

/**
 * The imports and exports of a wasi:mcp world, read from wit/world.wit and
 * named in full (`runtime` → `wasi:mcp/runtime@0.1.0`), except `wasi:cli/run`
 * (and the `include`s: the adapter brings the WASI imports it uses).
 */
async function worldWithoutRun(world: string): Promise<string[]> {
  const text = await readFile(join(witDir, 'world.wit'), 'utf8');
  const pkg = /^package ([\w:-]+)@([\w.-]+);/m.exec(text);
  const body = new RegExp(`^world ${world} \\{([^}]*)\\}`, 'm').exec(text)?.[1];
  if (!pkg || body === undefined) throw new Error(`wit/world.wit has no world ${world}`);
  return [...body.matchAll(/^\s*(import|export) ([\w:/@.-]+);/gm)]
    .map(([, kind, name]) => `${kind} ${name!.includes(':') ? name : `${pkg[1]}/${name}@${pkg[2]}`}`)
    .filter((item) => !item.includes('wasi:cli/run'));
}

async function readModule(path: string, name: string, progress: (line: string) => void): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw cannotRead(path, err);
  }
  if (path.endsWith('.wat')) {
    progress(`parsing ${name}`);
    const { parse } = await import('@bytecodealliance/jco');
    try {
      bytes = await parse(new TextDecoder().decode(bytes));
    } catch (err) {
      throw new UserError(`${watErrorLocation(name, firstLine(err))} is not valid WebAssembly text: ${watErrorKind(firstLine(err))}`);
    }
  }
  const kind = wasmKind(bytes);
  if (kind === 'not-wasm') throw new UserError(`${name} is not a WebAssembly file (no \\0asm header)`, 'Pass a core module (.wasm) or WebAssembly text (.wat)');
  if (kind === 'component') {
    throw new UserError(`${name} is already a component`, `Serve it with \`mcp-host run ${name}\`; \`mcp-host check ${name}\` says whether it can be served`);
  }
  return bytes;
}

interface ModuleFacts {
  /** It carries a `component-type` section (wit-bindgen's bindings embed one). */
  hasTypeInfo: boolean;
  adapter: 'command' | 'reactor' | undefined;
}

function moduleFacts(bytes: Uint8Array, name: string): ModuleFacts {
  let compiled: WebAssembly.Module;
  try {
    compiled = new WebAssembly.Module(bytes);
  } catch (err) {
    throw new UserError(`${name} is not a valid WebAssembly module: ${firstLine(err)}`);
  }
  const preview1 = WebAssembly.Module.imports(compiled).some((i) => i.module === 'wasi_snapshot_preview1');
  const isCommand = WebAssembly.Module.exports(compiled).some((e) => e.name === '_start');
  return {
    hasTypeInfo: customSectionNames(bytes).some((n) => n === 'component-type' || n.startsWith('component-type:')),
    adapter: preview1 ? (isCommand ? 'command' : 'reactor') : undefined,
  };
}

/**
 * jco's `parse` reports the wat crate's error in Rust's debug format:
 * `Error { … text: Some(Text { line: 1, col: 0, … }) … kind: Custom("expected `)`") }`,
 * line and column counted from 0.
 */
function watErrorLocation(name: string, message: string): string {
  const at = /line: (\d+), col: (\d+)/.exec(message);
  return at ? `${name}:${Number(at[1]) + 1}:${Number(at[2]) + 1}` : name;
}

function watErrorKind(message: string): string {
  return /kind: \w+\("((?:[^"\\]|\\.)*)"\)/.exec(message)?.[1] ?? message;
}

/** wit-component's messages are chains of causes; the last names the missing piece. */
function explainNewFailure(message: string, name: string, world: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter(Boolean);
  const missing = lines.map((l) => /failed to find export of interface `([^`]+)` function `([^`]+)`/.exec(l)).find(Boolean);
  if (missing) {
    return `${name} does not export \`${missing[1]}#${missing[2]}\`, which world ${world} requires. Export every function of the world's exported interfaces under its canonical ABI name (\`interface#function\`); components/wat/server.wat shows them all`;
  }
  return `cannot make a component of ${name} for world ${world}:\n  ${lines.slice(0, 6).join('\n  ')}`;
}

const firstLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
