/**
 * The contract between the protocol layer and whatever serves requests. The
 * protocol layer sees only this: MCP-shaped values in and out, MCP errors as
 * `ProtocolError`. The component backend implements it; so could a test double
 * or a set of composed components.
 */
import type { ClientMethod } from '../worker/messages.js';
import type { TemplateMatcher } from './uri-template.js';
import type {
  CallToolResult,
  ClientCapabilities,
  CompleteResult,
  GetPromptResult,
  Implementation,
  LoggingLevel,
  Prompt,
  ProgressToken,
  ReadResourceResult,
  Resource,
  ResourceTemplateType as ResourceTemplate,
  ServerCapabilities,
  Tool,
} from '@modelcontextprotocol/server';

/** Requests a server may send its client on a guest's behalf: the worker's list (a guest asks through it). */
export type { ClientMethod };

export interface ProgressUpdate {
  progress: number;
  total?: number;
  message?: string;
}

/**
 * Something a handler needs from the client before it can answer: the
 * request the client fulfils (2026-07-28: embedded in an input-required
 * result; 2025-11-25: sent to the client by the host as a server→client
 * request). `params` is the method's params as MCP defines them.
 */
export type InputRequest =
  | { method: 'elicitation/create'; params: Record<string, unknown> }
  | { method: 'sampling/createMessage'; params: Record<string, unknown> }
  | { method: 'roots/list'; params?: Record<string, unknown> };

/**
 * A handler's answer when it cannot answer yet (MRTR): what it asks the
 * client, by key, and bytes of its own that come back with the answers
 * on the next round. The host authenticates the state it hands the client
 * (HMAC), so it comes back unchanged or not at all; it is not encrypted.
 */
export interface InputRequired {
  kind: 'input-required';
  requests: Record<string, InputRequest>;
  state?: Uint8Array;
}

export const isInputRequired = (value: unknown): value is InputRequired =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'input-required';

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
   * roots). Rejects with an ProtocolError when the client lacks the capability.
   */
  requestClient?: (method: ClientMethod, params: unknown) => Promise<unknown>;
  /** What the client declared it supports (2026-07-28: this request's `_meta`; 2025-11-25: its initialize). */
  clientCapabilities?: ClientCapabilities;
  /**
   * On a later round of an input-required exchange: the client's answers,
   * by the keys of the requests the handler made in the round before. Only
   * answers to requests that were made, of the kind that was asked, reach
   * here (the protocol layer drops the rest); the values are the client's
   * results (ElicitResult, CreateMessageResult, ListRootsResult), not
   * otherwise checked.
   */
  inputResponses?: Record<string, unknown>;
  /** On a later round: the state the handler returned with its last input-required answer, verified. */
  state?: Uint8Array;
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

  /**
   * Unknown tool or invalid arguments: ProtocolError(InvalidParams). A failing tool: `isError: true`.
   * These three may answer InputRequired: call again with the client's answers (`ctx.inputResponses`, `ctx.state`).
   */
  callTool(name: string, args: Record<string, unknown>, ctx: CallContext): Promise<CallToolResult | InputRequired>;
  /** Not registered and matching no template: ProtocolError(-32002). */
  readResource(uri: string, ctx: CallContext): Promise<ReadResourceResult | InputRequired>;
  getPrompt(name: string, args: Record<string, string> | undefined, ctx: CallContext): Promise<GetPromptResult | InputRequired>;
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
