/// <reference path="./wasi-mcp-types.d.ts" />
declare module 'wasi:mcp/capabilities@0.1.0' {
  export type LogLevel = import('wasi:mcp/types@0.1.0').LogLevel;
  export interface ExperimentalCapability {
    /**
     * Capability object as JSON bytes.
     */
    data: Uint8Array,
  }
  export interface LoggingCapability {
    levels?: Array<LogLevel>,
  }
  export interface PromptsCapability {
    listChanged?: boolean,
  }
  export interface ResourcesCapability {
    subscribe?: boolean,
    listChanged?: boolean,
  }
  export interface ToolsCapability {
    listChanged?: boolean,
  }
  export interface RootsCapability {
    listChanged?: boolean,
  }
  /**
   * Server capabilities. The host also derives capabilities from what the
   * component registers (tools, resources, prompts); these add to that.
   */
  export interface ServerCapabilities {
    experimental?: ExperimentalCapability,
    logging?: LoggingCapability,
    /**
     * The server answers completion/complete (proposal: empty record).
     */
    completions: boolean,
    prompts?: PromptsCapability,
    resources?: ResourcesCapability,
    tools?: ToolsCapability,
  }
  /**
   * Client capabilities, as the client declared them at initialize.
   */
  export interface ClientCapabilities {
    experimental?: ExperimentalCapability,
    roots?: RootsCapability,
    /**
     * The client answers sampling/createMessage (proposal: empty record).
     */
    sampling: boolean,
    /**
     * The client answers elicitation/create (proposal: empty record).
     */
    elicitation: boolean,
  }
}
