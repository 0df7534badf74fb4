/**
 * One component instance run in the caller's own thread, for runtimes that
 * have no worker threads and may not block (a Cloudflare Worker's isolate).
 * The same surface as host/worker/instance.ts's ComponentInstance as far as
 * ComponentBackend uses it (start, call, callExport, close), and the same
 * fault rules: a trap ends the instance, the caller gets a `trap` outcome,
 * and the next call runs on a fresh instance from the same compiled modules
 * (MAX_FAILED_STARTS re-creations failing in a row stop the retries).
 *
 * What cannot be the same here: guest code that runs cannot be stopped (no
 * thread to terminate), so for it the call deadline is the platform's CPU
 * limit per request (wrangler.toml [limits] cpu_ms), which ends the isolate;
 * a call that waits (JSPI, on fetch) is stopped at the deadline or on
 * cancellation and its instance given up. And the guest cannot wait for its
 * client, so a blocking request (elicit, create-message, list-roots) is a
 * WIT error that says to answer input-required instead.
 */
import { UserError } from '../errors.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import { camelCase, CANCEL_GRACE_MS, MAX_FAILED_STARTS, type CallOptions, type InstanceOptions, type InstanceOutcome } from '../worker/instance.js';
import type { BlockingRequest, HandlerName, WitError, WitRequestInput } from '../worker/messages.js';
import { RuntimeImports } from '../worker/runtime-imports.js';
import { Utf8Text } from '../worker/utf8-text.js';
import { instantiateComponent, type Glue } from '../worker/instantiate.js';

const utf8 = new TextEncoder();

type ImportObject = Record<string, object>;

/** What an in-thread instance is made from: the glue, its compiled modules, and WASI for a policy. */
export interface InThreadParts {
  glue: Glue;
  coreModules: Record<string, WebAssembly.Module>;
  wasi: (policy: SandboxPolicy) => { imports: ImportObject; release(): void };
}

/** The handlers whose request may answer input-required (runtime.ask-input). */
const ASKING = new Set(['callTool', 'readResource', 'getPrompt']);

type Fn = (...args: unknown[]) => unknown;

interface Live<Ctx> {
  exports: Record<string, unknown>;
  runtime: RuntimeImports;
  /** The call it is executing: what the guest sends carries its context. */
  running?: Ctx;
  /**
   * Discarded: a call that waited past its deadline is abandoned mid-stack,
   * and may resume when what it waited for settles; whatever it then sends
   * is dropped, whatever it asks is refused.
   */
  stopped: boolean;
  /** Ends what its imports still hold (requests in flight). */
  release(): void;
}

export class InThreadInstance<Ctx extends CallOptions> {
  private live: Live<Ctx> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private broken: string | undefined;
  private failedStarts = 0;

  private constructor(
    private readonly parts: InThreadParts,
    private readonly opts: InstanceOptions<Ctx>,
  ) {}

  /** Instantiate and run the entry; fails with the entry's reason (a UserError). */
  static async start<Ctx extends CallOptions>(parts: InThreadParts, opts: InstanceOptions<Ctx>): Promise<InThreadInstance<Ctx>> {
    if (opts.links?.size || opts.upstreams) throw new UserError(`${opts.sandbox.label}: linked components and upstream servers are not served from a Worker`);
    const instance = new InThreadInstance(parts, opts);
    try {
      instance.live = await instance.spawn();
    } catch (err) {
      throw new UserError(`${opts.sandbox.label}: ${(err as Error).message}`);
    }
    return instance;
  }

  /** Call one exported handler; never rejects: faults are `trap` outcomes. */
  call(handler: HandlerName, args: unknown[], context: Ctx, input?: WitRequestInput): Promise<InstanceOutcome> {
    return this.callExport('wasi:mcp/handlers', camelCase(handler), args, context, input);
  }

  /** Any export, queued: an instance is single-threaded and may not be re-entered. */
  callExport(iface: string, fn: string, args: unknown[], context: Ctx, input?: WitRequestInput): Promise<InstanceOutcome> {
    const run = this.queue.then(() => this.callNow(iface, fn, args, context, input));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.live?.release();
    this.live = undefined;
  }

