/**
 * What `mcp-host run` grants, from a handler: environment variables
 * (`--env NAME`, `--env-optional NAME`) and files in granted directories
 * (`--dir HOST::/guest` read-only, `--dir-rw` writable). There is no Node
 * `process` or `fs` in a component; these are the WASI imports behind them.
 * Call them in handlers: at build time nothing is granted.
 */
import { getEnvironment } from 'wasi:cli/environment@0.2.3';
import { getDirectories } from 'wasi:filesystem/preopens@0.2.3';
import type { Descriptor } from 'wasi:filesystem/types@0.2.3';
import { readAll, writeAll } from './file-io.js';

/** A granted environment variable, or undefined when it was not granted (or not set, for --env-optional). */
export function env(name: string): string | undefined {
  return getEnvironment().find(([key]) => key === name)?.[1];
}

/** A granted environment variable; throws, naming the flag to add, when it is absent. */
export function requireEnv(name: string): string {
  const value = env(name);
  if (value === undefined) throw new Error(`environment variable ${name} is not granted: run with --env ${name}`);
  return value;
}

/** The guest paths of the granted directories (`/docs` for `--dir ./docs::/docs`). */
export function grantedDirs(): string[] {
  return getDirectories().map(([, guest]) => guest);
}

/** The grant that covers an absolute guest path, and the path relative to it. */
function locate(path: string): { dir: Descriptor; rel: string } {
  if (!path.startsWith('/')) throw new Error(`${path}: use an absolute guest path under a granted directory (${grantedDirs().join(', ') || 'none granted'})`);
  const dirs = getDirectories().sort((a, b) => b[1].length - a[1].length);
  const hit = dirs.find(([, guest]) => path === guest || path.startsWith(guest.endsWith('/') ? guest : `${guest}/`));
  if (!hit) throw new Error(`${path} is not in a granted directory (granted: ${grantedDirs().join(', ') || 'none'}); grant one with --dir HOST::/guest`);
  return { dir: hit[0], rel: path.slice(hit[1].length).replace(/^\/+/, '') || '.' };
}

/** A WASI filesystem error → an Error naming the path and the code. */
function fsError(path: string, err: unknown): Error {
  const payload = (err as { payload?: unknown } | undefined)?.payload;
  const code = typeof payload === 'string' ? payload : err instanceof Error ? err.message : String(err);
  return new Error(`${path}: ${code}`);
}

/** The bytes of a file in a granted directory. */
export function readFile(path: string): Uint8Array {
  const { dir, rel } = locate(path);
  try {
    return readAll(dir.openAt({ symlinkFollow: true }, rel, {}, { read: true }));
  } catch (err) {
    throw fsError(path, err);
  }
}

export const readTextFile = (path: string): string => new TextDecoder().decode(readFile(path));

/** Create or replace a file in a directory granted with --dir-rw. */
export function writeFile(path: string, data: string | Uint8Array): void {
  const { dir, rel } = locate(path);
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  try {
    writeAll(dir.openAt({ symlinkFollow: true }, rel, { create: true, truncate: true }, { write: true }), bytes);
  } catch (err) {
    throw fsError(path, err);
  }
}

/** The names in a directory of a grant. */
export function listDir(path: string): { name: string; type: string }[] {
  const { dir, rel } = locate(path);
  try {
    // Opened even for the grant itself ('.'): the preopen's own descriptor may not be readable as a directory.
    const target = dir.openAt({ symlinkFollow: true }, rel, { directory: true }, { read: true });
    const stream = target.readDirectory();
    const entries: { name: string; type: string }[] = [];
    for (let entry = stream.readDirectoryEntry(); entry; entry = stream.readDirectoryEntry()) entries.push({ name: entry.name, type: entry.type });
    return entries.sort((a, b) => a.name.localeCompare(b.name));
  } catch (err) {
    throw fsError(path, err);
  }
}
