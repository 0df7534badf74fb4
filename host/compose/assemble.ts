/**
 * From component entries (command line or manifest) to one Backend: each
 * component's grants resolved, loaded, checked against what the host and the
 * other components provide, linked, and started (providers first). Servers
 * (components exporting wasi:mcp/handlers) are served, one alone or several
 * as a CompositeBackend; libraries only serve the components linked to them.
 */
import type { Backend } from '../backend/backend.js';
import { ComponentBackend } from '../backend/component-backend.js';
import { CompositeBackend, sharedOwnership, type PartId } from '../backend/composite-backend.js';
import type { Ownership } from '../backend/ownership.js';
import { loadComponent, type LoadedComponent } from '../backend/load.js';
import { lineBudget } from '../diagnostics.js';
import { UserError } from '../errors.js';
import { resolveSandbox, type GrantOptions } from '../sandbox/grants.js';
import type { Limits, SandboxPolicy } from '../sandbox/policy.js';
import { assertServable } from '../toolchain/inspect.js';
import { ComponentInstance, type LinkedExport, type UpstreamAccess } from '../worker/instance.js';
import { planLinks, startOrder, type LinkPlan, type LinkSpec } from './links.js';
import { Upstreams, type UpstreamSpec } from './upstreams.js';
import type { ComponentEntry } from './manifest.js';

export interface PreparedComponent extends LoadedComponent {
  policy: SandboxPolicy;
  limits: Limits;
  /** Upstream servers it may reach (wasi:mcp/client). */
  upstreamNames: string[];
  granted: ReadonlySet<string>;
  /** Serves MCP (exports wasi:mcp/handlers), or only exports for others. */
  role: 'server' | 'library';
}

export interface Assembly {
  components: PreparedComponent[];
  links: LinkPlan;
  namespace: boolean;
  /** Upstream MCP servers, shared by the components granted them. */
  upstreams: Upstreams;
}

export async function prepareComponents(
  entries: ComponentEntry[],
  grants: GrantOptions,
  opts: {
    namespace: boolean;
    links?: LinkSpec[];
    upstreams?: Record<string, UpstreamSpec>;
    log: (line: string) => void;
    onLoaded?: (c: LoadedComponent) => void;
  },
): Promise<Assembly> {
  const components: PreparedComponent[] = [];
  for (const entry of entries) {
    const { policy, limits } = await resolveSandbox(entry.name, grants, process.env, entry.inline);
    const loaded = await loadComponent(entry.path, policy, entry.name);
    opts.onLoaded?.(loaded);
    const role = loaded.transpiled.exports.includes('wasi:mcp/handlers') ? 'server' : 'library';
    const upstreamNames = entry.upstreams ?? [];
    const granted = new Set(upstreamNames.length > 0 ? ['wasi:mcp/client'] : []);
    components.push({ ...loaded, policy, limits, role, upstreamNames, granted });
  }
  // A world the host cannot serve is refused first, for what it is, before
  // its imports are looked for among the other components.
  for (const c of components) {
    const offered = new Set([...c.granted, ...components.filter((o) => o !== c).flatMap((o) => o.transpiled.exports)]);
    if (c.role === 'server' || c.transpiled.imports.includes('wasi:mcp/client')) assertServable(c.path, c.transpiled, offered);
  }
  const links = planLinks(components, opts.links);
  for (const c of components) {
    if (c.role === 'server') continue;
    if (![...links.values()].some((l) => [...l.values()].includes(c.name))) {
      throw new UserError(`${c.name} is not an MCP server (it does not export wasi:mcp/handlers) and no other component imports from it`);
    }
  }
  if (!components.some((c) => c.role === 'server')) throw new UserError('none of the components is an MCP server (exports wasi:mcp/handlers)');
  return { components, links, namespace: opts.namespace, upstreams: new Upstreams(opts.upstreams ?? {}, opts.log) };
}

/** One ownership for several instances of the assembly (a pool's members): see sharedOwnership. */
export function assemblyOwnership(assembly: Assembly): Ownership<PartId> {
  return sharedOwnership(
    assembly.components.filter((c) => c.role === 'server').map((c) => c.name),
    assembly.namespace,
  );
}

/** Start every component (providers first) and return the one Backend that serves them. */
export async function startAssembly(assembly: Assembly, hostLog: (line: string) => void, owners?: Ownership<PartId>): Promise<Backend> {
  const exports = new Map<string, LinkedExport>(); // "provider iface" → export
  const started: { close(): Promise<void> }[] = [];
  const libraries: ComponentInstance<object>[] = [];
  const parts: { name: string; backend: Backend }[] = [];
  try {
    for (const c of startOrder(assembly.components, assembly.links)) {
      const links = new Map([...(assembly.links.get(c.name) ?? [])].map(([iface, provider]) => [iface, exports.get(`${provider} ${iface}`)!]));
      // What one component causes the host to log (its output, its dropped
      // messages, its faults) is metered for it alone: it cannot drown the others'.
      const log = lineBudget(c.name, hostLog);
      if (c.role === 'server') {
        const backend = await ComponentBackend.start(c, { sandbox: c.policy, limits: c.limits, log, links, upstreams: upstreamAccess(assembly.upstreams, c.upstreamNames) });
        started.push(backend);
        parts.push({ name: c.name, backend });
      } else {
        const instance = await ComponentInstance.start<object>({
          componentUrl: c.transpiled.componentUrl,
          componentImports: c.transpiled.imports,
          coreModules: c.coreModules,
          sandbox: c.policy,
          deadlineMs: c.limits.timeoutMs,
          startTimeoutMs: c.limits.startTimeoutMs,
          maxResultBytes: c.limits.maxResultBytes,
          log,
          links,
          library: true,
          onRuntimeCall: () => {},
          onRegister: () => ({ code: 'invalid-request', message: 'a library component does not register' }),
          onClientRequest: async () => {
            throw { code: 'invalid-request', message: 'a library component has no client' };
          },
        });
        started.push(instance);
        libraries.push(instance);
        for (const iface of c.transpiled.exports) {
          exports.set(`${c.name} ${iface}`, { provider: c.name, call: (fn, args) => instance.callExport(iface, fn, args, {}) });
        }
      }
    }
    return parts.length === 1 && libraries.length === 0 ? parts[0]!.backend : new CompositeBackend(parts, assembly.namespace, libraries, owners);
  } catch (err) {
    await Promise.all(started.map((s) => s.close()));
    throw err;
  }
}

/** The upstream servers one component was granted, and nothing else. */
function upstreamAccess(upstreams: Upstreams, names: string[]): UpstreamAccess | undefined {
  if (names.length === 0) return undefined;
  return {
    names,
    call: (server, fn, args) =>
      names.includes(server) ? upstreams.call(server, fn, args) : Promise.reject({ code: 'forbidden', message: `upstream "${server}" was not granted` }),
  };
}
