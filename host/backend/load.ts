/**
 * Load a component file once: read, check it is a component, transpile
 * (cached on disk) and compile its core modules (with the memory cap). Every
 * instance, and every re-created one, starts from the result; a
 * session-per-instance HTTP server starts many. Whether its world is one the
 * host can serve is checked by the caller, which knows what is linked.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { UserError } from '../errors.js';
import { assertComponent } from '../toolchain/inspect.js';
import { compileCoreModules, transpileCached, type TranspiledComponent } from '../toolchain/transpile.js';

export interface LoadedComponent {
  /** Short name for logs: the file name without `.wasm`. */
  name: string;
  path: string;
  transpiled: TranspiledComponent;
  coreModules: Record<string, WebAssembly.Module>;
}

export async function loadComponent(path: string, maxMemoryBytes: number, name = basename(path, '.wasm')): Promise<LoadedComponent> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  assertComponent(bytes, path);
  const transpiled = await transpileCached(bytes);
  return { name, path, transpiled, coreModules: await compileCoreModules(transpiled, maxMemoryBytes) };
}
