/** The shapes a server is declared with (see defineServer in index.ts). */
import type { LogLevel } from 'wasi:mcp/types@0.1.0';
import type { ToolAnnotations } from 'wasi:mcp/runtime@0.1.0';
import type { ContentBlock, EmbeddedResource, ResourceFields } from './content.js';
import type { ClientCapabilities, InputRequiredAnswer } from './inputs.js';

export type JsonObject = Record<string, unknown>;

/** What every handler gets besides its arguments. */
export interface Context {
  /** Report progress to the caller (a no-op when it did not ask for it). */
  progress(progress: number, total?: number, message?: string): void;
  /** Send a log message to the client (filtered by the level it set). */
  log(level: LogLevel, message: string, data?: unknown): void;
  /**
   * Ask the client's model (sampling/createMessage). Blocks until it answers;
   * throws when the client lacks the sampling capability or times out.
   * 2025-11-25 clients only: a 2026-07-28 client cannot be sent a request,
   * and this throws saying so. For both, return `inputRequired(...)`.
   */
  sample(params: SamplingParams): SamplingResult;
  /** Ask the user for input (elicitation/create); same blocking, errors and era as `sample`. */
  elicit(message: string, requestedSchema: JsonObject): ElicitResult;
  /** The client's roots (roots/list); same blocking, errors and era as `sample`. */
  roots(): { uri: string; name?: string }[];
  /** What the client declared it supports; undefined when the host does not say. */
  readonly clientCapabilities: ClientCapabilities | undefined;
  /**
   * Throw MissingClientCapability (-32021 for the client) naming those of
   * `capabilities` (e.g. 'sampling', 'elicitation', 'roots') the client did
   * not declare. Unknown capabilities count as not declared.
   */
  require(...capabilities: string[]): void;
  /**
   * On a later round of an input-required exchange: the client's answers,
   * by the keys of the requests made the round before; `{}` on a first
   * round. Client data: read them with acceptedContent, sampledText, rootsOf.
   */
  readonly inputResponses: Readonly<Record<string, unknown>>;
  /** On a later round: the state returned with the last `inputRequired(...)`, byte for byte. */
  readonly state: Uint8Array | undefined;
  /** `state` as UTF-8 JSON; undefined when there is none or it is not JSON. */
  stateJson(): unknown;
}

export interface SamplingParams {
  messages: { role: 'user' | 'assistant'; content: { type: 'text'; text: string } | JsonObject }[];
  maxTokens: number;
  systemPrompt?: string;
  [key: string]: unknown;
}
export interface SamplingResult {
  role: 'user' | 'assistant';
  content: { type: string; text?: string; [key: string]: unknown };
  model: string;
  stopReason?: string;
}
export interface ElicitResult {
  action: 'accept' | 'decline' | 'cancel';
  content?: Record<string, string | number | boolean | string[]>;
}

/** Content as MCP writes it (`data` and `blob` in base64, or bytes). */
export type McpContent =
  | { type: 'text'; text: string; annotations?: JsonObject }
  | { type: 'image' | 'audio'; data: string | Uint8Array; mimeType: string; annotations?: JsonObject }
  | { type: 'resource'; resource: McpResourceContents; annotations?: JsonObject }
  | { type: 'resource_link'; uri: string; name: string; title?: string; description?: string; mimeType?: string; size?: number; annotations?: JsonObject };

export type McpResourceContents = { uri: string; mimeType?: string; text: string } | { uri: string; mimeType?: string; blob: string | Uint8Array };

/** A block from the helpers (`text(…)`, `image(…)`, …) or in MCP's shape. */
export type Content = ContentBlock | McpContent;

export type ToolOutput =
  | string
  | Content
  | (Content | string)[]
  | { content?: string | Content | (Content | string)[]; structuredContent?: JsonObject; isError?: boolean };

export interface ToolSpec<Args = any> {
  name: string;
  title?: string;
  description: string;
  /** JSON Schema of the arguments; default: any object. */
  inputSchema?: JsonObject;
  /** JSON Schema of `structuredContent`. */
  outputSchema?: JsonObject;
  annotations?: ToolAnnotations;
  /** May be async (e.g. to await `fetch`); the call completes when it settles. */
  /** Or `inputRequired(...)`: the host calls it again with the answers. */
  run(args: Args, ctx: Context): ToolOutput | InputRequiredAnswer | Promise<ToolOutput | InputRequiredAnswer>;
}

/** `string` is text; `Uint8Array` is a blob; or one or more full entries (MCP's `{ contents: [...] }` too). */
export type ResourceOutput = string | Uint8Array | EmbeddedResource[] | McpResourceContents | McpResourceContents[] | { contents: McpResourceContents[] };

export interface ResourceSpec extends ResourceFields {
  /** May be async; the read completes when it settles. Or `inputRequired(...)`. */
  read(uri: string, ctx: Context): ResourceOutput | InputRequiredAnswer | Promise<ResourceOutput | InputRequiredAnswer>;
}

/** Completes one argument: the values that start with what the user typed. May be async. */
export type Completer = (value: string, context: Record<string, string>) => string[] | Promise<string[]>;

export interface ResourceTemplateSpec {
  /** RFC 6570 template, e.g. `notes://{id}`. */
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  /** `params` holds the values of the template's simple `{name}` variables. */
  read(uri: string, params: Record<string, string>, ctx: Context): ResourceOutput | InputRequiredAnswer | Promise<ResourceOutput | InputRequiredAnswer>;
  complete?: Record<string, Completer>;
}

export type PromptOutput = string | { description?: string; messages: { role: 'user' | 'assistant'; content: string | Content }[] };

export interface PromptSpec {
  name: string;
  title?: string;
  description?: string;
  arguments?: { name: string; description?: string; required?: boolean }[];
  /** A string is one user message. May be async. Or `inputRequired(...)`. */
  get(args: Record<string, string>, ctx: Context): PromptOutput | InputRequiredAnswer | Promise<PromptOutput | InputRequiredAnswer>;
  complete?: Record<string, Completer>;
}

export interface ServerSpec {
  name: string;
  version: string;
  title?: string;
  instructions?: string;
  tools?: ToolSpec[];
  resources?: ResourceSpec[];
  resourceTemplates?: ResourceTemplateSpec[];
  prompts?: PromptSpec[];
  /** Accept resources/subscribe; the component calls `resourceUpdated(uri)`. */
  subscriptions?: boolean;
}

export interface DefinedServer {
  /** Export as `run`: the wasi:cli/run entry. */
  run: { run(): void };
  /** Export as `handlers`: wasi:mcp/handlers. */
  handlers: typeof import('wasi:mcp/handlers@0.1.0');
  /** Add (or replace) tools while serving; the host sends tools/list_changed. */
  addTools(tools: ToolSpec[]): void;
  /** Add (or replace) resources while serving; the host sends resources/list_changed. */
  addResources(resources: ResourceSpec[]): void;
  /** Add (or replace) prompts while serving; the host sends prompts/list_changed. */
  addPrompts(prompts: PromptSpec[]): void;
  /** Tell subscribers that a resource changed. */
  resourceUpdated(uri: string): void;
  /** URIs the client subscribed to. */
  readonly subscribed: ReadonlySet<string>;
}

