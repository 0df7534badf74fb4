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
}
