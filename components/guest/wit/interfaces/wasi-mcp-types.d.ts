declare module 'wasi:mcp/types@0.1.0' {
  /**
   * MCP error codes. The host maps each to a JSON-RPC error code
   * (see wit/README.md for the table).
   * # Variants
   * 
   * ## `"invalid-request"`
   * 
   * ## `"method-not-found"`
   * 
   * ## `"invalid-params"`
   * 
   * ## `"internal-error"`
   * 
   * ## `"resource-not-found"`
   * 
   * ## `"tool-not-found"`
   * 
   * ## `"prompt-not-found"`
   * 
   * ## `"unauthorized"`
   * 
   * ## `"forbidden"`
   * 
   * ## `"timeout"`
   * 
   * ## `"rate-limited"`
   * 
   * ## `"unavailable"`
   * 
   * ## `"missing-client-capability"`
   * 
   * The request needs a capability the client did not declare.
   * `data` is MCP's `ClientCapabilities` JSON naming the missing ones
   * (e.g. `{"sampling":{}}`); the host answers -32021
   * (MissingRequiredClientCapabilityError) with it as
   * `data.requiredCapabilities`. Added after 0.1.0 (wit/README.md,
   * "Input required"): a component built before never returns it.
   */
  export type ErrorCode = 'invalid-request' | 'method-not-found' | 'invalid-params' | 'internal-error' | 'resource-not-found' | 'tool-not-found' | 'prompt-not-found' | 'unauthorized' | 'forbidden' | 'timeout' | 'rate-limited' | 'unavailable' | 'missing-client-capability';
  /**
   * An error a guest returns, or the host returns to a guest.
   * 
   * A record, not a resource: the proposal's `resource error` has no
   * constructor, so no guest could ever return one.
   */
  export interface Error {
    code: ErrorCode,
    /**
     * Human-readable, shown to the client.
     */
    message: string,
    /**
     * Optional structured details (JSON bytes).
     */
    data?: Uint8Array,
  }
  /**
   * A progress token, as the client sent it. MCP allows a string or an
   * integer; the host gives integers in decimal and maps them back.
   */
  export type ProgressToken = string;
  /**
   * Log levels of the MCP logging protocol (RFC 5424 severities).
   * # Variants
   * 
   * ## `"debug"`
   * 
   * ## `"info"`
   * 
   * ## `"notice"`
   * 
   * ## `"warning"`
   * 
   * ## `"error"`
   * 
   * ## `"critical"`
   * 
   * ## `"alert"`
   * 
   * ## `"emergency"`
   */
  export type LogLevel = 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';
  /**
   * Roles in prompt and sampling messages. MCP knows only these two.
   * # Variants
   * 
   * ## `"user"`
   * 
   * ## `"assistant"`
   */
  export type Role = 'user' | 'assistant';
}
