/**
 * Many backends served as one (or one, with the library components it is
 * linked to): the union of their tools, resources,
 * templates and prompts. Each request goes to the part that offers it; each
 * part keeps its own sandbox and instance; notifications of every part reach
 * the client. Names that collide are refused at start, or, with
 * `namespace`, tools and prompts are prefixed with their part's name
 * (`notes.add_note`). Resource URIs cannot be renamed, so a URI offered by two
 * parts is always refused.
 */
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Implementation, ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { UserError } from '../errors.js';
import type { Backend, BackendNotification, CallContext, CompletionReference } from './backend.js';

export interface Part {
  /** Short name: the component file's name, or the manifest's. */
  name: string;
  backend: Backend;
}

export class CompositeBackend implements Backend {
  /**
   * @param companions what else to close with it: instances of library
   *   components the parts are linked to.
   */
  constructor(
    private readonly parts: Part[],
    private readonly namespace: boolean,
    private readonly companions: { close(): Promise<void> }[] = [],
  ) {
    const problems = [
      ...this.collisions('tool', (b) => b.listTools().map((t) => t.name), namespace),
      ...this.collisions('prompt', (b) => b.listPrompts().map((p) => p.name), namespace),
      ...this.collisions('resource', (b) => b.listResources().map((r) => r.uri), false),
      ...this.collisions('resource template', (b) => b.listResourceTemplates().map((t) => t.uriTemplate), false),
    ];
    if (problems.length > 0) {
      throw new UserError(
        `the components offer the same names: ${problems.join('; ')}`,
        namespace ? 'Rename them (resource URIs cannot be namespaced)' : 'Rename them, or pass --namespace to prefix tools and prompts with their component’s name',
      );
    }
  }

  serverInfo(): Implementation {
    if (this.parts.length === 1) return this.parts[0]!.backend.serverInfo();
    return { name: 'mcp-host', version: '1.0.0', title: this.parts.map((p) => p.backend.serverInfo().name).join(' + ') };
  }

  instructions(): string | undefined {
    if (this.parts.length === 1) return this.parts[0]!.backend.instructions();
    const all = this.parts.flatMap((p) => {
      const text = p.backend.instructions();
      return text ? [`${p.name}: ${text}`] : [];
    });
    return all.length > 0 ? all.join('\n\n') : undefined;
  }

  capabilities(): ServerCapabilities {
    const caps: ServerCapabilities = { logging: {} };
    for (const { backend } of this.parts) {
      const c = backend.capabilities();
      if (c.tools) caps.tools = { listChanged: true };
      if (c.prompts) caps.prompts = { listChanged: true };
      if (c.completions) caps.completions = {};
      if (c.resources) caps.resources = { listChanged: true, subscribe: Boolean(caps.resources?.subscribe || c.resources.subscribe) };
    }
    return caps;
  }

  listTools() {
    return this.parts.flatMap((p) => p.backend.listTools().map((t) => ({ ...t, name: this.outer(p, t.name) })));
  }
  listPrompts() {
    return this.parts.flatMap((p) => p.backend.listPrompts().map((t) => ({ ...t, name: this.outer(p, t.name) })));
  }
  listResources() {
    return this.parts.flatMap((p) => p.backend.listResources());
  }
  listResourceTemplates() {
    return this.parts.flatMap((p) => p.backend.listResourceTemplates());
  }

  callTool(name: string, args: Record<string, unknown>, ctx: CallContext) {
    const [part, inner] = this.byName(name, (b) => b.listTools().map((t) => t.name), 'tool');
    return part.backend.callTool(inner, args, ctx);
  }

  getPrompt(name: string, args: Record<string, string> | undefined, ctx: CallContext) {
    const [part, inner] = this.byName(name, (b) => b.listPrompts().map((p) => p.name), 'prompt');
    return part.backend.getPrompt(inner, args, ctx);
  }

  readResource(uri: string, ctx: CallContext) {
    return this.byUri(uri).backend.readResource(uri, ctx);
  }

  subscribe(uri: string) {
    return this.byUri(uri).backend.subscribe(uri);
  }

  unsubscribe(uri: string) {
    return this.byUri(uri).backend.unsubscribe(uri);
  }

  complete(ref: CompletionReference, argument: { name: string; value: string }, contextArguments: Record<string, string> | undefined, signal?: AbortSignal) {
    if (ref.type === 'ref/prompt') {
      const [part, inner] = this.byName(ref.name, (b) => b.listPrompts().map((p) => p.name), 'prompt');
      return part.backend.complete({ ...ref, name: inner }, argument, contextArguments, signal);
    }
    const part = this.parts.find((p) => p.backend.listResourceTemplates().some((t) => t.uriTemplate === ref.uri));
    if (!part) throw new McpError(ErrorCode.InvalidParams, `Unknown resource template: ${ref.uri}`);
    return part.backend.complete(ref, argument, contextArguments, signal);
  }

  onNotification(listener: (n: BackendNotification) => void): () => void {
    const stops = this.parts.map((p) => p.backend.onNotification(listener));
    return () => stops.forEach((stop) => stop());
  }

  async close(): Promise<void> {
    await Promise.all(this.parts.map((p) => p.backend.close()));
    await Promise.all(this.companions.map((c) => c.close()));
  }

  /** The name a client sees for a part's tool or prompt. */
  private outer(part: Part, name: string): string {
    return this.namespace ? `${part.name}.${name}` : name;
  }

  /** The part that offers a (client-side) tool or prompt name, and its own name for it. */
  private byName(name: string, names: (b: Backend) => string[], kind: string): [Part, string] {
    for (const part of this.parts) {
      const inner = this.namespace ? (name.startsWith(`${part.name}.`) ? name.slice(part.name.length + 1) : undefined) : name;
      if (inner !== undefined && names(part.backend).includes(inner)) return [part, inner];
    }
    throw new McpError(ErrorCode.InvalidParams, `Unknown ${kind}: ${name}`);
  }

  private byUri(uri: string): Part {
    const part =
      this.parts.find((p) => p.backend.listResources().some((r) => r.uri === uri)) ??
      this.parts.find((p) => p.backend.listResourceTemplates().some((t) => new UriTemplate(t.uriTemplate).match(uri)));
    if (!part) throw new McpError(-32002, `Resource not found: ${uri}`, { uri });
    return part;
  }

  private collisions(kind: string, names: (b: Backend) => string[], namespaced: boolean): string[] {
    if (namespaced) return [];
    const owners = new Map<string, string[]>();
    for (const part of this.parts) for (const name of names(part.backend)) owners.set(name, [...(owners.get(name) ?? []), part.name]);
    return [...owners].filter(([, who]) => who.length > 1).map(([name, who]) => `${kind} "${name}" (${who.join(', ')})`);
  }
}
