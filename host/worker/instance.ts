/**
 * The main thread's handle on one component instance: a worker thread
 * (instance-worker.ts) running the transpiled component. Calls are queued and
 * sent one at a time, because a component instance is single-threaded and
 * the Component Model forbids re-entering it.
 *
 * Faults: a trap, a dead worker or a missed deadline ends the instance; the
 * caller gets a `trap` outcome and the next call runs on a fresh instance
 * built from the same compiled modules (its in-memory state is lost, which
 * is logged).
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { UserError } from '../errors.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import type { ClientMethod } from '../backend/backend.js';
import type { CallOutcome, FromWorker, HandlerName, Reply, RuntimeCall, ToWorker, WitError } from './messages.js';

/** How a call ended, as the instance reports it: the worker's outcomes, or cancelled by the caller. */
export type InstanceOutcome = CallOutcome | { kind: 'cancelled' };

/**
 * After a cancellation, how long a call may still finish on its own before
 * its worker is terminated: enough for a call that was about to return,
 * short enough that a cancelled loop stops at once.
 */
export const CANCEL_GRACE_MS = 100;

export interface InstanceOptions<Ctx> {
  componentUrl: string;
  coreModules: Promise<Record<string, WebAssembly.Module>>;
  sandbox: SandboxPolicy;
  /**
   * Every `wasi:mcp/runtime` call the component makes, in order, with the
   * context of the call in flight (undefined while the entry runs).
   */
  onRuntimeCall: (call: RuntimeCall, inFlight: Ctx | undefined) => void;
  /**
   * A request the guest makes of the client while handling the call in
   * flight; the guest is blocked until the promise settles. Reject with a
   * `{ code, message }` WIT error to give the guest that error.
   */
  onClientRequest: (method: ClientMethod, params: unknown, inFlight: Ctx | undefined) => Promise<unknown>;
  /** Interfaces this component imports from linked components, and how to call them. */
  links?: Map<string, LinkedExport>;
  /** A library component: no entry or handlers, only exports others call. */
  library?: boolean;
  /** Upstream MCP servers it may reach through wasi:mcp/client. */
  upstreams?: UpstreamAccess;
  /** Host diagnostics (never the protocol stream). */
  log: (line: string) => void;
  /**
   * A call still running after this many milliseconds is stopped: the worker
   * is terminated and the instance re-created.
   */
  deadlineMs: number;
}

interface Live {
  worker: Worker;
  /** Resolves the call in flight, if any. */
  settle?: (outcome: CallOutcome) => void;
}

/** A linked component's export, as an importer's calls reach it. */
export interface LinkedExport {
  /** Its name for messages. */
  provider: string;
  call(fn: string, args: unknown[]): Promise<InstanceOutcome>;
}

/** The upstream servers one component was granted. */
export interface UpstreamAccess {
  names: string[];
  /** Rejects with a `{ code, message }` WIT error. */
  call(server: string, fn: string, args: unknown[]): Promise<unknown>;
}

/** What a call carries besides its arguments: a cancellation signal and the caller's context. */
export interface CallOptions {
  signal?: AbortSignal;
}

export class ComponentInstance<Ctx extends CallOptions> {
  private live: Live | undefined;
  /** The context of the call being executed, for runtime calls made during it. */
  private inFlight: Ctx | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private closed = false;
  /** Why the instance cannot be re-created, once that has happened. */
  private broken: string | undefined;

  private constructor(private readonly opts: InstanceOptions<Ctx>) {}

  /** Spawn the worker and run the component's entry; fails with the entry's reason. */
  static async start<Ctx extends CallOptions>(opts: InstanceOptions<Ctx>): Promise<ComponentInstance<Ctx>> {
    const instance = new ComponentInstance(opts);
    instance.live = await instance.spawn();
    return instance;
  }

  /**
   * Call one exported handler; never rejects: faults are `trap` outcomes.
   * When `signal` aborts, a queued call is dropped and a running one is
   * stopped after CANCEL_GRACE_MS.
   */
  call(handler: HandlerName, args: unknown[], context: Ctx): Promise<InstanceOutcome> {
    return this.callExport('wasi:mcp/handlers', camelCase(handler), args, context);
  }