  private async callNow(iface: string, fnName: string, args: unknown[], context: Ctx, input: WitRequestInput | undefined): Promise<InstanceOutcome> {
    if (this.closed) return { kind: 'trap', message: 'the server is shutting down' };
    if (context.signal?.aborted) return { kind: 'cancelled' };
    if (!this.live) {
      const failed = await this.recreate();
      if (failed) return { kind: 'trap', message: failed };
      if (context.signal?.aborted) return { kind: 'cancelled' };
    }
    const live = this.live!;
    const fn = (exportOf(live.exports, iface) as Record<string, Fn> | undefined)?.[fnName];
    if (!fn) return { kind: 'trap', message: `the component does not export ${fnName} of ${iface}` };
    live.running = context;
    live.runtime.startCall(ASKING.has(fnName) && iface === 'wasi:mcp/handlers' ? (input ?? { inputResponses: [] }) : undefined);
    let outcome: InstanceOutcome;
    try {
      // A JSPI export answers a promise (the guest waits on fetch); a plain one its value, having run to its end.
      const returned = fn(...args.map((arg) => (arg instanceof Utf8Text ? utf8.encode(arg.text) : arg)));
      const deadline = this.opts.deadlineMs;
      const value = returned instanceof Promise ? await bounded(returned, deadline, `the call exceeded its deadline of ${deadline} ms and was stopped`, context.signal) : returned;
      const inputRequired = live.runtime.endCall();
      outcome = inputRequired === undefined ? { kind: 'ok', value } : { kind: 'ok', value, inputRequired };
      this.failedStarts = 0;
    } catch (err) {
      if (err instanceof Abandoned) {
        // The guest is still suspended inside the call: the instance is given up, as a worker is terminated.
        outcome = err.outcome;
        this.discard(live, err.outcome.kind === 'cancelled' ? 'a cancelled call was still waiting' : err.outcome.message);
      } else if (isExportError(err)) {
        live.runtime.endCall();
        outcome = { kind: 'error', error: err.payload as WitError };
        this.failedStarts = 0;
      } else {
        // Anything else unwound the guest mid-call: the instance may not be entered again.
        live.runtime.endCall();
        outcome = { kind: 'trap', message: describe(err) };
        this.discard(live, outcome.message);
      }
    } finally {
      live.running = undefined;
    }
    return outcome;
  }

  /** A fresh instance for the next call; why not, if it cannot be had. */
  private async recreate(): Promise<string | undefined> {
    if (this.broken) return this.broken;
    try {
      this.live = await this.spawn();
      return undefined;
    } catch (err) {
      const why = (err as Error).message;
      const label = this.opts.sandbox.label;
      if (++this.failedStarts >= MAX_FAILED_STARTS) {
        this.broken = `the component could not be re-created ${this.failedStarts} times in a row, so the host stopped trying (last: ${why}); a new isolate tries again`;
        this.opts.log(`${label}: ${this.broken}`);
        return this.broken;
      }
      this.opts.log(`${label}: the component could not be re-created (${why}); the next call tries again`);
      return `the component could not be re-created: ${why}`;
    }
  }

  private discard(live: Live<Ctx>, reason: string): void {
    live.stopped = true;
    live.release();
    live.running = undefined;
    if (this.live === live) this.live = undefined;
    if (!this.closed) this.opts.log(`${this.opts.sandbox.label}: instance stopped (${reason}); its in-memory state is lost, a new one starts on the next call`);
  }

  /** Instantiate the component and run its entry (wasi:cli/run), which registers and calls serve(). */
  private async spawn(): Promise<Live<Ctx>> {
    let live: Live<Ctx> | undefined;
    const runtime = new RuntimeImports(
      (call) => {
        // While the entry runs (no call), a report has no context, as in the worker host.
        if (!live?.stopped) this.opts.onRuntimeCall(call, live?.running);
      },
      (request) => {
        if (live?.stopped) throw { payload: { code: 'invalid-request', message: 'the call that asked has ended' } satisfies WitError };
        return this.ask(request, live?.running);
      },
      (text) => this.opts.log(`${this.opts.sandbox.label}: ${text}`),
    );
    const wasi = this.parts.wasi(this.opts.sandbox);
    const imports: ImportObject = { ...wasi.imports, 'wasi:mcp/runtime': runtime.imports };
    const exports = await instantiateComponent(this.parts.glue, this.parts.coreModules, imports);
    live = { exports, runtime, stopped: false, release: wasi.release };
    const entry = exportOf(exports, 'wasi:cli/run') as { run?: Fn } | undefined;
    if (!entry?.run) throw new Error('the component does not export wasi:cli/run');
    if (!exportOf(exports, 'wasi:mcp/handlers')) throw new Error('the component does not export wasi:mcp/handlers');
    try {
      const ran = entry.run();
      if (ran instanceof Promise) await bounded(ran, this.opts.startTimeoutMs, `the component did not start within ${this.opts.startTimeoutMs} ms (its entry, wasi:cli/run, waited)`);
    } catch (err) {
      if (err instanceof Abandoned) {
        live.stopped = true;
        wasi.release();
        throw new Error(err.outcome.kind === 'trap' ? err.outcome.message : 'cancelled');
      }
      throw new Error(`the component's entry (wasi:cli/run) failed: ${describe(err)}`);
    }
    if (!runtime.served) throw new Error("the component's entry (wasi:cli/run) returned without calling serve()");
    return live;
  }

