/**
 * What handlers return → the WIT records the host gets. Accepts the guest
 * library's helpers (`text(…)`, `{ tag, val }`) and the shapes MCP authors
 * write (`{ type: 'text', text }`, image, audio, resource, resource_link,
 * base64 strings for data and blobs). Anything else is a ResultError naming
 * the handler and what it returned: the caller turns it into an error
 * result, never empty content and never a trap.
 */
import type { Annotations, ContentBlock, EmbeddedResource } from 'wasi:mcp/content@0.1.0';
import type { PromptContents, ToolResult } from 'wasi:mcp/handlers@0.1.0';
import { jsonBytes, text } from './content.js';

export class ResultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResultError';
  }
}

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

function shown(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `<${v.length} bytes>` : v));
    return json === undefined ? String(value) : json.length > 80 ? `${json.slice(0, 80)}…` : json;
  } catch {
    return String(value);
  }
}

const TOOL_SHAPES =
  "a tool returns a string, a content block ({ type: 'text', text } or text(…)), an array of them, or { content, structuredContent, isError }";

/** base64 (MCP's encoding of data and blobs) or bytes. */
function bytes(value: unknown, where: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') {
    try {
      const binary = atob(value);
      const out = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
      return out;
    } catch {
      throw new ResultError(`${where} is not valid base64`);
    }
  }
  throw new ResultError(`${where} must be a base64 string or a Uint8Array, not ${shown(value)}`);
}

const str = (value: unknown, where: string): string => {
  if (typeof value !== 'string') throw new ResultError(`${where} must be a string, not ${shown(value)}`);
  return value;
};
const optStr = (value: unknown, where: string): string | undefined => (value === undefined || value === null ? undefined : str(value, where));
/** MCP annotations, checked field by field: a wrong type would trap when the host lowers it. */
function annotations(value: unknown, where = 'annotations'): Annotations | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new ResultError(`${where} must be an object, not ${shown(value)}`);
  const { audience, priority, lastModified } = value;
  if (audience !== undefined && !(Array.isArray(audience) && audience.every((r) => r === 'user' || r === 'assistant'))) {
    throw new ResultError(`${where}.audience must be an array of 'user' and 'assistant', not ${shown(audience)}`);
  }
  if (priority !== undefined && (typeof priority !== 'number' || !(priority >= 0 && priority <= 1))) {
    throw new ResultError(`${where}.priority must be a number from 0 to 1, not ${shown(priority)}`);
  }
  return { audience: audience as Annotations['audience'], priority: priority as number | undefined, lastModified: optStr(lastModified, `${where}.lastModified`) };
}

/** An MCP resource (`{ uri, text }` or `{ uri, blob }`, blob in base64 or bytes) → WIT embedded-resource. */
export function embedded(value: unknown, where: string): EmbeddedResource {
  if (!isRecord(value)) throw new ResultError(`${where} must be { uri, text } or { uri, blob }, not ${shown(value)}`);
  const hasText = value.text !== undefined && value.text !== null;
  const hasBlob = value.blob !== undefined && value.blob !== null;
  if (hasText === hasBlob) throw new ResultError(`${where} must have exactly one of text and blob, not ${shown(value)}`);
  return {
    uri: str(value.uri, `${where}.uri`),
    mimeType: optStr(value.mimeType, `${where}.mimeType`),
    text: hasText ? str(value.text, `${where}.text`) : undefined,
    blob: hasBlob ? bytes(value.blob, `${where}.blob`) : undefined,
    annotations: annotations(value.annotations, `${where}.annotations`),
  };
}

const WIT_TAGS = ['text', 'image', 'audio', 'embedded-resource', 'resource-link'];

/** One content block, WIT-shaped or MCP-shaped; undefined if `value` is neither. */
function block(value: unknown, where: string): ContentBlock | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.tag === 'string' && 'val' in value) {
    // The helpers' shape ({ tag, val }): checked like MCP's, since a wrong field would trap in the host's lowering.
    if (!WIT_TAGS.includes(value.tag)) throw new ResultError(`${where} has unknown tag ${shown(value.tag)}`);
    const val = value.val;
    if (!isRecord(val)) throw new ResultError(`${where}.val must be an object, not ${shown(val)}`);
    if (value.tag === 'embedded-resource') return { tag: 'embedded-resource', val: embedded(val, `${where}.val`) };
    const size = val.size;
    const type = value.tag === 'resource-link' ? 'resource_link' : value.tag;
    return block({ ...val, type, size: typeof size === 'bigint' ? Number(size) : size }, `${where}.val`);
  }
  switch (value.type) {
    case 'text':
      return text(str(value.text, `${where}.text`), annotations(value.annotations, `${where}.annotations`));
    case 'image':
    case 'audio':
      return {
        tag: value.type,
        val: { data: bytes(value.data, `${where}.data`), mimeType: str(value.mimeType, `${where}.mimeType`), annotations: annotations(value.annotations, `${where}.annotations`) },
      };
    case 'resource':
      return { tag: 'embedded-resource', val: { ...embedded(value.resource, `${where}.resource`), annotations: annotations(value.annotations, `${where}.annotations`) } };
    case 'resource_link': {
      const size = value.size;
      if (size !== undefined && (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)) {
        throw new ResultError(`${where}.size must be a non-negative integer, not ${shown(size)}`);
      }
      return {
        tag: 'resource-link',
        val: {
          uri: str(value.uri, `${where}.uri`),
          name: str(value.name, `${where}.name`),
          title: optStr(value.title, `${where}.title`),
          description: optStr(value.description, `${where}.description`),
          mimeType: optStr(value.mimeType, `${where}.mimeType`),
          size: size === undefined ? undefined : BigInt(size),
          annotations: annotations(value.annotations, `${where}.annotations`),
        },
      };
    }
    case undefined:
      return undefined;
    default:
      throw new ResultError(`${where} has unknown type ${shown(value.type)} (one of text, image, audio, resource, resource_link)`);
  }
}

