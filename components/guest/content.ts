/**
 * Content helpers for component authors: build the WIT `content-block`
 * values tool results, prompts and resources carry.
 */
import type { ContentBlock, Annotations, EmbeddedResource } from 'wasi:mcp/content@0.1.0';

export type { ContentBlock, Annotations, EmbeddedResource };

export const text = (value: string, annotations?: Annotations): ContentBlock => ({ tag: 'text', val: { text: value, annotations } });

export const image = (data: Uint8Array, mimeType: string, annotations?: Annotations): ContentBlock => ({
  tag: 'image',
  val: { data, mimeType, annotations },
});

export const audio = (data: Uint8Array, mimeType: string, annotations?: Annotations): ContentBlock => ({
  tag: 'audio',
  val: { data, mimeType, annotations },
});

/** A resource with its content inline (`text` or `blob`). */
export const embeddedResource = (resource: EmbeddedResource): ContentBlock => ({ tag: 'embedded-resource', val: resource });

/** What describes a resource, in a listing or a link. */
export interface ResourceFields {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
}

export interface ResourceLinkInput extends ResourceFields {
  annotations?: Annotations;
}

/** A link to a resource the client can read separately. */
export const resourceLink = (link: ResourceLinkInput): ContentBlock => ({
  tag: 'resource-link',
  val: { ...link, size: link.size === undefined ? undefined : BigInt(link.size) },
});

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** JSON value → the JSON bytes WIT `list<u8>` fields carry. */
export const jsonBytes = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));
export const parseJson = <T = unknown>(bytes: Uint8Array): T => JSON.parse(decoder.decode(bytes)) as T;
