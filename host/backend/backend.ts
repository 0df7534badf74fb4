/**
 * The contract between the protocol layer and whatever serves requests. The
 * protocol layer sees only this: MCP-shaped values in and out, MCP errors as
 * `McpError`. The component backend implements it; so could a test double
 * or a set of composed components.
 */
import type { TemplateMatcher } from './uri-template.js';
import type {
  CallToolResult,
  CompleteResult,
  GetPromptResult,
  Implementation,
  LoggingLevel,
  Prompt,
  ProgressToken,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  ServerCapabilities,
  Tool,
} from '@modelcontextprotocol/sdk/types.js';

/** Requests a server may send its client on a guest's behalf (runtime create-message, elicit, list-roots). */
export type ClientMethod = 'sampling/createMessage' | 'elicitation/create' | 'roots/list';

export interface ProgressUpdate {
  progress: number;
  total?: number;
  message?: string;
}

/** About the request being served. */
export interface CallContext {
  /** The client's progress token, when it asked for progress. */
  progressToken?: ProgressToken;
  /** Called for each progress report the handler makes. */
  onProgress?: (update: ProgressUpdate) => void;
  /** Log messages the handler sends go to the client that made the request, on its stream. */
  onLog?: (level: LoggingLevel, data: unknown) => void;
  /** Aborts when the client cancels the request. */
  signal?: AbortSignal;
  /**
   * Send a request to the client that made this one (sampling, elicitation,
   * roots). Rejects with an McpError when the client lacks the capability.
   */
  requestClient?: (method: ClientMethod, params: unknown) => Promise<unknown>;
}

/** What a backend tells the client without being asked. */
export type BackendNotification =
  | { kind: 'list-changed'; list: 'tools' | 'resources' | 'prompts' }
  | { kind: 'resource-updated'; uri: string }
  | { kind: 'log'; level: LoggingLevel; data: unknown };

/**
 * Asked before a component's registration made while serving is applied, by
 * whatever serves it alongside others (CompositeBackend): why it is refused
 * (e.g. another component owns one of the names), or undefined, and then the
 * names are recorded as this component's.
 */
/** `matchers`: for templates, each one's matcher as registration parsed it (not parsed again). */
export type RegistrationGuard = (
  kind: 'tools' | 'resources' | 'templates' | 'prompts',
  keys: string[],
  matchers?: ReadonlyMap<string, TemplateMatcher>,
) => string | undefined;

export type CompletionReference = { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };

export interface Backend {
  serverInfo(): Implementation;
  instructions(): string | undefined;
  capabilities(): ServerCapabilities;

  listTools(): Tool[];
  listResources(): Resource[];
  listResourceTemplates(): ResourceTemplate[];
  listPrompts(): Prompt[];

  /** Unknown tool or invalid arguments: McpError(InvalidParams). A failing tool: `isError: true`. */
  callTool(name: string, args: Record<string, unknown>, ctx: CallContext): Promise<CallToolResult>;
  /** Not registered and matching no template: McpError(-32002). */
  readResource(uri: string, ctx: CallContext): Promise<ReadResourceResult>;
  getPrompt(name: string, args: Record<string, string> | undefined, ctx: CallContext): Promise<GetPromptResult>;
  complete(
    ref: CompletionReference,
    argument: { name: string; value: string },
    contextArguments: Record<string, string> | undefined,
    signal?: AbortSignal,
  ): Promise<CompleteResult['completion']>;
  subscribe(uri: string): Promise<void>;
  unsubscribe(uri: string): Promise<void>;

  /** Consult `guard` on every registration from now on (a backend that cannot register anything may ignore it). */
  guardRegistrations?(guard: RegistrationGuard): void;

  /** Listen for notifications; returns a function that stops listening. */
  onNotification(listener: (notification: BackendNotification) => void): () => void;
  close(): Promise<void>;
}