  /** Call any export (`iface` unversioned, `fn` its JS name), queued like handler calls. */
  callExport(iface: string, fn: string, args: unknown[], context: Ctx): Promise<InstanceOutcome> {
    const run = this.queue.then(() => this.callNow(iface, fn, args, context));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    const live = this.live;
    this.live = undefined;
    if (live) await live.worker.terminate();
  }

  private async callNow(iface: string, fn: string, args: unknown[], context: Ctx): Promise<InstanceOutcome> {
    const signal = context.signal;
    if (this.closed) return { kind: 'trap', message: 'the server is shutting down' };
    if (signal?.aborted) return { kind: 'cancelled' };
    if (!this.live) {
      if (this.broken) return { kind: 'trap', message: this.broken };
      try {
        this.live = await this.spawn();
      } catch (err) {
        this.broken = `the component could not be re-created: ${(err as Error).message}`;
        return { kind: 'trap', message: this.broken };
      }
    }
    const live = this.live;
    const id = this.nextId++;
    const deadline = this.opts.deadlineMs;
    let graceTimer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const outcome = await new Promise<InstanceOutcome>((resolve) => {
      const timer = setTimeout(
        () => resolve({ kind: 'trap', message: `the call exceeded its deadline of ${deadline} ms and was stopped` }),
        deadline,
      );
      onAbort = () => (graceTimer = setTimeout(() => resolve({ kind: 'cancelled' }), CANCEL_GRACE_MS));
      signal?.addEventListener('abort', onAbort, { once: true });
      live.settle = (o) => {
        clearTimeout(timer);
        resolve(o);
      };
      this.inFlight = context;
      live.worker.postMessage({ type: 'call', id, iface, fn, args } satisfies ToWorker);
    });
    this.inFlight = undefined;
    clearTimeout(graceTimer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    live.settle = undefined;
    if (outcome.kind === 'trap') await this.discard(live, outcome.message);
    if (outcome.kind === 'cancelled') await this.discard(live, 'a cancelled call was still running');
    return outcome;
  }

  /** Answer what a blocked guest asked: its client, or a linked component. */
  private async blocking(request: Extract<FromWorker, { type: 'blocking' }>['request']): Promise<DistributiveOmit<Reply, 'id'>> {
    if (request.kind === 'client') {
      try {
        return { ok: true, result: await this.opts.onClientRequest(request.method, request.params, this.inFlight) };
      } catch (error) {
        return { ok: false, error: asWitError(error) };
      }
    }
    if (request.kind === 'upstream') {
      const [server, ...args] = request.args;
      try {
        if (!this.opts.upstreams) throw { code: 'unavailable', message: 'no upstream servers were granted' };
        return { ok: true, result: await this.opts.upstreams.call(String(server), request.fn, args) };
      } catch (error) {
        return { ok: false, error: asWitError(error) };
      }
    }
    const link = this.opts.links?.get(request.iface);
    if (!link) return { ok: false, trap: `${request.iface} is not linked` };
    const outcome = await link.call(request.fn, request.args);
    if (outcome.kind === 'ok') return { ok: true, result: outcome.value };
    if (outcome.kind === 'error') return { ok: false, error: outcome.error };
    const why = outcome.kind === 'trap' ? outcome.message : 'cancelled';
    return { ok: false, trap: `the linked component ${link.provider} failed in ${request.iface}#${request.fn}: ${why}` };
  }

  /** End a faulted instance; the next call re-creates it. */
  private async discard(live: Live, reason: string): Promise<void> {
    if (this.live === live) this.live = undefined;
    await live.worker.terminate();
    if (!this.closed) {
      this.opts.log(`${this.opts.sandbox.label}: instance stopped (${reason}); its in-memory state is lost, a new one starts on the next call`);
    }
  }

  private spawn(): Promise<Live> {
    const worker = takePrewarmed() ?? newWorker();
    const label = this.opts.sandbox.label;
    pipeLabelled(worker.stdout, label, this.opts.log);
    pipeLabelled(worker.stderr, label, this.opts.log);
    const live: Live = { worker };
    const replies = new MessageChannel();
    const replySignal = new SharedArrayBuffer(4);
    const answer = (reply: Reply): void => {
      replies.port1.postMessage(reply);
      const flag = new Int32Array(replySignal);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    };

    return new Promise<Live>((resolve, reject) => {
      let ready = false;
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'runtime':
            this.opts.onRuntimeCall(message.call, this.inFlight);
            break;
          case 'blocking':
            this.blocking(message.request).then((reply) => answer({ ...reply, id: message.id }));
            break;
          case 'ready':
            ready = true;
            resolve(live);
            break;
          case 'entry-failed':
            void worker.terminate();
            reject(new UserError(`${label}: ${message.reason}`));
            break;
          case 'result':
            live.settle?.(message.outcome);
            break;
        }
      });
      const died = (reason: string): void => {
        if (!ready) reject(new UserError(`${label}: ${reason}`));
        else live.settle?.({ kind: 'trap', message: reason });
      };
      worker.on('error', (err) => died(`the instance worker failed: ${err.message}`));
      worker.on('exit', (code) => died(`the instance worker exited (code ${code})`));
      worker.on('exit', () => replies.port1.close());
      // The worker imports the glue and the WASI shim while the modules compile.
      worker.postMessage({ type: 'prepare', componentUrl: this.opts.componentUrl } satisfies ToWorker);
      this.opts.coreModules.then(
        (coreModules) => this.init(worker, coreModules, replies.port2, replySignal),
        (err: Error) => {
          void worker.terminate();
          reject(new UserError(`${label}: cannot compile the component: ${err.message}`));
        },
      );
    });
  }

  /** Send the compiled modules and everything the worker needs to instantiate. */
  private init(worker: Worker, coreModules: Record<string, WebAssembly.Module>, replyPort: MessagePort, replySignal: SharedArrayBuffer): void {
    const message: ToWorker = {
      type: 'init',
      componentUrl: this.opts.componentUrl,
      coreModules,
      sandbox: this.opts.sandbox,
      replyPort,
      replySignal,
      // Past the protocol's own timeout for the request (80% of the deadline), so that one answers first.
      clientTimeoutMs: Math.floor(this.opts.deadlineMs * 0.9),
      links: [...(this.opts.links?.keys() ?? [])],
      library: this.opts.library ?? false,
      upstreams: this.opts.upstreams?.names ?? [],
    };
    worker.postMessage(message, [replyPort]);
  }
}

