/**
 * Load a component file once: read, check it is a component, transpile
 * (cached on disk) and compile its core modules (with the memory cap). Every
 * instance, and every re-created one, starts from the result; a
 * session-per-instance HTTP server starts many. Whether its world is one the
 * host can serve is checked by the caller, which knows what is linked.
 */
import { basename } from 'node:path';
import { assertComponent, cannotRead } from '../toolchain/inspect.js';
import { compileCoreModules, type ModuleCaps } from '../sandbox/core-modules.js';
import { transpileFile, type TranspiledComponent } from '../toolchain/transpile.js';

export interface LoadedComponent {
  /** Short name for logs: the file name without `.wasm`. */
  name: string;
  path: string;
  transpiled: TranspiledComponent;
  /**
   * Compiled core modules, shared by every instance. A promise, so that the
   * first instance's worker boots (and imports the glue) while they compile.
   */
  coreModules: Promise<Record<string, WebAssembly.Module>>;
}

export async function loadComponent(path: string, caps: ModuleCaps, name = basename(path, '.wasm')): Promise<LoadedComponent> {
  let transpiled;
  try {
    transpiled = await transpileFile(path, (bytes) => assertComponent(bytes, path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES' ? cannotRead(path, err) : err;
  }
  const coreModules = compileCoreModules(transpiled, caps);
  coreModules.catch(() => {}); // awaited by the first instance; it reports the failure
  return { name, path, transpiled, coreModules };
}
