/**
 * Which composed component owns each name a client can ask for: tool and
 * prompt names (as the client sees them: `part.name` with namespacing),
 * resource URIs and resource templates. The same rule holds at start and for
 * every registration while serving (including an instance's entry
 * registering again after it was re-created): a name another component owns
 * is refused. So one component can never take another's calls or reads.
 *
 * URIs are also matched by templates, which can overlap in ways no check at
 * registration can see. A URI goes to its earliest claim: a registered
 * resource first, else the template registered earliest. Claims made at
 * start are simultaneous: there a registered resource comes before a
 * template, and a URI that templates of two components match at start is
 * ambiguous, and refused rather than given to either. While serving, a
 * resource whose URI already belongs to another component is refused, and
 * so is a template that matches another component's registered resource.
 */
import { parseUriTemplate, type TemplateMatcher } from './uri-template.js';

export type ClaimKind = 'tools' | 'prompts' | 'resources' | 'templates';

interface TemplateClaim<P> {
  part: P;
  template: string;
  matcher: TemplateMatcher;
  /** 0 at start; then in the order of registration. */
  seq: number;
}

export type UriOwner<P> = { part: P } | { ambiguous: P[] } | undefined;

export class Ownership<P extends { name: string }> {
  private readonly names = { tools: new Map<string, { part: P; inner: string }>(), prompts: new Map<string, { part: P; inner: string }>() };
  private readonly resources = new Map<string, P>();
  private readonly templateOwners = new Map<string, P>();
  private readonly templates: TemplateClaim<P>[] = [];
  private seq = 0;

  constructor(
    /** Who may own names; compared by identity. */
    readonly parts: readonly P[],
    private readonly namespace: boolean,
  ) {}

  /** The name a client sees for a part's tool or prompt. */
  outer(part: P, name: string): string {
    return this.namespace ? `${part.name}.${name}` : name;
  }

  /**
   * Record what every part registered before serving; returns each
   * collision, for the start-up error (nothing is recorded for those).
   */
  claimAtStart(lists: { part: P; kind: ClaimKind; keys: string[] }[]): string[] {
    const problems: string[] = [];
    for (const { part, kind, keys } of lists) {
      for (const key of keys) {
        const why = this.refusal(part, kind, key, true);
        if (why) problems.push(why);
        else this.record(part, kind, key);
      }
    }
    return problems;
  }

  /** A registration made while serving: why it is refused, or undefined and it is recorded. Whole or nothing. */
  claim(part: P, kind: ClaimKind, keys: string[], matchers?: ReadonlyMap<string, TemplateMatcher>): string | undefined {
    for (const key of keys) {
      const why = this.refusal(part, kind, key, false, matchers);
      if (why) return why;
    }
    this.seq++;
    for (const key of keys) this.record(part, kind, key, matchers);
    return undefined;
  }

  /** A template's matcher: the one registration made, else parsed here. */
  private matcherFor(template: string, given: ReadonlyMap<string, TemplateMatcher> | undefined): TemplateMatcher | undefined {
    const known = given?.get(template);
    if (known) return known;
    const parsed = parseUriTemplate(template);
    return parsed.ok ? parsed.matcher : undefined;
  }

  /** The part offering a client-side tool or prompt name, and its own name for it. */
  byName(kind: 'tools' | 'prompts', outer: string): { part: P; inner: string } | undefined {
    return this.names[kind].get(outer);
  }

  /** Who serves a URI: its registered resource's part, else its earliest template claim's. */
  byUri(uri: string): UriOwner<P> {
    const exact = this.resources.get(uri);
    if (exact) return { part: exact };
    let earliest = Infinity;
    let owners: P[] = [];
    for (const claim of this.templates) {
      if (claim.seq > earliest || !claim.matcher.matches(uri)) continue;
      if (claim.seq < earliest) [earliest, owners] = [claim.seq, []];
      if (!owners.includes(claim.part)) owners.push(claim.part);
    }
    if (owners.length === 0) return undefined;
    return owners.length === 1 ? { part: owners[0]! } : { ambiguous: owners };
  }

