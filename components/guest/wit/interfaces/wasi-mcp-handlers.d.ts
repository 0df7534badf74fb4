/// <reference path="./wasi-mcp-content.d.ts" />
/// <reference path="./wasi-mcp-types.d.ts" />
declare module 'wasi:mcp/handlers@0.1.0' {
  /**
   * tools/call. `arguments` is the JSON object the client sent.
   */
  export function callTool(name: string, arguments: Uint8Array, context: RequestContext): ToolResult;
  /**
   * resources/read, for a registered resource or a URI matching a
   * registered template.
   */
  export function readResource(uri: string, context: RequestContext): ResourceContents;
  /**
   * prompts/get. `arguments` is a JSON object of strings.
   */
  export function getPrompt(name: string, arguments: Uint8Array | undefined, context: RequestContext): PromptContents;
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
   */
  export interface RequestContext {
    /**
     * Set when the client asked for progress: pass it to
     * `runtime.report-progress` while handling the request.
     */
    progressToken?: ProgressToken,
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
