/**
 * The main thread's handle on one component instance: a worker thread
 * (instance-worker.ts) running the transpiled component.
 *
 * Calls are pipelined: each is posted to the worker as soon as it is made,
 * and the worker runs them one after another (a component instance is
 * single-threaded and the Component Model forbids re-entering it), so the
 * guest never waits for a round trip to the main thread between two calls.
 * Only the first call posted and not yet answered can be running. Its
 * deadline counts from when it reached the front: posted behind nothing, or
 * answered the one before it (a call's wait behind others does not count).
 *
 * Faults: a trap, a dead worker or a missed deadline ends the instance; the
 * caller gets a `trap` outcome, and the calls posted behind it, which never
 * started, go to a fresh instance built from the same compiled modules (the
 * in-memory state is lost, which is logged). A start (worker, instantiation,
 * entry) has its own deadline, at first and at every re-creation; after
 * MAX_FAILED_STARTS re-creations in a row fail (a start counts as good only
 * once a call completes on it), the host stops trying and answers every call
 * with why. A call's deadline and cancellation cover its wait for a
 * re-creation, which goes on for the next call if the call gives up on it.
 *
 * What the guest sends while a call runs is tagged with that call in the
 * worker, and delivered with its context only while it is still running:
 * what a timed-out or cancelled call sent is dropped, never given to whoever
 * is in flight when it arrives.
 */
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { workerFdShares } from '../sandbox/fs/fd-pool.js';
import { instanceHeapMb, needsWasiShim, type SandboxPolicy } from '../sandbox/policy.js';
import { CallQueue } from './call-queue.js';
import { OutputBudget, pipeLines } from './guest-output.js';
import { newInstanceWorker, takePrewarmed } from './spawn.js';
import { Utf8Text } from './utf8-text.js';
import type { BlockingRequest, CallOutcome, ClientMethod, FromWorker, HandlerName, Registration, Reply, RuntimeCall, ToWorker, WitError, WitRequestInput } from './messages.js';

/** How a call ended, as the instance reports it: the worker's outcomes, or cancelled by the caller. */
export type InstanceOutcome = CallOutcome | { kind: 'cancelled' };

/**
 * After a cancellation, how long a call may still finish on its own before
 * its worker is terminated: enough for a call that was about to return,
 * short enough that a cancelled loop stops at once.
 */
export const CANCEL_GRACE_MS = 100;

/**
 * Calls posted to a worker ahead of their turn, at most: enough that the
 * guest never waits for the main thread (64 calls in flight on one session
 * ran at 11,400 calls/s with 16 posted, 15,500 with 64), few enough that a
 * flood of calls waits here (once), not also copied into the worker's queue.
 * Posted calls wait serialized in the worker's port, and it takes them one
 * at a time: 64 calls of 3.5 MB posted behind a slow one peaked the host at
 * what 4 posted did, and fit a worker heap capped at 80 MiB.
 */
export const MAX_POSTED = 64;

/** Re-creations that may fail in a row before the host stops trying: a fault that repeats is not transient. */
export const MAX_FAILED_STARTS = 3;

export interface InstanceOptions<Ctx> {
  componentUrl: string;
  /** The interfaces the component imports (unversioned; the transpile meta). */
  componentImports: readonly string[];
  coreModules: Promise<Record<string, WebAssembly.Module>>;
  sandbox: SandboxPolicy;
  /**
   * Every log, progress report and notification the component sends, in
   * order, with the context of the call that sent it (undefined while the
   * entry runs). What a call sends after it ended is dropped, not passed.
   */
  onRuntimeCall: (call: RuntimeCall, inFlight: Ctx | undefined) => void;
  /**
   * A registration, answered before the guest goes on (synchronously): a
   * WIT error refuses it and is what the guest's import returns.
   */
  onRegister: (call: Registration, inFlight: Ctx | undefined) => WitError | undefined;
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
  /** A start (worker, instantiation, entry) still unfinished after this many milliseconds fails. */
  startTimeoutMs: number;
  /** The result cap (--max-result-bytes): an outcome far over it never leaves the worker. */
  maxResultBytes: number;
}

