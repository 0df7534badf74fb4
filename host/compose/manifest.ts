/**
 * The manifest of a multi-component server (`mcp-host run --manifest m.json`):
 * which components, each one's grants (the policy-file format), and whether
 * tools and prompts are namespaced. Relative paths are relative to the
 * manifest.
 *
 *   {
 *     "namespace": false,
 *     "components": [
 *       { "path": "./notes.wasm", "name": "notes", "policy": { "dirs": [{ "host": "./data", "guest": "/data" }] } },
 *       { "path": "./tools.wasm" },
 *       { "path": "./kv.wasm", "name": "kv" }
 *     ],
 *     "links": [{ "component": "notes", "import": "example:kv/store", "from": "kv" }]
 *   }
 *
 * `links` may be left out when exactly one component exports what another imports.
 * `"upstreams": { "name": { "command": "...", "args": [] } | { "url": "..." } }`
 * defines MCP servers; a component's `"upstreams": ["name"]` lets it reach them
 * through wasi:mcp/client (worlds mcp-client and mcp-proxy).
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import * as z from 'zod/v4';
import { UserError } from '../errors.js';
import type { InlinePolicy } from '../sandbox/grants.js';
import type { LinkSpec } from './links.js';
import type { UpstreamSpec } from './upstreams.js';

export interface ComponentEntry {
  path: string;
  name: string;
  /** Grants of this component alone (from a manifest). */
  inline?: InlinePolicy;
  /** Upstream servers it may reach through wasi:mcp/client (from a manifest). */
  upstreams?: string[];
}

const Manifest = z
  .object({
    namespace: z.boolean().optional(),
    components: z
      .array(
        z
          .object({
            path: z.string(),
            name: z.string().regex(/^[A-Za-z0-9_-]+$/).optional(),
            policy: z.unknown().optional(),
            upstreams: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .min(1),
    upstreams: z
      .record(
        z.string(),
        z.union([
          z.object({ command: z.string(), args: z.array(z.string()).optional(), env: z.record(z.string(), z.string()).optional() }).strict(),
          z.object({ url: z.string().url() }).strict(),
        ]),
      )
      .optional(),
    links: z.array(z.object({ component: z.string(), import: z.string(), from: z.string() }).strict()).optional(),
  })
  .strict();

export interface Manifest {
  namespace: boolean;
  components: ComponentEntry[];
  links: LinkSpec[];
  upstreams: Record<string, UpstreamSpec>;
}

export async function readManifest(path: string): Promise<Manifest> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UserError(`cannot read manifest ${path}: ${(err as Error).message}`);
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`manifest ${path}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`, 'See "Composing components" in README.md');
  }
  const base = dirname(resolve(path));
  const upstreams = parsed.data.upstreams ?? {};
  const components = parsed.data.components.map((c, i) => {
    const unknown = (c.upstreams ?? []).filter((u) => !(u in upstreams));
    if (unknown.length > 0) throw new UserError(`manifest ${path}: components.${i}.upstreams names ${unknown.join(', ')}, which "upstreams" does not define`);
    return {
      path: resolve(base, c.path),
      name: c.name ?? basename(c.path, '.wasm'),
      inline: c.policy === undefined ? undefined : { policy: c.policy, base, where: `manifest ${path}: components.${i}.policy` },
      upstreams: c.upstreams,
    };
  });
  return { namespace: parsed.data.namespace ?? false, components: uniqueNames(components), links: parsed.data.links ?? [], upstreams };
}

/** Components named from positional paths (`mcp-host run a.wasm b.wasm`). */
export function entriesFromPaths(paths: string[]): ComponentEntry[] {
  return uniqueNames(paths.map((path) => ({ path, name: basename(path, '.wasm') })));
}

function uniqueNames(entries: ComponentEntry[]): ComponentEntry[] {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.name)) throw new UserError(`two components are named "${e.name}"`, 'Rename a file, or give each a "name" in a manifest');
    seen.add(e.name);
  }
  return entries;
}
