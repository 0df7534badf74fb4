/**
 * Every message between the host's main thread and an instance worker: one
 * discriminated union each way. Values inside are WIT-shaped (jco's JS
 * mapping: camelCase records, `{ tag, val }` variants, Uint8Array bytes,
 * bigint u64); the backend converts them to MCP shapes.
 */
import type { SandboxPolicy } from '../sandbox/policy.js';

/** The component's exported handlers, by their WIT names. */
export type HandlerName =
  | 'call-tool'
  | 'read-resource'
  | 'get-prompt'
  | 'handle-subscribe'
  | 'handle-unsubscribe'
  | 'handle-complete';

/** The `wasi:mcp/runtime` imports, as they reach the main thread. */
export type RuntimeCall =
  | { fn: 'register-server'; info: WitServerInfo }
  | { fn: 'register-tools'; tools: unknown[] }
  | { fn: 'register-resources'; resources: unknown[] }
  | { fn: 'register-resource-templates'; templates: unknown[] }
  | { fn: 'register-prompts'; prompts: unknown[] }
  | { fn: 'send-notification'; notification: WitVariant }
  | { fn: 'log'; level: string; message: string; data: Uint8Array | undefined }
  | { fn: 'report-progress'; token: string; progress: number; total: number | undefined; message: string | undefined };

export interface WitVariant {
  tag: string;
  val?: unknown;
}

export interface WitError {
  code: string;
  message: string;
  data?: Uint8Array;
}

export interface WitServerInfo {
  name: string;
  version: string;
  title?: string;
  instructions?: string;
  capabilities: {
    completions: boolean;
    logging?: unknown;
    prompts?: { listChanged?: boolean };
    resources?: { subscribe?: boolean; listChanged?: boolean };
    tools?: { listChanged?: boolean };
    experimental?: { data: Uint8Array };
  };
}

export type ToWorker =
  | {
      type: 'init';
      /** file: URL of the transpiled component's JS. */
      componentUrl: string;
      /** Compiled core modules by file name, shared by every instance. */
      coreModules: Record<string, WebAssembly.Module>;
      sandbox: SandboxPolicy;
    }
  | { type: 'call'; id: number; handler: HandlerName; args: unknown[] };

/** How one handler call ended. */
export type CallOutcome =
  | { kind: 'ok'; value: unknown }
  /** The guest returned `err(error)`: its answer, the instance is fine. */
  | { kind: 'error'; error: WitError }
  /** The guest trapped: the instance is dead and must be re-created. */
  | { kind: 'trap'; message: string };

export type FromWorker =
  | { type: 'runtime'; call: RuntimeCall }
  /** The entry export returned and `serve()` was called: ready for calls. */
  | { type: 'ready' }
  /** Instantiation or the entry export failed; the reason is one line. */
  | { type: 'entry-failed'; reason: string }
  | { type: 'result'; id: number; outcome: CallOutcome };
