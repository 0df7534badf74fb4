/**
 * Every message between the host's main thread and an instance worker: one
 * discriminated union each way. Values inside are WIT-shaped (jco's JS
 * mapping: camelCase records, `{ tag, val }` variants, Uint8Array bytes,
 * bigint u64); the backend converts them to MCP shapes.
 */
import type { MessagePort } from 'node:worker_threads';
import type { FdShares } from '../sandbox/fs/fd.js';
import type { SandboxPolicy } from '../sandbox/policy.js';

/** Requests a server may send its client on a guest's behalf (runtime create-message, elicit, list-roots). */
export type ClientMethod = 'sampling/createMessage' | 'elicitation/create' | 'roots/list';

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

/** A registration: the host checks it (collisions, templates) and answers before the guest goes on. */
export type Registration = Extract<
  RuntimeCall,
  { fn: 'register-server' | 'register-tools' | 'register-resources' | 'register-resource-templates' | 'register-prompts' }
>;

/** What the guest only reports: delivered to the call that made it, while it runs. */
export type Report = Exclude<RuntimeCall, Registration>;

export interface WitVariant {
  tag: string;
  val?: unknown;
}

export interface WitError {
  code: string;
  message: string;
  data?: Uint8Array;
}

/**
 * `runtime.get-request-input`'s answer for the call in flight: sent with the
 * call, answered in the worker (wit/runtime.wit, `request-input`).
 */
export interface WitRequestInput {
  clientCapabilities?: Uint8Array;
  inputResponses: [string, Uint8Array][];
  state?: Uint8Array;
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


/**
 * The answer to a blocking request (to the client, or to a linked
 * component), sent on the reply port while the guest waits. `trap`: the
 * other side failed in a way the guest cannot handle; its call traps.
 */
export type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: WitError }
  | { id: number; ok: false; trap: string };

/** What a guest blocks on: a registration, a request to the client, or a call of a linked component's export. */
export type BlockingRequest =
  | { kind: 'register'; call: Registration }
  | { kind: 'client'; method: ClientMethod; params: unknown }
  | { kind: 'link'; iface: string; fn: string; args: unknown[] }
  /** A `wasi:mcp/client` call to an upstream server (`args[0]` names it). */
  | { kind: 'upstream'; fn: string; args: unknown[] };

export type ToWorker =
  /** Sent first: start importing the glue while the main thread compiles the modules. */
  | { type: 'prepare'; componentUrl: string; wasiShim: boolean }
  | {
      type: 'init';
      /** file: URL of the transpiled component's JS. */
      componentUrl: string;
      /** Its WASI is preview2-shim's, not the in-thread one (sandbox/wasi.ts needsShim). */
      wasiShim: boolean;
      /** Compiled core modules by file name, shared by every instance. */
      coreModules: Record<string, WebAssembly.Module>;
      sandbox: SandboxPolicy;
      /** The process-wide count of the host fds guests hold (sandbox/fs/fd-pool.ts). */
      fds: FdShares;
      /** Where client replies arrive while the guest is blocked (read with receiveMessageOnPort). */
      replyPort: MessagePort;
      /** Int32 flag the main thread sets (and notifies) when a reply is on the port. */
      replySignal: SharedArrayBuffer;
      /** The id of the last call the worker entered the guest for (a BigInt64 slot): what a discarded instance had started. */
      startedSlot: SharedArrayBuffer;
      /** How long a guest waits for the client, milliseconds. */
      clientTimeoutMs: number;
      /** The result cap (--max-result-bytes): an outcome far over it is not posted. */
      maxResultBytes: number;
      /** Interfaces (unversioned) the component imports from linked components. */
      links: string[];
      /** A library: no entry, no handlers; only its exports are called. */
      library: boolean;
      /** Upstream servers it may reach through wasi:mcp/client (none: no such import). */
      upstreams: string[];
    }
  /** Call an export: `iface` unversioned (`wasi:mcp/handlers`), `fn` its JS name (`callTool`). */
  /** `utf8`: positions of args sent as text that the worker encodes to UTF-8 bytes (a `list<u8>`), off the main thread. */
  | { type: 'call'; id: number; iface: string; fn: string; args: unknown[]; utf8?: number[]; input?: WitRequestInput }
  /** Skip call `id` if it has not started: its caller gave up. */
  | { type: 'cancel'; id: number }
  /** Calls and cancels made in one turn of the main thread, in order: one message, one wake-up of the worker. */
  | { type: 'batch'; messages: Array<Extract<ToWorker, { type: 'call' | 'cancel' }>> };

/** How one handler call ended. */
export type CallOutcome =
  /** `inputRequired`: what the guest gave `runtime.ask-input` during the call (unchecked WIT value); it answers instead of `value`. */
  | { kind: 'ok'; value: unknown; inputRequired?: unknown }
  /** The guest returned `err(error)`: its answer, the instance is fine. */
  | { kind: 'error'; error: WitError }
  /** The guest trapped: the instance is dead and must be re-created. */
  | { kind: 'trap'; message: string }
  /**
   * What the guest returned (or its error) is far over the result cap, so
   * the worker did not post it (wit-size.ts): `message` says so, after "The
   * component ". The instance is fine.
   */
  | { kind: 'oversized'; message: string };

/**
 * `callId`: the call (ToWorker `call` id) that was executing when the guest
 * sent it; absent while the entry runs. The main thread delivers it with
 * that call's context only while that call is still running.
 */
export type FromWorker =
  | { type: 'runtime'; call: Report; callId?: number }
  /** The guest asks something of the host and blocks until the reply. */
  | { type: 'blocking'; id: number; callId?: number; request: BlockingRequest }
  /** A limit refused the guest something (once per call): for the host's log. */
  | { type: 'limit'; message: string; callId?: number }
  /** The entry export returned and `serve()` was called: ready for calls. */
  | { type: 'ready' }
  /** Instantiation or the entry export failed; the reason is one line. */
  | { type: 'entry-failed'; reason: string }
  | { type: 'result'; id: number; outcome: CallOutcome }
  /** Call `id` was cancelled before it started and will not run. */
  | { type: 'skipped'; id: number };
