/**
 * A transpiled component's core modules, capped and compiled once per
 * process: every instance (and every re-created one) shares them. Memories
 * and tables are capped first, all of the component's together
 * (memory-cap.ts, table-cap.ts).
 *
 * The capped bytes are cached beside the transpiled ones, one entry per cap
 * pair: capping rewrites a StarlingMonkey module (15 MB) twice, which cost
 * ~70 ms of copying and ~100 ms of garbage collection at every start
 * (bench/profile.mjs start). The cache is trusted as the transpile cache
 * is (its glue runs in the host).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCacheEntry } from '../cache-entry.js';
import type { TranspiledComponent } from '../toolchain/transpile.js';
import { capMemories } from './memory-cap.js';
import { capTables } from './table-cap.js';

/** What a core module may allocate (a SandboxPolicy has both). */
export interface ModuleCaps {
  maxMemoryBytes: number;
  maxTableElements: number;
}

export async function compileCoreModules(component: TranspiledComponent, caps: ModuleCaps): Promise<Record<string, WebAssembly.Module>> {
  const files = (await readdir(component.dir)).filter((file) => file.endsWith('.wasm')).sort();
  const capped = await cappedModules(component.dir, files, caps);
  const modules: Record<string, WebAssembly.Module> = {};
  for (const [i, file] of files.entries()) modules[file] = await WebAssembly.compile(capped[i]!);
  return modules;
}

async function cappedModules(dir: string, files: string[], caps: ModuleCaps): Promise<Uint8Array[]> {
  const entry = join(dir, 'capped', `${caps.maxMemoryBytes}-${caps.maxTableElements}`);
  try {
    return await Promise.all(files.map((file) => readFile(join(entry, file))));
  } catch {
    // not capped at these caps yet
  }
  const read = await Promise.all(files.map((file) => readFile(join(dir, file))));
  const capped = capTables(capMemories(read, caps.maxMemoryBytes), caps.maxTableElements);
  // A cache that cannot be written (read-only, full) only costs the next start the capping again.
  await writeCacheEntry(entry, Object.fromEntries(files.map((file, i) => [file, capped[i]!]))).catch(() => {});
  return capped;
}
