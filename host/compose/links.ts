/**
 * Run-time linking: which component provides each interface another one
 * imports (a manifest's `links`, or the one component that exports it), and
 * whether the two agree on its types before anything runs. Types are compared
 * through jco's TypeScript rendering of the interface on each side (the
 * transpile cache keeps it): the same WIT gives the same text.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { TranspiledComponent } from '../toolchain/transpile.js';
import { hostProvides } from '../toolchain/inspect.js';

export interface Linkable {
  name: string;
  transpiled: TranspiledComponent;
  /** Interfaces the host provides to this component beyond the usual (wasi:mcp/client when granted upstreams). */
  granted?: ReadonlySet<string>;
}

/** An explicit link: `component` imports `import` from `from`. */
export interface LinkSpec {
  component: string;
  import: string;
  from: string;
}

/** For each component: interface → name of the component that provides it. */
export type LinkPlan = Map<string, Map<string, string>>;

export function planLinks(components: Linkable[], explicit: LinkSpec[] = []): LinkPlan {
  const byName = new Map(components.map((c) => [c.name, c]));
  const plan: LinkPlan = new Map();
  for (const spec of explicit) {
    if (!byName.has(spec.component)) throw new UserError(`link: no component named "${spec.component}"`);
    if (!byName.has(spec.from)) throw new UserError(`link: no component named "${spec.from}"`);
  }
  for (const c of components) {
    const links = new Map<string, string>();
    for (const iface of c.transpiled.imports.filter((i) => !hostProvides(i) && !c.granted?.has(i))) {
      const chosen = explicit.find((l) => l.component === c.name && unversioned(l.import) === iface)?.from;
      const exporters = components.filter((p) => p !== c && p.transpiled.exports.includes(iface)).map((p) => p.name);
      const provider = chosen ?? exporters[0];
      if (!provider) {
        throw new UserError(`${c.name} imports ${iface}, which neither mcp-host nor any other component provides`, 'Add a component that exports it');
      }
      if (!chosen && exporters.length > 1) {
        throw new UserError(`${c.name} imports ${iface}, which ${exporters.join(' and ')} all export`, 'Choose one with "links" in a manifest');
      }
      if (!byName.get(provider)!.transpiled.exports.includes(iface)) throw new UserError(`link: ${provider} does not export ${iface}`);
      checkTypes(c, byName.get(provider)!, iface);
      links.set(iface, provider);
    }
    plan.set(c.name, links);
  }
  startOrder(components, plan); // refuses cycles
  return plan;
}

/** Providers before the components that import from them. */
export function startOrder<T extends Linkable>(components: T[], plan: LinkPlan): T[] {
  const order: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (c: T, path: string[]): void => {
    if (state.get(c.name) === 'done') return;
    if (state.get(c.name) === 'visiting') throw new UserError(`components import from each other in a cycle: ${[...path, c.name].join(' → ')}`);
    state.set(c.name, 'visiting');
    for (const provider of plan.get(c.name)?.values() ?? []) visit(components.find((p) => p.name === provider)!, [...path, c.name]);
    state.set(c.name, 'done');
    order.push(c);
  };
  for (const c of components) visit(c, []);
  return order;
}

/** Throws, naming both, when `importer` and `provider` disagree on the types of `iface` (unversioned). */
export function checkTypes(importer: Linkable, provider: Linkable, iface: string): void {
  const [theirs, ours] = [provider, importer].map((c) => interfaceTypes(c, iface));
  if (theirs === undefined || ours === undefined || theirs === ours) return;
  const a = ours.split('\n');
  const b = theirs.split('\n');
  const i = a.findIndex((line, k) => line !== b[k]);
  throw new UserError(
    `${importer.name} and ${provider.name} disagree on the types of ${iface}: ` +
      `${importer.name} imports \`${a[i] ?? '(nothing)'}\` where ${provider.name} exports \`${b[i] ?? '(nothing)'}\``,
    'Rebuild both against the same WIT',
  );
}

/** jco's TypeScript rendering of one interface, normalized; undefined if it has none. */
function interfaceTypes(c: Linkable, iface: string): string | undefined {
  const file = join(c.transpiled.dir, 'interfaces', `${iface.replace(/[:/]/g, '-')}.d.ts`);
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .replace(/\/\*\*[\s\S]*?\*\//g, '')
    .split('\n')
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter(Boolean)
    .join('\n');
}

const unversioned = (name: string): string => name.replace(/@[^/]*$/, '');
