/**
 * A component's register-* calls, checked and converted at the boundary:
 * every field's type and size, every schema (schema-check.ts) and template
 * (uri-template.ts), each item's bytes. What comes back is either MCP shapes
 * the registry can store as they are, or the WIT error the guest's call
 * returns. Nothing here throws on guest input.
 */
import type { Prompt, Resource, ResourceTemplateType as ResourceTemplate, Tool } from '@modelcontextprotocol/server';
import type { WitError, WitServerInfo } from '../worker/messages.js';
import { schemaProblem, SCHEMA_LIMITS } from './schema-check.js';
import { parseUriTemplate, URI_TEMPLATE_LIMITS, type TemplateMatcher } from './uri-template.js';

export const REGISTRATION_LIMITS = {
  /** Per component, of each kind. */
  maxTools: 10_000,
  maxResources: 10_000,
  /** Each read is matched against every template (linear in the URI for each): few, so that stays cheap. */
  maxTemplates: 100,
  /**
   * Instructions of all a component's templates' programs: a read is matched
   * against each, so this bounds a read's cost (a 1 KB literal template is
   * ~1,000 instructions, ~7 ms on an 8 KB URI; a usual one is 10 to 50).
   */
  maxTemplateProgram: 8192,
  maxPrompts: 10_000,
  /** Characters of a tool, prompt, argument or resource name. */
  maxNameLength: 128,
  /** Characters of a title, version or MIME type. */
  maxShortText: 1024,
  /** Characters of a description or the server's instructions. */
  maxDescription: 64 * 1024,
  /** Characters of a resource URI. */
  maxUriLength: URI_TEMPLATE_LIMITS.maxUriLength,
  maxPromptArguments: 64,
  /** Bytes of the experimental capabilities JSON. */
  maxExperimentalBytes: 64 * 1024,
  /** Bytes of everything one component registered, as JSON (what tools/list and the others send). */
  maxTotalBytes: 32 * 1024 * 1024,
};

const L = REGISTRATION_LIMITS;

export type Checked<T> = { ok: true; value: T } | { ok: false; error: WitError };

export interface CheckedTemplate {
  template: ResourceTemplate;
  matcher: TemplateMatcher;
}

export interface CheckedServerInfo {
  info: WitServerInfo;
  /** The experimental capabilities, parsed. */
  experimental?: Record<string, object>;
}

/** A refusal with the guest-facing reason, thrown inside this module only. */
class Refused extends Error {}

/** Run a check; a refusal (or anything unexpected) becomes the WIT error. */
function checked<T>(fn: () => T): Checked<T> {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    const message = err instanceof Refused ? err.message : `the host could not read the registration: ${(err as Error)?.message ?? String(err)}`;
    return { ok: false, error: { code: 'invalid-params', message } };
  }
}

export const checkServerInfo = (raw: unknown): Checked<CheckedServerInfo> =>
  checked(() => {
    const info = record(raw, 'server-info');
    const caps = record(info.capabilities, 'server-info.capabilities');
    const name = text(info.name, 'server-info.name', L.maxShortText, true);
    const experimentalBytes = caps.experimental === undefined ? undefined : bytes(record(caps.experimental, 'capabilities.experimental').data, 'capabilities.experimental.data');
    if (experimentalBytes && experimentalBytes.byteLength > L.maxExperimentalBytes) {
      throw new Refused(`capabilities.experimental is ${experimentalBytes.byteLength} bytes, over the limit of ${L.maxExperimentalBytes}`);
    }
    const experimental = experimentalBytes ? json(experimentalBytes, 'capabilities.experimental') : undefined;
    if (experimental !== undefined && !isPlainObject(experimental)) throw new Refused('capabilities.experimental must be a JSON object');
    const flags = (v: unknown, what: string, keys: string[]) => {
      if (v === undefined) return undefined;
      const r = record(v, what);
      return Object.fromEntries(keys.filter((k) => r[k] !== undefined).map((k) => [k, bool(r[k], `${what}.${k}`)]));
    };
    return {
      info: {
        name,
        version: text(info.version, 'server-info.version', L.maxShortText),
        title: optionalText(info.title, 'server-info.title', L.maxShortText),
        instructions: optionalText(info.instructions, 'server-info.instructions', L.maxDescription),
        capabilities: {
          completions: caps.completions === undefined ? false : bool(caps.completions, 'capabilities.completions'),
          logging: caps.logging,
          prompts: flags(caps.prompts, 'capabilities.prompts', ['listChanged']),
          resources: flags(caps.resources, 'capabilities.resources', ['subscribe', 'listChanged']),
          tools: flags(caps.tools, 'capabilities.tools', ['listChanged']),
          experimental: experimentalBytes ? { data: experimentalBytes } : undefined,
        },
      },
      experimental: experimental as Record<string, object> | undefined,
    };
  });

