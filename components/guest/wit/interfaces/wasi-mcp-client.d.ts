/// <reference path="./wasi-mcp-content.d.ts" />
/// <reference path="./wasi-mcp-runtime.d.ts" />
/// <reference path="./wasi-mcp-types.d.ts" />
declare module 'wasi:mcp/client@0.1.0' {
  /**
   * Names of the servers this component was granted.
   */
  export function listServers(): Array<string>;
  export function listTools(server: string): Array<ToolDefinition>;
  export function callTool(server: string, name: string, arguments: Uint8Array): ToolResult;
  export function listResources(server: string): Array<ResourceDefinition>;
  export function readResource(server: string, uri: string): ResourceContents;
  export function listPrompts(server: string): Array<PromptDefinition>;
  export function getPrompt(server: string, name: string, arguments: Uint8Array | undefined): PromptContents;
  export type Error = import('wasi:mcp/types@0.1.0').Error;
  export type ToolDefinition = import('wasi:mcp/runtime@0.1.0').ToolDefinition;
  export type ResourceDefinition = import('wasi:mcp/runtime@0.1.0').ResourceDefinition;
  export type PromptDefinition = import('wasi:mcp/runtime@0.1.0').PromptDefinition;
  export type ToolResult = import('wasi:mcp/content@0.1.0').ToolResult;
  export type ResourceContents = import('wasi:mcp/content@0.1.0').ResourceContents;
  export type PromptContents = import('wasi:mcp/content@0.1.0').PromptContents;
}
