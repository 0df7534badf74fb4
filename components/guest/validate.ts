/**
 * Checks a server declaration when defineServer runs: at module top level,
 * so during `mcp-host build` (the build snapshots the initialized module),
 * and a mistake fails the build with a message naming the tool, resource
 * or prompt and the field. TypeScript catches most of these in an editor;
 * this catches them in JavaScript, in `any`-typed code, and in specs built
 * at run time (addTools).
 */

/** How a field is checked; `?` after the name marks it optional. */
type Kind = 'string' | 'number' | 'boolean' | 'object' | 'function' | 'array' | 'completers';

type Shape = Record<string, Kind>;

const TOOL: Shape = {
  name: 'string',
  'title?': 'string',
  description: 'string',
  'inputSchema?': 'object',
  'outputSchema?': 'object',
  'annotations?': 'object',
  run: 'function',
};
const RESOURCE: Shape = {
  uri: 'string',
  name: 'string',
  'title?': 'string',
  'description?': 'string',
  'mimeType?': 'string',
  'size?': 'number',
  read: 'function',
};
const TEMPLATE: Shape = {
  uriTemplate: 'string',
  name: 'string',
  'title?': 'string',
  'description?': 'string',
  'mimeType?': 'string',
  read: 'function',
  'complete?': 'completers',
};
const PROMPT: Shape = {
  name: 'string',
  'title?': 'string',
  'description?': 'string',
  'arguments?': 'array',
  get: 'function',
  'complete?': 'completers',
};
const PROMPT_ARGUMENT: Shape = { name: 'string', 'description?': 'string', 'required?': 'boolean' };
const SERVER: Shape = {
  name: 'string',
  version: 'string',
  'title?': 'string',
  'instructions?': 'string',
  'tools?': 'array',
  'resources?': 'array',
  'resourceTemplates?': 'array',
  'prompts?': 'array',
  'subscriptions?': 'boolean',
};

/** Names other SDKs use for the handler field. */
const HANDLER_ALIASES = ['handler', 'handle', 'execute', 'callback', 'fn', 'cb', 'func', 'function', 'impl', 'invoke', 'call', 'render'];