  /** The part that registered a template (for completions), by its text. */
  byTemplate(template: string): P | undefined {
    return this.templateOwners.get(template);
  }

  private refusal(part: P, kind: ClaimKind, key: string, atStart: boolean, matchers?: ReadonlyMap<string, TemplateMatcher>): string | undefined {
    const other = (owner: P | undefined) => owner !== undefined && owner !== part;
    switch (kind) {
      case 'tools':
      case 'prompts': {
        const noun = kind === 'tools' ? 'tool' : 'prompt';
        const outer = this.outer(part, key);
        const owner = this.names[kind].get(outer)?.part;
        if (other(owner)) return atStart ? `${noun} "${outer}" (${owner!.name}, ${part.name})` : `${noun} "${outer}" belongs to ${owner!.name} (wanted by ${part.name})`;
        // With namespacing, a name must read as its own part's: `a`'s `b.c` would pass for part `a.b`'s `c`.
        const lookalike = this.namespace && this.parts.find((q) => q !== part && q.name.length > part.name.length && outer.startsWith(`${q.name}.`));
        if (lookalike) return `${noun} "${outer}" of ${part.name} would read as one of ${lookalike.name}'s`;
        return undefined;
      }
      case 'resources': {
        const owner = this.resources.get(key);
        if (other(owner)) return atStart ? `resource "${key}" (${owner!.name}, ${part.name})` : `resource "${key}" belongs to ${owner!.name} (wanted by ${part.name})`;
        if (atStart) return undefined; // at start a resource comes before any template
        const current = this.byUri(key);
        // A part may always register a resource its own template covers: another's overlapping template cannot block it.
        if (current && 'ambiguous' in current && !current.ambiguous.includes(part)) return `resource "${key}" matches resource templates of ${current.ambiguous.map((p) => p.name).join(' and ')}`;
        if (current && 'part' in current && other(current.part)) return `resource "${key}" belongs to ${current.part.name}, whose resource template matches it (wanted by ${part.name})`;
        return undefined;
      }
      case 'templates': {
        const owner = this.templateOwners.get(key);
        if (other(owner)) return atStart ? `resource template "${key}" (${owner!.name}, ${part.name})` : `resource template "${key}" belongs to ${owner!.name} (wanted by ${part.name})`;
        const matcher = this.matcherFor(key, matchers);
        if (!matcher) return `resource template "${key}" does not parse`;
        if (atStart) {
          // Claims at start are simultaneous: two parts' templates that can match one URI would make it ambiguous.
          const rival = this.templates.find((t) => other(t.part) && prefixesOverlap(t.template, key));
          return rival && `resource templates "${rival.template}" (${rival.part.name}) and "${key}" (${part.name}) can match the same URIs`;
        }
        // It could never take another's registered resource (those come first), but one that would is a sign of intent: refused.
        for (const [uri, owner] of this.resources) {
          if (other(owner) && matcher.matches(uri)) return `resource template "${key}" matches resource "${uri}" of ${owner.name} (wanted by ${part.name})`;
        }
        return undefined;
      }
    }
  }

  private record(part: P, kind: ClaimKind, key: string, matchers?: ReadonlyMap<string, TemplateMatcher>): void {
    switch (kind) {
      case 'tools':
      case 'prompts':
        this.names[kind].set(this.outer(part, key), { part, inner: key });
        return;
      case 'resources':
        this.resources.set(key, part);
        return;
      case 'templates': {
        if (this.templateOwners.has(key)) return; // registered again (e.g. by a re-created instance): it keeps its first claim
        const matcher = this.matcherFor(key, matchers);
        if (!matcher) return;
        this.templateOwners.set(key, part);
        this.templates.push({ part, template: key, matcher, seq: this.seq });
      }
    }
  }
}

/**
 * Could two templates match one URI, judged by their literal prefixes (the
 * text before the first expression)? When one prefix starts the other, some
 * URI may match both; when neither does, none can.
 */
function prefixesOverlap(a: string, b: string): boolean {
  const prefix = (t: string) => (t.includes('{') ? t.slice(0, t.indexOf('{')) : t);
  const [p, q] = [prefix(a), prefix(b)];
  return p.startsWith(q) || q.startsWith(p);
}
