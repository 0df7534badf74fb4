/**
 * Resource templates (RFC 6570, levels 1-4) as the host checks and matches
 * them. The host only needs "could this URI come from this template?" (to say
 * not-found, and to route among composed components); the component extracts
 * its own variables. The SDK's UriTemplate builds a backtracking RegExp from
 * the guest's template, and throws on one that does not parse: here a
 * template is parsed strictly (a bad one is refused at registration, with
 * the reason) and matched on RE2, in time linear in the URI.
 */
import { RE2JS } from 're2js';

export const URI_TEMPLATE_LIMITS = {
  /** Characters in a template. */
  maxLength: 1024,
  /** `{...}` expressions in a template. */
  maxExpressions: 32,
  /** A URI longer than this matches no template (it can still name a registered resource). */
  maxUriLength: 8192,
};

export type TemplateParse = { ok: true; matcher: TemplateMatcher } | { ok: false; reason: string };

export interface TemplateMatcher {
  matches(uri: string): boolean;
  /** Instructions in its compiled program: what one character of a URI that passes the prefix costs, at most. */
  readonly programSize: number;
}

const OPERATORS = new Set(['+', '#', '.', '/', ';', '?', '&']);
/** Reserved by RFC 6570 for future operators. */
const RESERVED_OPERATORS = new Set(['=', ',', '!', '@', '|']);
const VARNAME = /^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+(?:\.(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+)*$/;
const MODIFIER = /^(?::[1-9][0-9]{0,3}|\*)$/;
// Characters RFC 6570 forbids in literals, besides braces (handled by the parser).
// eslint-disable-next-line no-control-regex
const BAD_LITERAL = /[\x00-\x20"'<>\\^`|\x7f]/;

/**
 * What each operator's expansion can look like, as RE2 syntax, loose enough
 * for every expansion (empty, exploded, several variables): a URI a template
 * could produce must match; a few it could not may match too, and the
 * component answers those.
 */
const EXPANSION: Record<string, string> = {
  '': '[^/]*',
  '+': '.*',
  '#': '(?:#.*)?',
  '.': '(?:\\.[^/]*)?',
  '/': '(?:/.*)?',
  ';': '(?:;[^/]*)?',
  '?': '(?:\\?.*)?',
  '&': '(?:&.*)?',
};

export function parseUriTemplate(template: unknown): TemplateParse {
  if (typeof template !== 'string' || template.length === 0) return { ok: false, reason: 'the template is empty' };
  const { maxLength, maxExpressions } = URI_TEMPLATE_LIMITS;
  if (template.length > maxLength) return { ok: false, reason: `the template is ${template.length} characters, over the limit of ${maxLength}` };
  let source = '';
  let expressions = 0;
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    const literal = template.slice(i, open === -1 ? template.length : open);
    if (literal.includes('}')) return { ok: false, reason: `unmatched "}" at ${i + literal.indexOf('}')}` };
    if (BAD_LITERAL.test(literal)) return { ok: false, reason: `a character not allowed in a URI template at ${i + literal.search(BAD_LITERAL)}` };
    source += RE2JS.quote(literal);
    if (open === -1) break;
    const close = template.indexOf('}', open);
    if (close === -1) return { ok: false, reason: `unclosed expression at ${open}` };
    if (++expressions > maxExpressions) return { ok: false, reason: `more than ${maxExpressions} expressions` };
    const problem = checkExpression(template.slice(open + 1, close));
    if (problem) return { ok: false, reason: `expression at ${open}: ${problem}` };
    source += EXPANSION[operatorOf(template.slice(open + 1, close))]!;
    i = close + 1;
  }
  const regex = RE2JS.compile(`^${source}$`, RE2JS.DOTALL);
  const maxUri = URI_TEMPLATE_LIMITS.maxUriLength;
  // The literal text before the first expression: most URIs are told apart by it, without running the regex.
  const prefix = template.slice(0, template.includes('{') ? template.indexOf('{') : template.length);
  const programSize = (regex as unknown as { re2Input?: { prog?: { numInst?: () => number } } }).re2Input?.prog?.numInst?.() ?? source.length;
  return { ok: true, matcher: { matches: (uri) => uri.length <= maxUri && uri.startsWith(prefix) && regex.test(uri), programSize } };
}

const operatorOf = (expr: string): string => (OPERATORS.has(expr[0] ?? '') ? expr[0]! : '');

/** Why an expression's body (between the braces) is not RFC 6570, if it is not. */
function checkExpression(expr: string): string | undefined {
  if (expr.includes('{')) return 'a "{" inside an expression';
  if (RESERVED_OPERATORS.has(expr[0] ?? '')) return `operator "${expr[0]}" is reserved`;
  const list = expr.slice(operatorOf(expr).length);
  if (list.length === 0) return 'no variable';
  for (const spec of list.split(',')) {
    const m = /^([^:*]*)(.*)$/.exec(spec)!;
    if (!VARNAME.test(m[1]!)) return `"${spec}" is not a variable name`;
    if (m[2] && !MODIFIER.test(m[2])) return `"${m[2]}" is not a modifier (":1" to ":9999", or "*")`;
  }
  return undefined;
}