interface Live<Ctx> {
  worker: Worker;
  /** Calls posted to it and not answered yet, in the order posted: the first may be running, the others wait behind it. */
  posted: Map<number, Call<Ctx>>;
  /** Discarded (or its start failed): whatever it still sends is dropped. */
  stopped: boolean;
  /** Messages of ended calls dropped, and the calls already logged for it. */
  dropped: number;
  droppedCalls: Set<number>;
  /** The id of the last call the worker entered the guest for, written there before it does (0: none). */
  started: BigInt64Array;
  /** Calls and cancels for it made in this turn, posted together at its end (toWorker). */
  outbox: WorkerCallMessage[];
}

type WorkerCallMessage = Extract<ToWorker, { type: 'call' | 'cancel' }>;

/** One call, from when it is made until its outcome is known. */
interface Call<Ctx> {
  id: number;
  message: Extract<ToWorker, { type: 'call' }>;
  context: Ctx;
  resolve: (outcome: InstanceOutcome) => void;
  /** When its deadline started counting (it reached the front), once it has. */
  clockFrom?: number;
  deadlineTimer?: NodeJS.Timeout;
  graceTimer?: NodeJS.Timeout;
  onAbort?: () => void;
  done: boolean;
  /**
   * Answered `cancelled` while posted behind another call, and kept in
   * `posted` until the worker says it skipped or ran it: the worker may have
   * started it while the one before it was still being answered here.
   */
  cancelledPosted?: boolean;
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
  private live: Live<Ctx> | undefined;
  /** Calls not posted yet, in order: there is no live worker (it is being re-created), or MAX_POSTED are posted already. */
  private readonly waiting = new CallQueue<Call<Ctx>>();
  /** Call ids, unique across re-created workers, so a late message never matches a later call. */
  private nextId = 1;
  private closed = false;
  /** Why the instance cannot be re-created, once that has happened. */
  private broken: string | undefined;
  private failedStarts = 0;
  /** The re-creation under way, if any: shared by the calls that wait for it. */
  private recreating: Promise<void> | undefined;
  /** Guest output of every worker of this instance shares one budget. */
  private readonly output: OutputBudget;
  /** Its WASI is preview2-shim's (sandbox/policy.ts needsWasiShim). */
  private readonly wasiShim: boolean;

  private constructor(private readonly opts: InstanceOptions<Ctx>) {
    this.output = new OutputBudget(opts.sandbox.label, opts.log);
    this.wasiShim = needsWasiShim(opts.componentImports, opts.sandbox.allowHosts);
  }

  /** Spawn the worker and run the component's entry; fails with the entry's reason, or at the start deadline. */
  static async start<Ctx extends CallOptions>(opts: InstanceOptions<Ctx>): Promise<ComponentInstance<Ctx>> {
    const instance = new ComponentInstance(opts);
    try {
      instance.live = await instance.spawn();
    } catch (err) {
      throw new UserError(`${opts.sandbox.label}: ${(err as Error).message}`);
    }
    return instance;
  }

  /**
   * Call one exported handler; never rejects: faults are `trap` outcomes.
   * When `signal` aborts, a call that has not started is dropped and a
   * running one is stopped after CANCEL_GRACE_MS.
   */
  call(handler: HandlerName, args: unknown[], context: Ctx, input?: WitRequestInput): Promise<InstanceOutcome> {
    return this.callExport('wasi:mcp/handlers', camelCase(handler), args, context, input);
  }