export class DeclarationError extends Error {
  constructor(problems: string[]) {
    super(
      problems.length === 1
        ? `mcp-host/guest: ${problems[0]}`
        : `mcp-host/guest: ${problems.length} problems in the server declaration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'DeclarationError';
  }
}

const describeValue = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return typeof value === 'function' ? 'a function' : `${typeof value} ${String(value)}`;
};

const isKind = (value: unknown, kind: Kind): boolean => {
  switch (kind) {
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'completers':
      return typeof value === 'object' && value !== null && Object.values(value).every((f) => typeof f === 'function');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0;
    default:
      return typeof value === kind;
  }
};

const kindText: Record<Kind, string> = {
  string: 'a string',
  number: 'a non-negative number',
  boolean: 'a boolean',
  object: 'an object',
  function: 'a function',
  array: 'an array',
  completers: 'an object of completer functions',
};

/** Edit distance, for "did you mean". Fields are short: the quadratic table is fine. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length]!;
}

function suggestion(unknown: string, fields: string[], handlerField: string | undefined): string | undefined {
  const lower = unknown.toLowerCase();
  const close = fields.find((f) => f.toLowerCase() === lower) ?? fields.find((f) => distance(f.toLowerCase(), lower) <= Math.max(1, Math.floor(f.length / 4)));
  if (close) return close;
  if (handlerField && HANDLER_ALIASES.includes(lower)) return handlerField;
  return undefined;
}

/** The problems of one declared object against its shape. */
function check(value: unknown, shape: Shape, what: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${what} must be an object, not ${describeValue(value)}`];
  const record = value as Record<string, unknown>;
  const fields = Object.keys(shape).map((k) => k.replace(/\?$/, ''));
  const handlerField = Object.entries(shape).find(([, kind]) => kind === 'function')?.[0];
  const problems: string[] = [];
  for (const key of Object.keys(record)) {
    if (fields.includes(key)) continue;
    const better = suggestion(key, fields, handlerField);
    problems.push(`${what}: unknown field "${key}"${better ? ` (did you mean "${better}"?)` : ''}; its fields are ${fields.join(', ')}`);
  }
  for (const [spec, kind] of Object.entries(shape)) {
    const optional = spec.endsWith('?');
    const field = spec.replace(/\?$/, '');
    const present = record[field];
    if (present === undefined) {
      if (optional) continue;
      const typo = Object.keys(record).find((k) => !fields.includes(k) && suggestion(k, fields, handlerField) === field);
      if (!typo) problems.push(`${what}: missing required field "${field}" (${kindText[kind]})`);
      continue;
    }
    if (!isKind(present, kind)) problems.push(`${what}: field "${field}" must be ${kindText[kind]}, not ${describeValue(present)}`);
  }
  return problems;
}

const label = (kind: string, item: unknown, index: number, key: string): string => {
  const name = (item as Record<string, unknown> | null)?.[key];
  return typeof name === 'string' && name.length > 0 ? `${kind} "${name}"` : `${kind} #${index + 1}`;
};

function checkList(list: unknown, kind: string, key: string, shape: Shape, extra?: (item: Record<string, unknown>, what: string) => string[]): string[] {
  if (!Array.isArray(list)) return [];
  const problems: string[] = [];
  const seen = new Set<unknown>();
  list.forEach((item, index) => {
    const what = label(kind, item, index, key);
    const own = check(item, shape, what);
    problems.push(...own);
    if (own.length === 0 && extra) problems.push(...extra(item as Record<string, unknown>, what));
    const id = (item as Record<string, unknown> | null)?.[key];
    if (typeof id === 'string') {
      if (id.length === 0) problems.push(`${what}: "${key}" must not be empty`);
      if (seen.has(id)) problems.push(`${what}: declared twice`);
      seen.add(id);
    }
  });
  return problems;
}

const TOOL_ANNOTATIONS: Shape = {
  'title?': 'string',
  'readOnlyHint?': 'boolean',
  'destructiveHint?': 'boolean',
  'idempotentHint?': 'boolean',
  'openWorldHint?': 'boolean',
};

const checkSchema = (field: string) => (tool: Record<string, unknown>, what: string): string[] => {
  const schema = tool[field] as Record<string, unknown> | undefined;
  if (schema === undefined || schema.type === 'object') return [];
  return [`${what}: ${field} must be a JSON Schema of an object ({ type: 'object', properties: { … } }), not one with type ${JSON.stringify(schema.type)}`];
};

const checkPromptArguments = (prompt: Record<string, unknown>, what: string): string[] =>
  ((prompt.arguments as unknown[] | undefined) ?? []).flatMap((arg, i) => check(arg, PROMPT_ARGUMENT, `${what}, argument ${label('', arg, i, 'name').trim()}`));

export const checkTools = (tools: unknown): string[] =>
  checkList(tools, 'tool', 'name', TOOL, (t, what) => [
    ...checkSchema('inputSchema')(t, what),
    ...checkSchema('outputSchema')(t, what),
    ...(t.annotations === undefined ? [] : check(t.annotations, TOOL_ANNOTATIONS, `${what}, annotations`)),
  ]);
export const checkResources = (resources: unknown): string[] =>
  checkList(resources, 'resource', 'uri', RESOURCE, (r, what) =>
    r.size === undefined || Number.isSafeInteger(r.size) ? [] : [`${what}: field "size" must be a whole number of bytes, not ${describeValue(r.size)}`],
  );
export const checkTemplates = (templates: unknown): string[] => checkList(templates, 'resource template', 'uriTemplate', TEMPLATE);
export const checkPrompts = (prompts: unknown): string[] => checkList(prompts, 'prompt', 'name', PROMPT, checkPromptArguments);

/** Throws a DeclarationError listing every problem of the declaration. */
export function validateServer(spec: unknown): void {
  const problems = check(spec, SERVER, 'the server (defineServer)');
  if (typeof spec === 'object' && spec !== null) {
    const s = spec as Record<string, unknown>;
    problems.push(...checkTools(s.tools), ...checkResources(s.resources), ...checkTemplates(s.resourceTemplates), ...checkPrompts(s.prompts));
  }
  if (problems.length > 0) throw new DeclarationError(problems);
}

/** For specs added while serving (addTools and the like). */
export function assertValid(problems: string[]): void {
  if (problems.length > 0) throw new DeclarationError(problems);
}