function newWorker(): Worker {
  return new Worker(new URL('./instance-worker.js', import.meta.url), {
    // Own pipes: guest stdout must never reach the protocol stream.
    stdout: true,
    stderr: true,
  });
}

let prewarmed: Worker | undefined;

/**
 * Start one instance worker now, before the component is even loaded: its
 * thread boots (and loads the WASI shim) on the other core while this one
 * loads the host. The first instance started takes it. For `mcp-host run`,
 * where start-up time is what a client waits for.
 */
export function prewarmWorker(): void {
  prewarmed ??= newWorker();
  prewarmed.unref(); // never keeps the process alive if unused
}

function takePrewarmed(): Worker | undefined {
  const worker = prewarmed;
  prewarmed = undefined;
  worker?.ref();
  return worker;
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** WIT name → jco's JS name (`call-tool` → `callTool`), remembered: it is on every call's path. */
const jsNames = new Map<string, string>();
function camelCase(name: string): string {
  let js = jsNames.get(name);
  if (js === undefined) jsNames.set(name, (js = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())));
  return js;
}

function asWitError(error: unknown): WitError {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' && 'message' in error) {
    return { code: error.code, message: String(error.message) };
  }
  return { code: 'internal-error', message: error instanceof Error ? error.message : String(error) };
}

/** Guest output, a line at a time, prefixed with the component's label. */
function pipeLabelled(stream: Readable, label: string, log: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => log(`${label}| ${line}`));
}
