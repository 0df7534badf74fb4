/**
 * `mcp-host check` / `inspect`: what a component file is, from its own type
 * information (jco's componentWit), without transpiling it: its world
 * (imports and exports), the wasi:mcp version, its size, the grants it could
 * use, and whether `mcp-host run` can serve it.
 */
import { stat } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { assertServable, readComponent } from './inspect.js';

export interface ComponentDescription {
  path: string;
  bytes: number;
  /** Which wasi:mcp world it matches, by its imports and exports. */
  world: 'mcp-backend' | 'mcp-proxy' | 'mcp-client' | 'none';
  wasiMcpVersion: string | undefined;
  imports: string[];
  exports: string[];
  /** What the sandbox would have to grant for each capability it imports. */
  grants: string[];
  /** Why `mcp-host run` cannot serve it, if it cannot. */
  problem: string | undefined;
}

/** Capabilities a component may import, and how a user grants them. */
const GRANTS: [RegExp, string][] = [
  [/^wasi:filesystem\//, 'files: --dir / --dir-rw'],
  [/^wasi:cli\/environment/, 'environment variables: --env'],
  [/^wasi:http\/outgoing-handler/, 'outgoing HTTP: --allow-host'],
  [/^wasi:sockets\/(tcp|udp)-create-socket/, 'sockets: never granted'],
];

export async function describeComponent(path: string): Promise<ComponentDescription> {
  const bytes = await readComponent(path);
  const { componentWit } = await import('@bytecodealliance/jco');
  let wit: string;
  try {
    wit = await componentWit(bytes);
  } catch (err) {
    throw new UserError(`${path} has a component header but cannot be decoded: ${(err as Error).message.split('\n')[0]}`);
  }
  const items = (kind: 'import' | 'export') => [...wit.matchAll(new RegExp(`^\\s*${kind} ([\\w:/.@-]+);`, 'gm'))].map((m) => m[1]!);
  const imports = items('import');
  const exports = items('export');
  const has = (list: string[], name: string) => list.some((i) => i === name || i.startsWith(`${name}@`));
  const world =
    has(exports, 'wasi:mcp/handlers') && has(imports, 'wasi:mcp/client')
      ? 'mcp-proxy'
      : has(exports, 'wasi:mcp/handlers')
        ? 'mcp-backend'
        : has(imports, 'wasi:mcp/client')
          ? 'mcp-client'
          : 'none';
  const version = [...imports, ...exports].map((i) => /^wasi:mcp\/[\w-]+@(.+)$/.exec(i)?.[1]).find(Boolean);
  let problem: string | undefined;
  try {
    const unversioned = (list: string[]) => list.map((i) => i.replace(/@[^/]*$/, ''));
    assertServable(path, { imports: unversioned(imports), exports: unversioned(exports) });
  } catch (err) {
    problem = (err as Error).message;
  }
  return {
    path,
    bytes: (await stat(path)).size,
    world,
    wasiMcpVersion: version,
    imports,
    exports,
    grants: GRANTS.filter(([pattern]) => imports.some((i) => pattern.test(i))).map(([, grant]) => grant),
    problem,
  };
}