export const checkTools = (raw: unknown): Checked<Tool[]> =>
  checked(() =>
    list(raw, 'tools', L.maxTools, (t) => t.name).map((item, i) => {
      const t = record(item, `tools[${i}]`);
      const name = mcpName(t.name, `tools[${i}].name`);
      const what = `tool ${JSON.stringify(name)}`;
      const tool: Tool = {
        name,
        description: text(t.description, `${what}: description`, L.maxDescription),
        inputSchema: schema(t.inputSchema, `${what}: input-schema`) as Tool['inputSchema'],
      };
      const title = optionalText(t.title, `${what}: title`, L.maxShortText);
      if (title !== undefined) tool.title = title;
      if (t.outputSchema !== undefined) tool.outputSchema = schema(t.outputSchema, `${what}: output-schema`) as Tool['outputSchema'];
      if (t.annotations !== undefined) tool.annotations = annotations(t.annotations, what);
      return tool;
    }),
  );

export const checkResources = (raw: unknown): Checked<Resource[]> =>
  checked(() =>
    list(raw, 'resources', L.maxResources, (r) => r.uri).map((item, i) => {
      const r = record(item, `resources[${i}]`);
      const uri = text(r.uri, `resources[${i}].uri`, L.maxUriLength, true);
      const what = `resource ${JSON.stringify(uri)}`;
      const resource: Resource = { uri, name: text(r.name, `${what}: name`, L.maxShortText) };
      describe(resource, r, what);
      if (r.size !== undefined) {
        if (typeof r.size !== 'bigint' || r.size > BigInt(Number.MAX_SAFE_INTEGER)) throw new Refused(`${what}: size must be a u64 below 2^53`);
        resource.size = Number(r.size);
      }
      return resource;
    }),
  );

export const checkTemplates = (raw: unknown): Checked<CheckedTemplate[]> =>
  checked(() =>
    list(raw, 'resource templates', L.maxTemplates, (t) => t.uriTemplate).map((item, i) => {
      const t = record(item, `templates[${i}]`);
      const uriTemplate = text(t.uriTemplate, `templates[${i}].uri-template`, URI_TEMPLATE_LIMITS.maxLength, true);
      const what = `resource template ${JSON.stringify(uriTemplate)}`;
      const parsed = parseUriTemplate(uriTemplate);
      if (!parsed.ok) throw new Refused(`${what} is not a valid RFC 6570 URI template: ${parsed.reason}`);
      const template: ResourceTemplate = { uriTemplate, name: text(t.name, `${what}: name`, L.maxShortText) };
      describe(template, t, what);
      return { template, matcher: parsed.matcher };
    }),
  );

export const checkPrompts = (raw: unknown): Checked<Prompt[]> =>
  checked(() =>
    list(raw, 'prompts', L.maxPrompts, (p) => p.name).map((item, i) => {
      const p = record(item, `prompts[${i}]`);
      const name = mcpName(p.name, `prompts[${i}].name`);
      const what = `prompt ${JSON.stringify(name)}`;
      const prompt: Prompt = { name };
      const title = optionalText(p.title, `${what}: title`, L.maxShortText);
      if (title !== undefined) prompt.title = title;
      const description = optionalText(p.description, `${what}: description`, L.maxDescription);
      if (description !== undefined) prompt.description = description;
      if (p.arguments !== undefined) {
        prompt.arguments = list(p.arguments, `${what}: arguments`, L.maxPromptArguments, (a) => a.name).map((item, j) => {
          const a = record(item, `${what}: arguments[${j}]`);
          const arg: NonNullable<Prompt['arguments']>[number] = { name: text(a.name, `${what}: argument name`, L.maxNameLength, true) };
          const d = optionalText(a.description, `${what}: argument description`, L.maxDescription);
          if (d !== undefined) arg.description = d;
          if (a.required !== undefined) arg.required = bool(a.required, `${what}: argument required`);
          return arg;
        });
      }
      return prompt;
    }),
  );

