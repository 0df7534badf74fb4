/**
 * MCP JSON shapes → WIT values (jco's JS mapping): the other direction of
 * wit-convert.ts, for what a component receives from an upstream MCP server
 * through `wasi:mcp/client`. Base64 becomes bytes; JSON becomes JSON bytes.
 */
import type { CallToolResult, ContentBlock, GetPromptResult, Prompt, ReadResourceResult, Resource, Tool } from '@modelcontextprotocol/server';
import { jsonBytes } from './wit-convert.js';
import type { WitContentBlock } from './wit-convert.js';

const bytes = (base64: string): Uint8Array => new Uint8Array(Buffer.from(base64, 'base64'));

export function toolToWit(t: Tool) {
  return {
    name: t.name,
    title: t.title,
    description: t.description ?? '',
    inputSchema: jsonBytes(t.inputSchema),
    outputSchema: t.outputSchema ? jsonBytes(t.outputSchema) : undefined,
    annotations: t.annotations
      ? {
          title: t.annotations.title,
          readOnlyHint: t.annotations.readOnlyHint,
          destructiveHint: t.annotations.destructiveHint,
          idempotentHint: t.annotations.idempotentHint,
          openWorldHint: t.annotations.openWorldHint,
        }
      : undefined,
  };
}

export function resourceToWit(r: Resource) {
  return { uri: r.uri, name: r.name, title: r.title, description: r.description, mimeType: r.mimeType, size: r.size === undefined ? undefined : BigInt(r.size) };
}

export function promptToWit(p: Prompt) {
  return {
    name: p.name,
    title: p.title,
    description: p.description,
    arguments: p.arguments?.map((a) => ({ name: a.name, description: a.description, required: a.required })),
  };
}

type Annotated = { annotations?: { audience?: ('user' | 'assistant')[]; priority?: number; lastModified?: string } };
const annotationsToWit = (a: Annotated['annotations']) => (a ? { audience: a.audience, priority: a.priority, lastModified: a.lastModified } : undefined);

function embeddedToWit(r: { uri: string; mimeType?: string; text?: string; blob?: string }, annotations?: Annotated['annotations']) {
  return {
    uri: r.uri,
    mimeType: r.mimeType,
    text: 'text' in r ? r.text : undefined,
    blob: 'blob' in r && r.blob !== undefined ? bytes(r.blob) : undefined,
    annotations: annotationsToWit(annotations),
  };
}

export function contentToWit(block: ContentBlock): WitContentBlock {
  switch (block.type) {
    case 'text':
      return { tag: 'text', val: { text: block.text, annotations: annotationsToWit(block.annotations) } };
    case 'image':
    case 'audio':
      return { tag: block.type, val: { data: bytes(block.data), mimeType: block.mimeType, annotations: annotationsToWit(block.annotations) } };
    case 'resource':
      return { tag: 'embedded-resource', val: embeddedToWit(block.resource, block.annotations) };
    case 'resource_link':
      return { tag: 'resource-link', val: { ...resourceToWit(block), annotations: annotationsToWit(block.annotations) } };
    default:
      return { tag: 'text', val: { text: JSON.stringify(block) } };
  }
}

export function toolResultToWit(r: CallToolResult) {
  return {
    content: (r.content ?? []).map(contentToWit),
    structuredContent: r.structuredContent ? jsonBytes(r.structuredContent) : undefined,
    isError: r.isError,
  };
}

export function readResultToWit(r: ReadResourceResult) {
  return { contents: r.contents.map((c) => embeddedToWit(c)) };
}

export function promptResultToWit(r: GetPromptResult) {
  return { description: r.description, messages: r.messages.map((m) => ({ role: m.role, content: contentToWit(m.content) })) };
}
