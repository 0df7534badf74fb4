/// <reference path="./wasi-mcp-types.d.ts" />
declare module 'wasi:mcp/content@0.1.0' {
  export type Role = import('wasi:mcp/types@0.1.0').Role;
  /**
   * Hints to the client; never a security decision.
   */
  export interface Annotations {
    /**
     * Who the content is for ("user", "assistant").
     */
    audience?: Array<Role>,
    /**
     * 0 (least) to 1 (most important).
     */
    priority?: number,
    /**
     * ISO 8601 timestamp.
     */
    lastModified?: string,
  }
  export interface TextContent {
    text: string,
    annotations?: Annotations,
  }
  /**
   * Image data as raw bytes; the host base64-encodes it for the wire.
   */
  export interface ImageContent {
    data: Uint8Array,
    mimeType: string,
    annotations?: Annotations,
  }
  /**
   * Audio data as raw bytes; the host base64-encodes it for the wire.
   */
  export interface AudioContent {
    data: Uint8Array,
    mimeType: string,
    annotations?: Annotations,
  }
  /**
   * A resource with its content. Exactly one of `text` and `blob` is set.
   */
  export interface EmbeddedResource {
    uri: string,
    mimeType?: string,
    text?: string,
    /**
     * Binary content as raw bytes; the host base64-encodes it.
     */
    blob?: Uint8Array,
    annotations?: Annotations,
  }
  /**
   * A reference to a resource the client can read separately.
   */
  export interface ResourceLink {
    uri: string,
    name: string,
    title?: string,
    description?: string,
    mimeType?: string,
    size?: bigint,
    annotations?: Annotations,
  }
  export type ContentBlock = ContentBlockText | ContentBlockImage | ContentBlockAudio | ContentBlockEmbeddedResource | ContentBlockResourceLink;
  export interface ContentBlockText {
    tag: 'text',
    val: TextContent,
  }
  export interface ContentBlockImage {
    tag: 'image',
    val: ImageContent,
  }
  export interface ContentBlockAudio {
    tag: 'audio',
    val: AudioContent,
  }
  export interface ContentBlockEmbeddedResource {
    tag: 'embedded-resource',
    val: EmbeddedResource,
  }
  export interface ContentBlockResourceLink {
    tag: 'resource-link',
    val: ResourceLink,
  }
  export interface PromptMessage {
    role: Role,
    content: ContentBlock,
  }
  /**
   * The results of handlers (and of wasi:mcp/client calls). Here, in an
   * interface without functions, so that using them imports no functions.
   */
  export interface ToolResult {
    content: Array<ContentBlock>,
    /**
     * JSON object matching the tool's output schema (JSON bytes).
     */
    structuredContent?: Uint8Array,
    /**
     * True when the tool failed; `content` says why.
     */
    isError?: boolean,
  }
  /**
   * What resources/read returns: one or more resources with their
   * content (`text` or `blob`).
   */
  export interface ResourceContents {
    contents: Array<EmbeddedResource>,
  }
  export interface PromptContents {
    description?: string,
    messages: Array<PromptMessage>,
  }
}
