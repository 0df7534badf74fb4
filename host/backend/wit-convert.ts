/**
 * WIT values (jco's JS mapping) ⇄ MCP JSON shapes. Pure functions: the one
 * place that knows both vocabularies. Bytes become base64 here, JSON bytes
 * are parsed here, and `undefined` fields are dropped so results stay clean.
 */
import type {
  CallToolResult,
  ContentBlock,
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplateType as ResourceTemplate,
  Tool,
} from '@modelcontextprotocol/server';

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

export const jsonBytes = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));
export const parseJsonBytes = (bytes: Uint8Array): unknown => JSON.parse(utf8.decode(bytes));
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** Drop keys whose value is undefined (WIT `none`). */
function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

interface WitToolDefinition {
  name: string;
  title?: string;
  description: string;
  inputSchema: Uint8Array;
  outputSchema?: Uint8Array;
  annotations?: Record<string, unknown>;
}

export function toolFromWit(t: WitToolDefinition): Tool {
  return clean({
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: parseJsonBytes(t.inputSchema) as Tool['inputSchema'],
    outputSchema: t.outputSchema ? (parseJsonBytes(t.outputSchema) as Tool['outputSchema']) : undefined,
    annotations: t.annotations ? clean(t.annotations) : undefined,
  });
}

interface WitResourceDefinition {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: bigint;
}

export function resourceFromWit(r: WitResourceDefinition): Resource {
  return clean({ ...r, size: r.size === undefined ? undefined : Number(r.size) });
}

export function templateFromWit(t: ResourceTemplate): ResourceTemplate {
  return clean({ ...t });
}

interface WitPromptDefinition {
  name: string;
  title?: string;
  description?: string;
  arguments?: { name: string; description?: string; required?: boolean }[];
}

export function promptFromWit(p: WitPromptDefinition): Prompt {
  return clean({ ...p, arguments: p.arguments?.map((a) => clean(a)) });
}

interface WitAnnotations {
  audience?: ('user' | 'assistant')[];
  priority?: number;
  lastModified?: string;
}

const annotations = (a: WitAnnotations | undefined) => (a ? clean(a) : undefined);

interface WitEmbeddedResource {
  uri: string;
  mimeType?: string;
  text?: string;
  blob?: Uint8Array;
  annotations?: WitAnnotations;
}

/** One resource with its content, as resources/read and embedded blocks carry it. */
function resourceContents(r: WitEmbeddedResource): ReadResourceResult['contents'][number] {
  if ((r.text === undefined) === (r.blob === undefined)) {
    throw new Error(`resource ${r.uri}: exactly one of text and blob must be set`);
  }
  return r.text !== undefined
    ? clean({ uri: r.uri, mimeType: r.mimeType, text: r.text })
    : clean({ uri: r.uri, mimeType: r.mimeType, blob: base64(r.blob!) });
}

/** jco's shape of a `content-block` variant. */
export type WitContentBlock =
  | { tag: 'text'; val: { text: string; annotations?: WitAnnotations } }
  | { tag: 'image' | 'audio'; val: { data: Uint8Array; mimeType: string; annotations?: WitAnnotations } }
  | { tag: 'embedded-resource'; val: WitEmbeddedResource }
  | { tag: 'resource-link'; val: WitResourceDefinition & { annotations?: WitAnnotations } };

export function contentFromWit(block: WitContentBlock): ContentBlock {
  switch (block.tag) {
    case 'text':
      return clean({ type: 'text', text: block.val.text, annotations: annotations(block.val.annotations) });
    case 'image':
    case 'audio':
      return clean({
        type: block.tag,
        data: base64(block.val.data),
        mimeType: block.val.mimeType,
        annotations: annotations(block.val.annotations),
      }) as ContentBlock;
    case 'embedded-resource':
      return clean({ type: 'resource', resource: resourceContents(block.val), annotations: annotations(block.val.annotations) });
    case 'resource-link':
      return clean({ type: 'resource_link', ...resourceFromWit(block.val), annotations: annotations(block.val.annotations) });
    default:
      throw new Error(`unknown content block "${(block as { tag: string }).tag}"`);
  }
}

export function toolResultFromWit(r: { content: WitContentBlock[]; structuredContent?: Uint8Array; isError?: boolean }): CallToolResult {
  return clean({
    content: r.content.map(contentFromWit),
    structuredContent: r.structuredContent ? (parseJsonBytes(r.structuredContent) as Record<string, unknown>) : undefined,
    isError: r.isError,
  });
}

export function readResultFromWit(r: { contents: WitEmbeddedResource[] }): ReadResourceResult {
  return { contents: r.contents.map(resourceContents) };
}

export function promptResultFromWit(r: {
  description?: string;
  messages: { role: 'user' | 'assistant'; content: WitContentBlock }[];
}): GetPromptResult {
  return clean({
    description: r.description,
    messages: r.messages.map((m) => ({ role: m.role, content: contentFromWit(m.content) })),
  });
}