/** Bytes an entry takes in a list result: what the per-component total counts. */
export const entryBytes = (entry: object): number => Buffer.byteLength(JSON.stringify(entry));

function describe(target: { title?: string; description?: string; mimeType?: string }, r: Record<string, unknown>, what: string): void {
  const title = optionalText(r.title, `${what}: title`, L.maxShortText);
  if (title !== undefined) target.title = title;
  const description = optionalText(r.description, `${what}: description`, L.maxDescription);
  if (description !== undefined) target.description = description;
  const mimeType = optionalText(r.mimeType, `${what}: mime-type`, L.maxShortText);
  if (mimeType !== undefined) target.mimeType = mimeType;
}

function annotations(raw: unknown, what: string): NonNullable<Tool['annotations']> {
  const a = record(raw, `${what}: annotations`);
  const out: NonNullable<Tool['annotations']> = {};
  const title = optionalText(a.title, `${what}: annotations.title`, L.maxShortText);
  if (title !== undefined) out.title = title;
  for (const key of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
    if (a[key] !== undefined) out[key] = bool(a[key], `${what}: annotations.${key}`);
  }
  return out;
}

/** A list of records, at most `max`, with no key twice. */
function list(raw: unknown, what: string, max: number, key: (item: Record<string, unknown>) => unknown): unknown[] {
  if (!Array.isArray(raw)) throw new Refused(`${what} must be a list`);
  if (raw.length > max) throw new Refused(`${raw.length} ${what} in one call, over the limit of ${max}`);
  const seen = new Set<unknown>();
  for (const item of raw) {
    const k = isPlainObject(item) ? key(item) : undefined;
    if (k !== undefined && seen.has(k)) throw new Refused(`${what}: ${JSON.stringify(k)} appears twice in one registration`);
    seen.add(k);
  }
  return raw;
}

function schema(raw: unknown, what: string): object {
  const b = bytes(raw, what);
  if (b.byteLength > SCHEMA_LIMITS.maxBytes) throw new Refused(`${what} is ${b.byteLength} bytes, over the limit of ${SCHEMA_LIMITS.maxBytes}`);
  const value = json(b, what);
  if (!isPlainObject(value)) throw new Refused(`${what} must be a JSON object`);
  const problem = schemaProblem(value);
  if (problem) throw new Refused(`${what} is refused: ${problem}`);
  return value;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function json(b: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(utf8.decode(b));
  } catch (err) {
    throw new Refused(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (!isPlainObject(v)) throw new Refused(`${what} must be a record`);
  return v;
}

function bytes(v: unknown, what: string): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new Refused(`${what} must be bytes`);
  return v;
}

function bool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') throw new Refused(`${what} must be a bool`);
  return v;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

function text(v: unknown, what: string, max: number, name = false): string {
  if (typeof v !== 'string') throw new Refused(`${what} must be a string`);
  if (name && v.length === 0) throw new Refused(`${what} must not be empty`);
  if (v.length > max) throw new Refused(`${what} is ${v.length} characters, over the limit of ${max}`);
  if (name && CONTROL.test(v)) throw new Refused(`${what} must not contain control characters`);
  return v;
}

/**
 * A tool or prompt name: the MCP spec's (2025-11-25) charset, ASCII letters,
 * digits, `_`, `-` and `.`, 1 to 128 characters. Names are what a client (and
 * a model) tells components apart by: outside it, `add_note` followed by a
 * zero-width space, with a Cyrillic "е", in fullwidth or behind a bidi mark
 * would read as another component's `add_note`.
 */
const MCP_NAME = /^[A-Za-z0-9_.-]+$/;

function mcpName(v: unknown, what: string): string {
  const name = text(v, what, L.maxNameLength, true);
  if (!MCP_NAME.test(name)) {
    const bad = [...name].find((c) => !MCP_NAME.test(c))!;
    const code = `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new Refused(`${what} ${JSON.stringify(name)} has ${code}: a name is ASCII letters, digits, "_", "-" and "." (the MCP spec's tool names)`);
  }
  return name;
}

const optionalText = (v: unknown, what: string, max: number): string | undefined => (v === undefined ? undefined : text(v, what, max));

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
