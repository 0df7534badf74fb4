/**
 * Many backends served as one (or one, with the library components it is
 * linked to): the union of their tools, resources,
 * templates and prompts. Each request goes to the part that offers it; each
 * part keeps its own sandbox and instance; notifications of every part reach
 * the client. Names that collide are refused at start, or, with
 * `namespace`, tools and prompts are prefixed with their part's name
 * (`notes.add_note`). Resource URIs cannot be renamed, so a URI offered by two
 * parts is always refused. The same rule holds for what a part registers
 * while serving, and routing asks who owns a name (ownership.ts), so no part
 * can take another's calls or reads.
 */
import { ProtocolErrorCode, ProtocolError } from '@modelcontextprotocol/server';
import type { Implementation, ServerCapabilities } from '@modelcontextprotocol/server';
import { UserError } from '../errors.js';
import type { Backend, BackendNotification, CallContext, CompletionReference } from './backend.js';
import { Ownership, type ClaimKind } from './ownership.js';

export interface Part {
  /** Short name: the component file's name, or the manifest's. */
  name: string;
  backend: Backend;
}

/** A part as ownership knows it: by name, the same for every instance of the assembly. */
export interface PartId {
  readonly name: string;
}

/**
 * One ownership for every instance of an assembly (the members of a pool):
 * a claim made through one member holds on all, so a part cannot register
 * another's name on one member and take its calls there.
 */
export function sharedOwnership(partNames: string[], namespace: boolean): Ownership<PartId> {
  return new Ownership(
    partNames.map((name) => ({ name })),
    namespace,
  );
}

export class CompositeBackend implements Backend {
  private readonly owners: Ownership<PartId>;

  /**
   * @param companions what else to close with it: instances of library
   *   components the parts are linked to.
   * @param owners shared with the other instances of the same assembly (sharedOwnership); its own if none.
   */
  constructor(
    private readonly parts: Part[],
    namespace: boolean,
    private readonly companions: { close(): Promise<void> }[] = [],
    owners?: Ownership<PartId>,
  ) {
    this.owners = owners ?? sharedOwnership(parts.map((p) => p.name), namespace);
    const lists: { part: PartId; kind: ClaimKind; keys: string[] }[] = parts.map((p) => [this.id(p), p] as const).flatMap(([id, part]) => [
      { part: id, kind: 'tools' as const, keys: part.backend.listTools().map((t) => t.name) },
      { part: id, kind: 'prompts' as const, keys: part.backend.listPrompts().map((p) => p.name) },
      { part: id, kind: 'resources' as const, keys: part.backend.listResources().map((r) => r.uri) },
      { part: id, kind: 'templates' as const, keys: part.backend.listResourceTemplates().map((t) => t.uriTemplate) },
    ]);
    const problems = this.owners.claimAtStart(lists);
    if (problems.length > 0) {
      throw new UserError(
        `the components offer the same names: ${problems.join('; ')}`,
        namespace
          ? 'Rename them (resource URIs and templates cannot be namespaced)'
          : 'Rename them, or pass --namespace to prefix tools and prompts with their component’s name (resource URIs and templates cannot be namespaced)',
      );
    }
    for (const part of parts) part.backend.guardRegistrations?.((kind, keys, matchers) => this.owners.claim(this.id(part), kind, keys, matchers));
  }

  /** A part's identity in the (possibly shared) ownership. */
  private id(part: Part): PartId {
    const id = this.owners.parts.find((q) => q.name === part.name);
    if (!id) throw new Error(`part ${part.name} is not in the ownership it was given`);
    return id;
  }

  /** This instance's part for an ownership identity. */
  private part(id: PartId): Part {
    return this.parts.find((p) => p.name === id.name)!;
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
    return this.parts.flatMap((p) => p.backend.listTools().map((t) => ({ ...t, name: this.owners.outer(this.id(p), t.name) })));
  }
  listPrompts() {
    return this.parts.flatMap((p) => p.backend.listPrompts().map((t) => ({ ...t, name: this.owners.outer(this.id(p), t.name) })));
  }
  listResources() {
    return this.parts.flatMap((p) => p.backend.listResources());
  }
  listResourceTemplates() {
    return this.parts.flatMap((p) => p.backend.listResourceTemplates());
  }

  callTool(name: string, args: Record<string, unknown>, ctx: CallContext) {
    const [part, inner] = this.byName('tools', name);
    return part.backend.callTool(inner, args, ctx);
  }

  getPrompt(name: string, args: Record<string, string> | undefined, ctx: CallContext) {
    const [part, inner] = this.byName('prompts', name);
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
      const [part, inner] = this.byName('prompts', ref.name);
      return part.backend.complete({ ...ref, name: inner }, argument, contextArguments, signal);
    }
    const owner = this.owners.byTemplate(ref.uri);
    if (!owner) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown resource template: ${ref.uri}`);
    return this.part(owner).backend.complete(ref, argument, contextArguments, signal);
  }

  onNotification(listener: (n: BackendNotification) => void): () => void {
    const stops = this.parts.map((p) => p.backend.onNotification(listener));
    return () => stops.forEach((stop) => stop());
  }

  async close(): Promise<void> {
    await Promise.all(this.parts.map((p) => p.backend.close()));
    await Promise.all(this.companions.map((c) => c.close()));
  }

  /** The part that owns a (client-side) tool or prompt name, and its own name for it. */
  private byName(kind: 'tools' | 'prompts', name: string): [Part, string] {
    const owner = this.owners.byName(kind, name);
    if (!owner) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown ${kind === 'tools' ? 'tool' : 'prompt'}: ${name}`);
    return [this.part(owner.part), owner.inner];
  }

  /** The part that owns a URI (ownership.ts): its resource's, else its earliest template's; refused when ambiguous. */
  private byUri(uri: string): Part {
    const owner = this.owners.byUri(uri);
    if (!owner) throw new ProtocolError(-32002, `Resource not found: ${uri}`, { uri });
    if ('ambiguous' in owner) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Resource ${uri} matches resource templates of ${owner.ambiguous.map((p) => p.name).join(' and ')}; refused as ambiguous`,
        { uri },
      );
    }
    return this.part(owner.part);
  }
}
