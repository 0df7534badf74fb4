/// <reference path="./wasi-mcp-capabilities.d.ts" />
/// <reference path="./wasi-mcp-types.d.ts" />
declare module 'wasi:mcp/runtime@0.1.0' {
  /**
   * Say who this server is. Call once, first, inside `wasi:cli/run`.
   */
  export function registerServer(info: ServerInfo): void;
  /**
   * Add tools (or replace those of the same name).
   */
  export function registerTools(tools: Array<ToolDefinition>): void;
  /**
   * Add resources (or replace those of the same URI).
   */
  export function registerResources(resources: Array<ResourceDefinition>): void;
  /**
   * Add resource templates (or replace those of the same template).
   */
  export function registerResourceTemplates(templates: Array<ResourceTemplate>): void;
  /**
   * Add prompts (or replace those of the same name).
   */
  export function registerPrompts(prompts: Array<PromptDefinition>): void;
  /**
   * Mark registration as complete. Returns at once: the host owns the
   * serving loop and calls `handlers` after `wasi:cli/run` returns.
   */
  export function serve(): void;
  /**
   * Send a notification to the client. Best effort.
   */
  export function sendNotification(notification: Notification): void;
  /**
   * notifications/message, dropped below the level the client set.
   */
  export function log(level: LogLevel, message: string, data: Uint8Array | undefined): void;
  /**
   * notifications/progress for the request that carries `token`.
   */
  export function reportProgress(token: ProgressToken, progress: number, total: number | undefined, message: string | undefined): void;
  /**
   * sampling/createMessage. `params` and the result are MCP's JSON
   * (CreateMessageRequest params; CreateMessageResult).
   */
  export function createMessage(params: Uint8Array): Uint8Array;
  /**
   * elicitation/create. `params` and the result are MCP's JSON
   * ({ message, requestedSchema }; { action, content? }).
   */
  export function elicit(params: Uint8Array): Uint8Array;
  /**
   * roots/list.
   */
  export function listRoots(): Array<Root>;
  /**
   * The request being handled (call-tool, read-resource, get-prompt).
   * `invalid-request` outside one.
   */
  export function getRequestInput(): RequestInput;
  /**
   * Answer the request being handled (call-tool, read-resource,
   * get-prompt) with input-required instead of a result. The handler
   * then returns `ok` with any value, which the host ignores (an `err`
   * still answers the request with that error). Once per call; refused
   * (`invalid-params`) when the answer breaks the limits above.
   */
  export function askInput(answer: InputRequired): void;
  export type Error = import('wasi:mcp/types@0.1.0').Error;
  export type ProgressToken = import('wasi:mcp/types@0.1.0').ProgressToken;
  export type LogLevel = import('wasi:mcp/types@0.1.0').LogLevel;
  export type ServerCapabilities = import('wasi:mcp/capabilities@0.1.0').ServerCapabilities;
  export interface ServerInfo {
    name: string,
    version: string,
    title?: string,
    capabilities: ServerCapabilities,
    /**
     * Instructions for the model, sent at initialize.
     */
    instructions?: string,
  }
  /**
   * Hints to clients; never a security decision.
   */
  export interface ToolAnnotations {
    title?: string,
    readOnlyHint?: boolean,
    destructiveHint?: boolean,
    idempotentHint?: boolean,
    openWorldHint?: boolean,
  }
  export interface ToolDefinition {
    name: string,
    title?: string,
    description: string,
    /**
     * JSON Schema of the arguments (JSON bytes, `"type": "object"`).
     */
    inputSchema: Uint8Array,
    /**
     * JSON Schema of `structured-content` (JSON bytes).
     */
    outputSchema?: Uint8Array,
    annotations?: ToolAnnotations,
  }
  export interface ResourceDefinition {
    uri: string,
    name: string,
    title?: string,
    description?: string,
    mimeType?: string,
    size?: bigint,
  }
  /**
   * A family of resources named by an RFC 6570 URI template.
   */
  export interface ResourceTemplate {
    uriTemplate: string,
    name: string,
    title?: string,
    description?: string,
    mimeType?: string,
  }
  export interface PromptArgument {
    name: string,
    description?: string,
    required?: boolean,
  }
  export interface PromptDefinition {
    name: string,
    title?: string,
    description?: string,
    arguments?: Array<PromptArgument>,
  }
  export interface ProgressNotification {
    progressToken: ProgressToken,
    /**
     * Increases with each notification; may be fractional.
     */
    progress: number,
    total?: number,
    message?: string,
  }
  export interface MessageNotification {
    level: LogLevel,
    message: string,
    /**
     * Structured data (JSON bytes); sent instead of `message` when set.
     */
    data?: Uint8Array,
  }
  export type Notification = NotificationResourcesListChanged | NotificationResourcesUpdated | NotificationToolsListChanged | NotificationPromptsListChanged | NotificationProgress | NotificationMessage;
  export interface NotificationResourcesListChanged {
    tag: 'resources-list-changed',
  }
  /**
   * The resources at these URIs changed; sent to subscribers.
   */
  export interface NotificationResourcesUpdated {
    tag: 'resources-updated',
    val: Array<string>,
  }
  export interface NotificationToolsListChanged {
    tag: 'tools-list-changed',
  }
  export interface NotificationPromptsListChanged {
    tag: 'prompts-list-changed',
  }
  export interface NotificationProgress {
    tag: 'progress',
    val: ProgressNotification,
  }
  export interface NotificationMessage {
    tag: 'message',
    val: MessageNotification,
  }
  /**
   * Requests to the client whose request is being handled (an extension of
   * the proposal). Each blocks the component until the client answers, the
   * deadline passes, or the host refuses (the client lacks the capability,
   * or no request is being handled).
   * A root the client exposes (roots/list).
   */
  export interface Root {
    uri: string,
    name?: string,
  }
  /**
   * Input required (MCP 2026-07-28 multi-round-trip requests; added after
   * 0.1.0, see wit/README.md "Input required"): instead of blocking on the
   * client, a handler answers that it needs input, and the host calls it
   * again with the same request and the answers. Both eras: a 2025-11-25
   * client gets the requests from the host as server-to-client requests.
   * Imports, not new handler signatures, so that components built before
   * them (and WAT written against 0.1.0) build and run unchanged.
   * What the host knows of the request being handled, beyond its arguments.
   */
  export interface RequestInput {
    /**
     * What the client declared it supports: MCP's `ClientCapabilities`
     * as JSON bytes (2026-07-28: this request's own declaration;
     * 2025-11-25: its `initialize`). `none` when the host does not know.
     */
    clientCapabilities?: Uint8Array,
    /**
     * On a later round: the client's answers, by the keys of the
     * requests this handler made the round before, each the JSON bytes
     * of the method's result (ElicitResult, CreateMessageResult,
     * ListRootsResult). Only answers to requests that were made, of the
     * kind that was asked, reach here; they are not otherwise checked.
     * Empty on a first round.
     */
    inputResponses: Array<[string, Uint8Array]>,
    /**
     * On a later round: the `state` this handler gave with its last
     * `ask-input`, byte for byte (the host authenticated it).
     */
    state?: Uint8Array,
  }
  /**
   * Something a handler needs from the client before it can answer: the
   * request the client fulfils, with MCP's params as JSON bytes.
   */
  export type InputRequest = InputRequestElicit | InputRequestCreateMessage | InputRequestListRoots;
  /**
   * elicitation/create: `ElicitRequestParams` (form: `{ message,
   * requestedSchema }`; URL: `{ mode: "url", message, url }`).
   */
  export interface InputRequestElicit {
    tag: 'elicit',
    val: Uint8Array,
  }
  /**
   * sampling/createMessage: `CreateMessageRequestParams` (`{ messages,
   * maxTokens, ... }`).
   */
  export interface InputRequestCreateMessage {
    tag: 'create-message',
    val: Uint8Array,
  }
  /**
   * roots/list, with its params when there are any (`_meta`).
   */
  export interface InputRequestListRoots {
    tag: 'list-roots',
    val: Uint8Array | undefined,
  }
  /**
   * What a handler asks the client, by key, and bytes of its own that
   * come back on the next round as `request-input.state`.
   * 
   * Keys: 1 to 64 characters of `A-Z a-z 0-9 _ . -`, unique; at most 16
   * requests; each params at most 1 MiB of JSON; `state` at most 64 KiB;
   * at least one request or a state. The host signs the state it hands
   * the client (HMAC), so it comes back unchanged or is refused; it is not
   * encrypted: the client can read it.
   */
  export interface InputRequired {
    requests: Array<[string, InputRequest]>,
    state?: Uint8Array,
  }
}