function blocks(value: unknown, where: string): ContentBlock[] {
  if (typeof value === 'string') return [text(value)];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, i) => {
    const where_ = Array.isArray(value) ? `${where}[${i}]` : where;
    if (typeof item === 'string') return text(item);
    const b = block(item, where_);
    if (!b) throw new ResultError(`${where_} is not a content block: ${shown(item)}`);
    return b;
  });
}

const RESULT_FIELDS = ['content', 'structuredContent', 'isError', '_meta'];

/** A tool's return value → tool-result; throws ResultError for anything else. */
export function toolResult(tool: string, out: unknown): ToolResult {
  const where = `tool "${tool}" returned`;
  try {
    if (typeof out === 'string' || Array.isArray(out)) return { content: blocks(out, 'content') };
    const single = block(out, 'content');
    if (single) return { content: [single] };
    if (!isRecord(out) || !Object.keys(out).some((k) => RESULT_FIELDS.includes(k))) {
      throw new ResultError(`${shown(out)}`);
    }
    const extra = Object.keys(out).filter((k) => !RESULT_FIELDS.includes(k));
    if (extra.length > 0) throw new ResultError(`an object with unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}`);
    const structured = out.structuredContent;
    if (structured !== undefined && !isRecord(structured)) throw new ResultError(`structuredContent ${shown(structured)}, which must be an object`);
    if (out.isError !== undefined && typeof out.isError !== 'boolean') throw new ResultError(`isError ${shown(out.isError)}, which must be a boolean`);
    const content = out.content === undefined ? (structured ? [text(JSON.stringify(structured))] : []) : blocks(out.content, 'content');
    if (content.length === 0) throw new ResultError('no content (content is empty and there is no structuredContent)');
    return { content, structuredContent: structured ? jsonBytes(structured) : undefined, isError: out.isError };
  } catch (err) {
    if (err instanceof ResultError) throw new ResultError(`${where} ${err.message}: ${TOOL_SHAPES}`);
    throw err;
  }
}

/** A resource read's return value → its contents. */
export function resourceContents(what: string, uri: string, mimeType: string | undefined, out: unknown): EmbeddedResource[] {
  if (typeof out === 'string') return [{ uri, mimeType: mimeType ?? 'text/plain', text: out }];
  if (out instanceof Uint8Array) return [{ uri, mimeType: mimeType ?? 'application/octet-stream', blob: out }];
  const list = Array.isArray(out) ? out : isRecord(out) && Array.isArray(out.contents) ? out.contents : isRecord(out) ? [out] : undefined;
  if (!list || list.length === 0) {
    throw new ResultError(`${what} returned ${shown(out)}: a read returns a string (text), a Uint8Array (blob), or { uri, text | blob } entries`);
  }
  return list.map((entry, i) =>
    isRecord(entry) && entry.uri === undefined && (entry.text !== undefined || entry.blob !== undefined)
      ? embedded({ ...entry, uri, mimeType: entry.mimeType ?? mimeType }, `${what} returned contents[${i}]`)
      : embedded(entry, `${what} returned contents[${i}]`),
  );
}

/** A prompt's return value → prompt-contents. */
export function promptContents(prompt: string, out: unknown): PromptContents {
  const where = `prompt "${prompt}" returned`;
  if (typeof out === 'string') return { messages: [{ role: 'user', content: text(out) }] };
  if (!isRecord(out) || !Array.isArray(out.messages)) {
    throw new ResultError(`${where} ${shown(out)}: a prompt returns a string (one user message) or { description?, messages: [{ role, content }] }`);
  }
  return {
    description: optStr(out.description, `${where} description`),
    messages: out.messages.map((m: unknown, i) => {
      const at = `${where} messages[${i}]`;
      if (!isRecord(m) || (m.role !== 'user' && m.role !== 'assistant')) throw new ResultError(`${at} must be { role: 'user' | 'assistant', content }, not ${shown(m)}`);
      const content = typeof m.content === 'string' ? text(m.content) : block(m.content, `${at}.content`);
      if (!content) throw new ResultError(`${at}.content is not a content block: ${shown(m.content)}`);
      return { role: m.role, content };
    }),
  };
}

/** A completer's return value → the values. */
export function completionValues(what: string, out: unknown): string[] {
  if (!Array.isArray(out) || !out.every((v) => typeof v === 'string')) {
    throw new ResultError(`${what} returned ${shown(out)}: a completer returns an array of strings`);
  }
  return out;
}

/**
 * A tool result as MCP's JSON has it (what an unchanged SDK server answers,
 * node/bridge.ts) → tool-result. Looser than toolResult: empty content is
 * valid MCP, and fields WIT has no place for (`_meta`) are left behind.
 */
export function mcpToolResult(out: unknown): ToolResult {
  if (!isRecord(out)) throw new ResultError(`the server answered tools/call with ${shown(out)}, not a result object`);
  const structured = out.structuredContent;
  return {
    content: out.content === undefined ? [] : blocks(out.content, 'content'),
    structuredContent: isRecord(structured) ? jsonBytes(structured) : undefined,
    isError: typeof out.isError === 'boolean' ? out.isError : undefined,
  };
}
