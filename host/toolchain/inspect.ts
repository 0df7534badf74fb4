/**
 * Is this file something `mcp-host run` can serve? Checks the binary header
 * first (cheap, before any transpile), then the component's imports and
 * exports against the mcp-backend world. Each failure is one line that says
 * what the file is and what to do.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { UserError } from '../errors.js';

export type WasmKind = 'component' | 'core-module' | 'not-wasm';

/** Classify by the 8-byte preamble: magic, then version and layer. */
export function wasmKind(bytes: Uint8Array): WasmKind {
  const magic = bytes[0] === 0x00 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
  if (!magic || bytes.length < 8) return 'not-wasm';
  // Core modules: version 1, layer 0. Components: layer 1.
  return bytes[6] === 0x01 && bytes[7] === 0x00 ? 'component' : 'core-module';
}

/** The error for a component file that cannot be read, saying why in words. */
export function cannotRead(path: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException).code;
  return new UserError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
}

/** Read a file that must be a component; fails with a one-line UserError. */
export async function readComponent(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw cannotRead(path, err);
  }
  assertComponent(bytes, path);
  return bytes;
}

export function assertComponent(bytes: Uint8Array, path: string): void {
  const kind = wasmKind(bytes);
  const name = basename(path);
  if (kind === 'not-wasm') {
    throw new UserError(`${name} is not a WebAssembly file (no \\0asm header)`, 'Pass a component built with `mcp-host build`');
  }
  if (kind === 'core-module') {
    throw new UserError(
      `${name} is a core WebAssembly module, not a component`,
      `Make it a component with \`mcp-host build ${name} -o component.wasm\``,
    );
  }
}

/**
 * Interfaces the host implements for a component (unversioned names). The
 * type-only wasi:mcp interfaces appear as imports when a component uses their
 * types; they have nothing to implement.
 */
const HOST_PROVIDED = /^wasi:(mcp\/(runtime|types|capabilities|content|handlers)$|(cli|clocks|filesystem|io|random|sockets|http)\/)/;

/** Does the host itself implement this (unversioned) interface? */
export const hostProvides = (iface: string): boolean => HOST_PROVIDED.test(iface);

/**
 * Refuse components whose world is not one the host serves. `linked`:
 * interfaces other components provide to this one.
 */
export function assertServable(path: string, world: { imports: string[]; exports: string[] }, linked: ReadonlySet<string> = new Set()): void {
  const name = basename(path);
  const exportsHandlers = world.exports.includes('wasi:mcp/handlers');
  if (world.imports.includes('wasi:mcp/client') && !linked.has('wasi:mcp/client')) {
    throw new UserError(
      `${name} imports wasi:mcp/client (world mcp-client or mcp-proxy) but no upstream server was granted to it`,
      'Name the servers it may use in a manifest ("upstreams"), or serve an mcp-backend component',
    );
  }
  if (!exportsHandlers) {
    const exported = world.exports.join(', ') || 'nothing';
    throw new UserError(
      `${name} is not an mcp-backend component: it does not export wasi:mcp/handlers (it exports ${exported})`,
      'Build it with `mcp-host build` from a module that exports `handlers` and `run`',
    );
  }
  if (!world.exports.includes('wasi:cli/run')) {
    throw new UserError(`${name} does not export wasi:cli/run, the entry that registers its tools`, 'Rebuild it with `mcp-host build`');
  }
  const unknown = world.imports.filter((i) => !HOST_PROVIDED.test(i) && !linked.has(i));
  if (unknown.length > 0) {
    throw new UserError(
      `${name} imports ${unknown.join(', ')}, which neither mcp-host nor any other component provides`,
      'Run it with a component that exports it (mcp-host run a.wasm b.wasm), or compose them (mcp-host compose)',
    );
  }
}