  /**
   * Call any export (`iface` unversioned, `fn` its JS name), pipelined like
   * handler calls. `input`: what `runtime.get-request-input` answers during it.
   */
  callExport(iface: string, fn: string, args: unknown[], context: Ctx, input?: WitRequestInput): Promise<InstanceOutcome> {
    if (this.closed) return Promise.resolve({ kind: 'trap', message: 'the server is shutting down' });
    const signal = context.signal;
    if (signal?.aborted) return Promise.resolve({ kind: 'cancelled' });
    return new Promise<InstanceOutcome>((resolve) => {
      const id = this.nextId++;
      const utf8: number[] = [];
      const sent = args.map((arg, i) => (arg instanceof Utf8Text ? (utf8.push(i), arg.text) : arg));
      const message: Call<Ctx>['message'] = { type: 'call', id, iface, fn, args: sent, input, ...(utf8.length > 0 ? { utf8 } : {}) };
      const call: Call<Ctx> = { id, message, context, resolve, done: false };
      if (signal) {
        call.onAbort = () => this.cancel(call);
        signal.addEventListener('abort', call.onAbort, { once: true });
      }
      this.waiting.push(call);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const live = this.live;
    this.live = undefined;
    for (const call of [...this.waiting.drain(), ...(live?.posted.values() ?? [])]) this.finish(call, { kind: 'trap', message: 'the server is shutting down' });
    if (live) live.stopped = true;
    if (live) await live.worker.terminate();
  }

  /** Post waiting calls to the live worker (up to MAX_POSTED), or have one re-created for them; time the front call. */
  private dispatch(): void {
    if (this.closed) return;
    const live = this.live;
    if (!live) {
      const front = this.waiting.peek();
      if (!front) return;
      this.startDeadline(front);
      this.recreating ??= this.recreate().then((failed) => {
        this.recreating = undefined;
        if (failed !== undefined) {
          for (const call of this.waiting.drain()) this.finish(call, { kind: 'trap', message: failed });
        }
        this.dispatch();
      });
      return;
    }
    while (live.posted.size < MAX_POSTED) {
      const call = this.waiting.take();
      if (!call) break;
      live.posted.set(call.id, call);
      toWorker(live, call.message);
    }
    this.armFront(live);
  }

  /**
   * Time the front call: its deadline; or, if it was cancelled behind
   * another, CANCEL_GRACE_MS for the worker to say it skipped it, after which
   * it is running and its worker is stopped, as for a running call cancelled.
   */
  private armFront(live: Live<Ctx>): void {
    const front = first(live.posted);
    if (!front) return;
    if (!front.cancelledPosted) return this.startDeadline(front);
    front.graceTimer ??= setTimeout(() => void this.discard(live, 'a cancelled call was still running'), CANCEL_GRACE_MS);
  }

  /** The front call's deadline: from when it got there, or from its earlier wait for a re-creation. */
  private startDeadline(call: Call<Ctx>): void {
    if (call.deadlineTimer) return;
    call.clockFrom ??= Date.now();
    const left = Math.max(0, this.opts.deadlineMs - (Date.now() - call.clockFrom));
    call.deadlineTimer = setTimeout(() => this.overdue(call), left);
  }

  /** A call past its deadline: stopped with its worker if posted, else given up while waiting for a re-creation. */
  private overdue(call: Call<Ctx>): void {
    const deadline = this.opts.deadlineMs;
    const live = this.live;
    if (live?.posted.has(call.id)) {
      const message = `the call exceeded its deadline of ${deadline} ms and was stopped`;
      this.finish(call, { kind: 'trap', message });
      void this.discard(live, message);
      return;
    }
    this.endWaiting(call, { kind: 'trap', message: `the call exceeded its deadline of ${deadline} ms waiting for the component to be re-created` });
    this.dispatch(); // the next call, if any, becomes the front one
  }

  /**
   * The caller gave up: a call not started is dropped at once (the worker
   * is told to skip it); the running one has CANCEL_GRACE_MS to finish
   * before its worker is stopped.
   */
  private cancel(call: Call<Ctx>): void {
    if (call.done) return;
    const live = this.live;
    if (!live?.posted.has(call.id)) return this.endWaiting(call, { kind: 'cancelled' }); // waiting behind MAX_POSTED, or for a re-creation
    if (first(live.posted) !== call) {
      toWorker(live, { type: 'cancel', id: call.id });
      call.cancelledPosted = true;
      return this.finish(call, { kind: 'cancelled' });
    }
    call.graceTimer = setTimeout(() => {
      this.finish(call, { kind: 'cancelled' });
      void this.discard(live, 'a cancelled call was still running');
    }, CANCEL_GRACE_MS);
  }

  /**
   * A call that ends while it waits: it stays in the queue, marked done,
   * until the queue sweeps it (CallQueue.ended), and lets its arguments go
   * now. A request cancelled once queued counts as answered for the
   * transport's backpressure, so unswept, a client could park any amount
   * there: 1,500 requests of 1 MB, each cancelled behind 64 slow calls,
   * kept 1.2 GB of the host's heap (the queue held each call's context, and
   * so the request it came in).
   */
  private endWaiting(call: Call<Ctx>, outcome: InstanceOutcome): void {
    call.message.args = [];
    call.message.input = undefined;
    this.finish(call, outcome);
    this.waiting.ended();
  }

  /** The call ends the moment its outcome is known: what it sends later is dropped. */
  private finish(call: Call<Ctx>, outcome: InstanceOutcome): void {
    if (call.done) return;
    call.done = true;
    clearTimeout(call.deadlineTimer);
    clearTimeout(call.graceTimer);
    if (call.onAbort) call.context.signal?.removeEventListener('abort', call.onAbort);
    if (!call.cancelledPosted) this.live?.posted.delete(call.id);
    // A start counts as good once a call has completed on it (a start that only leads to a trap does not).
    if (outcome.kind === 'ok' || outcome.kind === 'error') this.failedStarts = 0;
    call.resolve(outcome);
  }

  /** A fresh instance for the next call; why not, if it cannot be had. */
  private async recreate(): Promise<string | undefined> {
    if (this.broken) return this.broken;
    try {
      const live = await this.spawn();
      if (this.closed) {
        live.stopped = true;
        await live.worker.terminate();
        return 'the server is shutting down';
      }
      this.live = live; // failedStarts is reset once a call completes on it
      return undefined;
    } catch (err) {
      const why = (err as Error).message;
      const label = this.opts.sandbox.label;
      if (++this.failedStarts >= MAX_FAILED_STARTS) {
        this.broken = `the component could not be re-created ${this.failedStarts} times in a row, so the host stopped trying (last: ${why}); restart mcp-host to try again`;
        this.opts.log(`${label}: ${this.broken}`);
        return this.broken;
      }
      this.opts.log(`${label}: the component could not be re-created (${why}); the next call tries again`);
      return `the component could not be re-created: ${why}`;
    }
  }

  /** Answer what a blocked guest asked: a registration, its client, or a linked component. */
  private async blocking(request: BlockingRequest, context: Ctx | undefined): Promise<DistributiveOmit<Reply, 'id'>> {
    if (request.kind === 'register') {
      let refusal: WitError | undefined;
      try {
        refusal = this.opts.onRegister(request.call, context);
      } catch (error) {
        refusal = asWitError(error);
      }
      return refusal ? { ok: false, error: refusal } : { ok: true, result: undefined };
    }
    if (request.kind === 'client') {
      try {
        return { ok: true, result: await this.opts.onClientRequest(request.method, request.params, context) };
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
    const why = outcome.kind === 'trap' ? outcome.message : outcome.kind === 'oversized' ? `it ${outcome.message}` : 'cancelled';
    return { ok: false, trap: `the linked component ${link.provider} failed in ${request.iface}#${request.fn}: ${why}` };
  }

  /**
   * Whose context a message from `live` tagged `callId` carries: `entry`
   * (undefined) for the entry's, the call's own while it is still running
   * (and not cancelled), `dropped` otherwise.
   */
  private route(live: Live<Ctx>, callId: number | undefined): { context: Ctx | undefined } | 'dropped' {
    if (live.stopped) return 'dropped';
    if (callId === undefined) return { context: undefined };
    const running = first(live.posted);
    if (running?.id === callId && !running.done && !running.context.signal?.aborted) return { context: running.context };
    live.dropped++;
    if (!live.droppedCalls.has(callId)) {
      live.droppedCalls.add(callId);
      this.opts.log(`${this.opts.sandbox.label}: dropping what call #${callId} sends after it ended (timed out, cancelled or stopped)`);
    }
    return 'dropped';
  }

  /**
   * End a faulted instance; the calls posted behind the one that faulted
   * and not started go first to the next instance, re-created now. One the
   * worker had started (its result, or the one before it, still on its way
   * here) is answered with a trap: run again, what it did would be done twice.
   */
  private async discard(live: Live<Ctx>, reason: string): Promise<void> {
    if (live.stopped) return;
    live.stopped = true;
    const started = Number(Atomics.load(live.started, 0));
    for (const call of live.posted.values()) {
      if (call.id <= started) this.finish(call, { kind: 'trap', message: `it had started when its instance was stopped (${reason}), and is not run again` });
    }
    // Those cancelled behind another are answered already, and not run again.
    const unstarted = [...live.posted.values()].filter((call) => !call.done);
    for (const call of live.posted.values()) clearTimeout(call.graceTimer);
    live.posted.clear();
    if (this.live === live) this.live = undefined;
    this.waiting.pushFront(unstarted);
    if (!this.closed) {
      this.opts.log(`${this.opts.sandbox.label}: instance stopped (${reason}); its in-memory state is lost, a new one starts on the next call`);
    }
    this.dispatch();
    await live.worker.terminate();
  }

  /** A worker with the component instantiated and its entry run, within the start deadline. */
  private spawn(): Promise<Live<Ctx>> {
    const heapMb = instanceHeapMb(this.opts.sandbox);
    const worker = takePrewarmed(heapMb) ?? newInstanceWorker(heapMb);
    const label = this.opts.sandbox.label;
    pipeLines(worker.stdout, this.output);
    pipeLines(worker.stderr, this.output);
    const live: Live<Ctx> = { worker, posted: new Map(), stopped: false, dropped: 0, droppedCalls: new Set(), started: new BigInt64Array(new SharedArrayBuffer(8)), outbox: [] };
    const replies = new MessageChannel();
    const replySignal = new SharedArrayBuffer(4);
    const answer = (reply: Reply): void => {
      replies.port1.postMessage(reply);
      const flag = new Int32Array(replySignal);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    };

    return new Promise<Live<Ctx>>((resolve, reject) => {
      let ready = false;
      const fail = (reason: string, hint?: string): void => {
        clearTimeout(startTimer);
        live.stopped = true;
        void worker.terminate();
        reject(new UserError(reason, hint));
      };
      const limit = this.opts.startTimeoutMs;
      const startTimer = setTimeout(
        () =>
          fail(
            `the component did not start within ${limit} ms (worker, instantiation and its entry, wasi:cli/run, which may loop forever)`,
            'If it needs longer, raise --start-timeout (or limits.startTimeoutMs in a policy file)',
          ),
        limit,
      );
      const died = (reason: string): void => {
        if (!ready) return fail(reason);
        if (live.stopped) return;
        const running = first(live.posted);
        if (running) this.finish(running, { kind: 'trap', message: reason }); // a no-op for one cancelled behind another
        // Gone: the next call starts a new one instead of waiting on this one.
        void this.discard(live, reason);
      };
      worker.on('message', (message: FromWorker) => {
        try {
          this.receive(live, message, answer);
        } catch (err) {
          // A bug, or a guest value that slipped through: never the host's event loop.
          this.opts.log(`${label}: a message from the component could not be handled: ${(err as Error).message}`);
        }
        if (message.type === 'ready' && !live.stopped) {
          ready = true;
          clearTimeout(startTimer);
          resolve(live);
        } else if (message.type === 'entry-failed') {
          died(message.reason);
        }
      });
      worker.on('error', (err) =>
        died(
          (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `what the component handed the host outgrew the instance's host heap of ${heapMb} MiB (it follows --max-memory), so its worker was stopped`
            : `the instance worker failed: ${err.message}`,
        ),
      );
      worker.on('exit', (code) => {
        died(`the instance worker exited (code ${code})`);
        replies.port1.close();
        if (live.dropped > 0) this.opts.log(`${label}: ${live.dropped} messages of calls that had ended were dropped`);
      });
      // The worker imports the glue (and the WASI shim, if it needs it) while the modules compile.
      worker.postMessage({ type: 'prepare', componentUrl: this.opts.componentUrl, wasiShim: this.wasiShim } satisfies ToWorker);
      this.opts.coreModules.then(
        (coreModules) => {
          if (!live.stopped) this.init(worker, coreModules, replies.port2, replySignal, live.started.buffer as SharedArrayBuffer);
        },
        (err: Error) => fail(`cannot compile the component: ${err.message}`),
      );
    });
  }

  /** One message from a worker: routed to the call that sent it (or dropped), answered if it waits. */
  private receive(live: Live<Ctx>, message: FromWorker, answer: (reply: Reply) => void): void {
    switch (message.type) {
      case 'runtime': {
        const route = this.route(live, message.callId);
        if (route !== 'dropped') this.opts.onRuntimeCall(message.call, route.context);
        return;
      }
      case 'blocking': {
        const route = this.route(live, message.callId);
        const reply =
          route === 'dropped'
            ? Promise.resolve<DistributiveOmit<Reply, 'id'>>({ ok: false, error: { code: 'invalid-request', message: 'the call that asked has ended' } })
            : this.blocking(message.request, route.context);
        reply
          .catch((err: unknown): DistributiveOmit<Reply, 'id'> => ({ ok: false, trap: `the host failed to answer: ${(err as Error).message}` }))
          .then((r) => answer({ ...r, id: message.id }));
        return;
      }
      case 'limit':
        if (this.route(live, message.callId) !== 'dropped') this.opts.log(`${this.opts.sandbox.label}: ${message.message}`);
        return;
      case 'result':
      case 'skipped': {
        const call = live.posted.get(message.id);
        if (!call || live.stopped) return; // cancelled while running, or its worker discarded
        live.posted.delete(call.id);
        clearTimeout(call.graceTimer);
        if (message.type === 'skipped') return this.dispatch();
        this.finish(call, message.outcome); // a no-op for one cancelled behind another that ran anyway
        if (message.outcome.kind === 'trap') {
          void this.discard(live, message.outcome.message);
          return;
        }
        this.dispatch(); // the next call is at the front; one more may be posted
        return;
      }
    }
  }

  /** Send the compiled modules and everything the worker needs to instantiate. */
  private init(worker: Worker, coreModules: Record<string, WebAssembly.Module>, replyPort: MessagePort, replySignal: SharedArrayBuffer, startedSlot: SharedArrayBuffer): void {
    const message: ToWorker = {
      type: 'init',
      componentUrl: this.opts.componentUrl,
      wasiShim: this.wasiShim,
      coreModules,
      sandbox: this.opts.sandbox,
      fds: workerFdShares(worker),
      replyPort,
      replySignal,
      startedSlot,
      // Past the protocol's own timeout for the request (80% of the deadline), so that one answers first.
      clientTimeoutMs: Math.floor(this.opts.deadlineMs * 0.9),
      maxResultBytes: this.opts.maxResultBytes,
      links: [...(this.opts.links?.keys() ?? [])],
      library: this.opts.library ?? false,
      upstreams: this.opts.upstreams?.names ?? [],
    };
    worker.postMessage(message, [replyPort]);
  }
}

/**
 * Post a call or cancel to the worker at the end of this turn of the event
 * loop (setImmediate: after the stdin chunk or the worker's results it
 * handled), with the others made in it: a client's burst of requests wakes
 * the worker once, and is one structured clone, not one each. The order is
 * kept (a cancel never overtakes its call); a worker discarded meanwhile
 * gets nothing.
 */
function toWorker<Ctx>(live: Live<Ctx>, message: WorkerCallMessage): void {
  if (live.outbox.push(message) > 1) return;
  setImmediate(() => {
    const messages = live.outbox;
    live.outbox = [];
    if (live.stopped) return;
    live.worker.postMessage((messages.length === 1 ? messages[0]! : { type: 'batch', messages }) satisfies ToWorker);
  });
}

/** The first of a map's values (a Map keeps insertion order). */
function first<V>(map: Map<number, V>): V | undefined {
  for (const value of map.values()) return value;
  return undefined;
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** WIT name → jco's JS name (`call-tool` → `callTool`), remembered: it is on every call's path. */
const jsNames = new Map<string, string>();
export function camelCase(name: string): string {
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
