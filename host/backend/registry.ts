/**
 * What a component registered through `wasi:mcp/runtime`: its server info,
 * tools, resources, templates and prompts, in MCP shapes, already checked
 * (registration.ts). Registering an entry again replaces it; `add` says
 * which list changed, so the backend can send list_changed only when
 * something did (a re-created instance registers the same things again and
 * changes nothing). It holds at most REGISTRATION_LIMITS of each kind and of
 * bytes in all: `overLimit` says when a registration would pass them. Schemas
 * are checked elsewhere (schema-checks.ts), by each tool's key.
 */
import type { Prompt, Resource, ResourceTemplateType as ResourceTemplate, Tool } from '@modelcontextprotocol/server';
import { entryBytes, REGISTRATION_LIMITS, type CheckedServerInfo, type CheckedTemplate } from './registration.js';
import type { TemplateMatcher } from './uri-template.js';

export type ListName = 'tools' | 'resources' | 'prompts';

export interface RegisteredTool {
  tool: Tool;
  /** Names this definition's schemas for good (a tool registered again gets a new one): `${key} input`, `${key} output`. */
  key: string;
}

export type Registration =
  | { kind: 'tools'; items: Tool[] }
  | { kind: 'resources'; items: Resource[] }
  | { kind: 'templates'; items: CheckedTemplate[] }
  | { kind: 'prompts'; items: Prompt[] };

const CAPS: Record<Registration['kind'], number> = {
  tools: REGISTRATION_LIMITS.maxTools,
  resources: REGISTRATION_LIMITS.maxResources,
  templates: REGISTRATION_LIMITS.maxTemplates,
  prompts: REGISTRATION_LIMITS.maxPrompts,
};

export class Registry {
  server: CheckedServerInfo | undefined;
  readonly tools = new Map<string, RegisteredTool>();
  readonly resources = new Map<string, Resource>();
  readonly templates = new Map<string, { template: ResourceTemplate; matcher: TemplateMatcher }>();
  readonly prompts = new Map<string, Prompt>();
  /** Bytes of each entry, by kind and key: the total is capped. */
  private readonly sizes = new Map<string, number>();
  private totalBytes = 0;
  private nextKey = 1;

  /** The keys a registration names (tool and prompt names, URIs, templates). */
  static keys(r: Registration): string[] {
    switch (r.kind) {
      case 'tools':
      case 'prompts':
        return r.items.map((i) => i.name);
      case 'resources':
        return r.items.map((i) => i.uri);
      case 'templates':
        return r.items.map((i) => i.template.uriTemplate);
    }
  }

  /** Why a registration would break a limit, if it would; `add` it only if not. */
  overLimit(r: Registration): string | undefined {
    const map = this.map(r.kind);
    const keys = Registry.keys(r);
    const added = keys.filter((k) => !map.has(k)).length;
    if (map.size + added > CAPS[r.kind]) {
      return `a component may register at most ${CAPS[r.kind]} ${r.kind}; it has ${map.size} and this adds ${added}`;
    }
    if (r.kind === 'templates') {
      let program = 0;
      for (const [key, t] of this.templates) if (!keys.includes(key)) program += t.matcher.programSize;
      for (const t of r.items) program += t.matcher.programSize;
      if (program > REGISTRATION_LIMITS.maxTemplateProgram) {
        return `a component's resource templates may compile to at most ${REGISTRATION_LIMITS.maxTemplateProgram} instructions in all (each read is matched against each); this would make ${program}`;
      }
    }
    let total = this.totalBytes;
    r.items.forEach((item, i) => (total += entryBytes(this.visible(r.kind, item)) - (this.sizes.get(`${r.kind} ${keys[i]}`) ?? 0)));
    if (total > REGISTRATION_LIMITS.maxTotalBytes) {
      return `a component may register at most ${REGISTRATION_LIMITS.maxTotalBytes} bytes of definitions; this would make ${total}`;
    }
    return undefined;
  }

  /** Record a checked registration (after overLimit); returns the list it changed, if any. */
  add(r: Registration): ListName | undefined {
    const keys = Registry.keys(r);
    let changed = false;
    r.items.forEach((item, i) => {
      const key = keys[i]!;
      const visible = this.visible(r.kind, item);
      const existing = this.map(r.kind).get(key) as object | undefined;
      if (existing && JSON.stringify(this.visible(r.kind, existing)) === JSON.stringify(visible)) return;
      const size = entryBytes(visible);
      this.totalBytes += size - (this.sizes.get(`${r.kind} ${key}`) ?? 0);
      this.sizes.set(`${r.kind} ${key}`, size);
      if (r.kind === 'tools') this.tools.set(key, { tool: item as Tool, key: String(this.nextKey++) });
      else if (r.kind === 'resources') this.resources.set(key, item as Resource);
      else if (r.kind === 'templates') this.templates.set(key, item as CheckedTemplate);
      else this.prompts.set(key, item as Prompt);
      changed = true;
    });
    if (!changed) return undefined;
    return r.kind === 'templates' ? 'resources' : r.kind;
  }

  /** The registered resource template a URI matches, if any (linear in the URI for each template). */
  templateFor(uri: string): ResourceTemplate | undefined {
    for (const { template, matcher } of this.templates.values()) {
      if (matcher.matches(uri)) return template;
    }
    return undefined;
  }

  private map(kind: Registration['kind']): Map<string, unknown> {
    return kind === 'tools' ? this.tools : kind === 'resources' ? this.resources : kind === 'templates' ? this.templates : this.prompts;
  }

  /** The MCP value of an entry as clients see it (a tool without its validators, a template without its matcher). */
  private visible(kind: Registration['kind'], entry: object): object {
    if (kind === 'tools') return 'tool' in entry ? (entry as RegisteredTool).tool : entry;
    if (kind === 'templates') return (entry as CheckedTemplate).template;
    return entry;
  }
}
