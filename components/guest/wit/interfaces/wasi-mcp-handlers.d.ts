/// <reference path="./wasi-mcp-content.d.ts" />
/// <reference path="./wasi-mcp-types.d.ts" />
declare module 'wasi:mcp/handlers@0.1.0' {
  /**
   * tools/call. `arguments` is the JSON object the client sent.
   * 
   * A component built before `tool-outcome` existed returns
   * `result<tool-result, error>`; the host still serves it (wit/README.md).
   */
  export function callTool(name: string, arguments: Uint8Array, context: RequestContext): ToolOutcome;
  /**
   * resources/read, for a registered resource or a URI matching a
   * registered template.
   */
  export function readResource(uri: string, context: RequestContext): ResourceOutcome;
  /**
   * prompts/get. `arguments` is a JSON object of strings.
   */
  export function getPrompt(name: string, arguments: Uint8Array | undefined, context: RequestContext): PromptOutcome;
  /**
   * resources/subscribe. Later, `runtime.send-notification(resources-updated([uri]))`.
   */
  export function handleSubscribe(uri: string): void;
  /**
   * resources/unsubscribe.
   */
  export function handleUnsubscribe(uri: string): void;
  /**
   * completion/complete. `context-arguments` holds the values of other
   * arguments already given (JSON object of strings).
   */
  export function handleComplete(reference: CompletionReference, argument: CompletionArgument, contextArguments: Uint8Array | undefined): CompletionResult;
  export type Error = import('wasi:mcp/types@0.1.0').Error;
  export type ProgressToken = import('wasi:mcp/types@0.1.0').ProgressToken;
  export type ToolResult = import('wasi:mcp/content@0.1.0').ToolResult;
  export type ResourceContents = import('wasi:mcp/content@0.1.0').ResourceContents;
  export type PromptContents = import('wasi:mcp/content@0.1.0').PromptContents;
  /**
   * About the request being handled.
   * 
   * The last three fields were added after 0.1.0 (wit/README.md, "Input
   * required"). A component built with only `progress-token` still runs:
   * its glue reads the fields its own WIT names and no others.
   */
  export interface RequestContext {
    /**
     * Set when the client asked for progress: pass it to
     * `runtime.report-progress` while handling the request.
     */
    progressToken?: ProgressToken,
    /**
     * What the client declared it supports: MCP's `ClientCapabilities`
     * as JSON bytes (2026-07-28: this request's own declaration;
     * 2025-11-25: its `initialize`). `none` when the host does not know.
     */
    clientCapabilities?: Uint8Array,
    /**
     * On a later round of an input-required exchange: the client's
     * answers, by the keys of the requests this handler made in the
     * round before, each the JSON bytes of the method's result
     * (ElicitResult, CreateMessageResult, ListRootsResult). The host
     * passes only answers to requests that were made, of the kind that
     * was asked; it does not check them further. Empty on a first round.
     */
    inputResponses: Array<[string, Uint8Array]>,
    /**
     * On a later round: the `state` this handler returned with its
     * last `input-required`, byte for byte (the host authenticated it).
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
   * A handler's answer when it cannot answer yet (MCP's multi-round-trip
   * requests): what it asks the client, by key, and bytes of its own
   * that come back on the next round. The host calls the handler again
   * with the same request, `request-context.input-responses` and `state`.
   * 
   * Keys: 1 to 64 characters of `A-Z a-z 0-9 _ . -`, unique, at most 16
   * requests. `state`: at most 64 KiB. At least one request or a state.
   * The host signs the state it hands the client (HMAC), so it comes back
   * unchanged or is refused; it is not encrypted: the client can read it.
   */
  export interface InputRequired {
    requests: Array<[string, InputRequest]>,
    state?: Uint8Array,
  }
  /**
   * What call-tool answers: the result, or what it needs first.
   */
  export type ToolOutcome = ToolOutcomeComplete | ToolOutcomeInputRequired;
  export interface ToolOutcomeComplete {
    tag: 'complete',
    val: ToolResult,
  }
  export interface ToolOutcomeInputRequired {
    tag: 'input-required',
    val: InputRequired,
  }
  /**
   * What read-resource answers.
   */
  export type ResourceOutcome = ResourceOutcomeComplete | ResourceOutcomeInputRequired;
  export interface ResourceOutcomeComplete {
    tag: 'complete',
    val: ResourceContents,
  }
  export interface ResourceOutcomeInputRequired {
    tag: 'input-required',
    val: InputRequired,
  }
  /**
   * What get-prompt answers.
   */
  export type PromptOutcome = PromptOutcomeComplete | PromptOutcomeInputRequired;
  export interface PromptOutcomeComplete {
    tag: 'complete',
    val: PromptContents,
  }
  export interface PromptOutcomeInputRequired {
    tag: 'input-required',
    val: InputRequired,
  }
  /**
   * What a completion request refers to.
   */
  export type CompletionReference = CompletionReferencePrompt | CompletionReferenceResourceTemplate;
  /**
   * A prompt, by name.
   */
  export interface CompletionReferencePrompt {
    tag: 'prompt',
    val: string,
  }
  /**
   * A resource template, by its URI template.
   */
  export interface CompletionReferenceResourceTemplate {
    tag: 'resource-template',
    val: string,
  }
  export interface CompletionArgument {
    name: string,
    /**
     * What the user typed so far.
     */
    value: string,
  }
  export interface CompletionResult {
    /**
     * At most 100 values.
     */
    values: Array<string>,
    total?: number,
    hasMore?: boolean,
  }
}