  /**
   * What the guest asks synchronously: a registration is answered at once
   * (its refusal is the guest's error); nothing else can be, since the
   * isolate's one thread is the guest's while it waits.
   */
  private ask(request: BlockingRequest, context: Ctx | undefined): unknown {
    if (request.kind === 'register') {
      let refusal: WitError | undefined;
      try {
        refusal = this.opts.onRegister(request.call, context);
      } catch (err) {
        refusal = { code: 'internal-error', message: (err as Error)?.message ?? String(err) };
      }
      if (refusal) throw { payload: refusal };
      return undefined;
    }
    if (request.kind === 'client') {
      throw {
        payload: {
          code: 'method-not-found',
          message:
            `${request.method} cannot be sent while the component waits: on a Worker it runs in the request's own thread, which may not block. ` +
            'Return input-required from the handler instead (runtime.ask-input) and read the answer from the request context on the next call (wit/README.md, "Input required")',
        } satisfies WitError,
      };
    }
    throw { payload: { code: 'unavailable', message: 'linked components and upstream servers are not served from a Worker' } satisfies WitError };
  }
}

/**
 * A waiting call (or entry) under a deadline and the caller's cancellation
 * (after CANCEL_GRACE_MS, as in the worker host). Only a call that waits can
 * be stopped here: guest code that runs does so to its end on this thread.
 */
function bounded<T>(returned: Promise<T>, ms: number, late: string, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Abandoned({ kind: 'trap', message: late })), ms);
    let grace: ReturnType<typeof setTimeout> | undefined;
    const onAbort = (): void => void (grace = setTimeout(() => reject(new Abandoned({ kind: 'cancelled' })), CANCEL_GRACE_MS));
    signal?.addEventListener('abort', onAbort, { once: true });
    returned.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      clearTimeout(grace);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}

/** A waiting call given up on: its outcome; the instance is discarded. */
class Abandoned extends Error {
  constructor(readonly outcome: Exclude<InstanceOutcome, { kind: 'ok' | 'error' }>) {
    super(outcome.kind);
  }
}

/** A WIT error of a result-typed export: jco lifts the guest's `err` into a ComponentError (its stack is whole). */
function isExportError(err: unknown): err is Error & { payload: unknown } {
  return err instanceof Error && err.constructor.name === 'ComponentError' && Object.prototype.hasOwnProperty.call(err, 'payload');
}

/** jco names an export both by its short and its full, versioned name. */
function exportOf(exports: Record<string, unknown>, qualified: string): unknown {
  const key = Object.keys(exports).find((k) => k === qualified || k.startsWith(`${qualified}@`));
  if (key) return exports[key];
  return exports[qualified.slice(qualified.lastIndexOf('/') + 1)];
}

const MAX_REASON_CHARS = 1000;

/** A trap's reason, one line, cut: its text may be the guest's. */
function describe(err: unknown): string {
  let text: string;
  if (err instanceof Error) text = err.message.split('\n')[0] ?? err.name;
  else {
    const payload = err && typeof err === 'object' && 'payload' in err ? (err as { payload: { code?: unknown; message?: unknown } }).payload : undefined;
    text = payload && typeof payload === 'object' ? `an import failed where it cannot return an error, unwinding the call: ${String(payload.code)}: ${String(payload.message)}`.split('\n')[0]! : String(err);
  }
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}… [cut]` : text;
}
