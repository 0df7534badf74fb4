/**
 * Entry of an instance worker: one thread per component instance, so guest
 * code never runs on the main thread (a loop cannot freeze the protocol, and
 * a deadline is `worker.terminate()`). It instantiates the transpiled
 * component with sandboxed WASI, the runtime imports and any linked
 * interfaces, runs the entry export (servers), then answers export calls one
 * at a time, in the order posted, taking in the next without waiting for the
 * event loop (instance.ts pipelines them).
 */
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { wasiImports } from '../sandbox/wasi.js';
import { boundPendingOutput } from './guest-output.js';
import type { BlockingRequest, CallOutcome, FromWorker, Reply, ToWorker } from './messages.js';
import { instantiateComponent, type Glue } from './instantiate.js';
import { liftBudget } from './lift-budget.js';
import { RuntimeImports, type Ask } from './runtime-imports.js';
import { jsonSize, witSize } from './wit-size.js';

// jco's glue wraps exports with WebAssembly.promising (JSPI) and, where that
// throws (Node 20 has no JSPI), uses the export itself. Each throw costs V8 a
// re-parse of the 45,000-line glue function (~13 ms, nine times a start:
// bench/). Give it the same fallback without the throw.
const wasm = WebAssembly as unknown as { promising?: (fn: unknown) => unknown };
wasm.promising ??= (fn) => fn;

const port = parentPort;
if (!port) throw new Error('instance-worker.js must run in a worker thread');
const post = (message: FromWorker): void => port.postMessage(message);
// Guest output waits here while the guest runs (the thread is busy): bound it.
boundPendingOutput(process.stdout);
boundPendingOutput(process.stderr);

/** The handlers whose request may answer input-required (runtime.ask-input). */
const ASKING = new Set(['callTool', 'readResource', 'getPrompt']);

/** The call being executed (its ToWorker id), for tagging what the guest sends; undefined in the entry. */
let current: number | undefined;
let runtime: RuntimeImports | undefined;

type Fn = (...args: unknown[]) => unknown;
let instance: Record<string, unknown> | undefined;
/** Set after a trap: the Component Model forbids entering the instance again. */
let deadReason: string | undefined;

let glue: Promise<Glue> | undefined;
/** The id of the last call entered (main thread: a call posted at or before it has started, and is not run again elsewhere). */
let startedSlot: BigInt64Array | undefined;

port.on('message', (message: ToWorker) => {
  if (message.type === 'prepare') {
    glue = import(message.componentUrl) as Promise<Glue>;
    glue.catch(() => {}); // reported by init
    // A component that may reach a host gets the WASI shim (sandbox/wasi.ts): load it while the modules compile.
    if (message.wasiShim) import('@bytecodealliance/preview2-shim/instantiation').catch(() => {});
  } else if (message.type === 'init') {
    init(message).catch((err: unknown) => post({ type: 'entry-failed', reason: describe(err) }));
  } else {
    accept(message);
    runQueued();
  }
});

type CallMessage = Extract<ToWorker, { type: 'call' }>;
/** Calls posted and not started, in order; and the ids of those whose caller gave up. */
const queued: CallMessage[] = [];
const skip = new Set<number>();
const utf8 = new TextEncoder();
let draining = false;

/**
 * Past this long running calls back to back, give the event loop a turn
 * (the guest's output is written there) before the next one.
 */
const YIELD_AFTER_MS = 5;

function accept(message: ToWorker): void {
  if (message.type === 'call') queued.push(message);
  else if (message.type === 'cancel') skip.add(message.id);
  else if (message.type === 'batch') for (const m of message.messages) accept(m);
}

/**
 * Run the queued calls one after another. Before each, take in what the
 * main thread posted meanwhile (with receiveMessageOnPort, synchronously):
 * new calls join the queue without a turn of the event loop, and a call
 * cancelled before it started is skipped.
 */
function runQueued(): void {
  if (draining) return;
  draining = true;
  const started = performance.now();
  try {
    for (;;) {
      for (let m = receiveMessageOnPort(port!); m; m = receiveMessageOnPort(port!)) accept(m.message as ToWorker);
      const next = queued.shift();
      if (!next) return;
      if (skip.delete(next.id)) {
        post({ type: 'skipped', id: next.id }); // until then the main thread cannot know it did not start
        continue;
      }
      for (const id of skip) if (id < next.id) skip.delete(id); // cancels that came after their call ran
      runCall(next);
      if (performance.now() - started > YIELD_AFTER_MS) {
        setImmediate(runQueued);
        return;
      }
    }
  } finally {
    draining = false;
  }
}

function runCall(message: CallMessage): void {
  current = message.id;
  // Only the three requests that may answer input-required get their input (the others: none).
  runtime?.startCall(ASKING.has(message.fn) && message.iface === 'wasi:mcp/handlers' ? (message.input ?? { inputResponses: [] }) : undefined);
  try {
    for (const i of message.utf8 ?? []) message.args[i] = utf8.encode(message.args[i] as string);
    const outcome = call(message.iface, message.fn, message.args);
    const inputRequired = runtime?.endCall();
    post({ type: 'result', id: message.id, outcome: bounded(outcome.kind === 'ok' && inputRequired ? { ...outcome, inputRequired } : outcome) });
  } finally {
    current = undefined;
  }
}

/**
 * How far over the result cap, as witSize counts (8 bytes for every number
 * and item, more than their JSON), an outcome may be and still be posted;
 * the main thread then checks the converted result exactly.
 */
const OUTCOME_SLACK = 4;
/** --max-result-bytes (init). */
let resultCap = Infinity;

/**
 * An outcome far over the result cap is not posted. Lifting it here was
 * bounded by this worker's heap (sandbox/policy.ts instanceHeapMb), but the
 * main thread would copy, convert and measure it all, every session waiting
 * meanwhile: 1.8 M empty content blocks (245 MB of guest memory) held it
 * for ~8 s and ~700 MB.
 */
function bounded(outcome: CallOutcome): CallOutcome {
  if (outcome.kind === 'trap' || outcome.kind === 'oversized') return outcome; // a trap's message is cut already
  const payload = outcome.kind === 'ok' ? [outcome.value, outcome.inputRequired] : outcome.error;
  // An error goes to the client as it is, with no exact check after: the cap itself bounds it.
  const limit = outcome.kind === 'error' ? resultCap : OUTCOME_SLACK * resultCap;
  const json = outcome.kind === 'ok' ? (outcome.value as { structuredContent?: unknown } | undefined)?.structuredContent : outcome.error.data;
  let size = witSize(payload, limit);
  if (size <= limit && json instanceof Uint8Array) size += jsonSize(json) - json.byteLength;
  if (size <= limit) return outcome;
  const what = outcome.kind === 'error' ? 'an error of over' : 'a value of over';
  const over = outcome.kind === 'error' ? 'over' : 'far over';
  return { kind: 'oversized', message: `returned ${what} ${limit} bytes as the host counts it, ${over} the cap of ${resultCap} bytes (raise it with --max-result-bytes)` };
}

/** Arguments for another component or an upstream server, bounded as outcomes are: far over the cap, a trap of the call. */
function boundedArgs(what: string, args: unknown[]): unknown[] {
  const limit = OUTCOME_SLACK * resultCap;
  if (witSize(args, limit) <= limit) return args;
  throw new Error(`${what}: arguments of over ${limit} bytes as the host counts them, far over the cap of ${resultCap} bytes`);
}

async function init(message: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  startedSlot = new BigInt64Array(message.startedSlot);
  resultCap = message.maxResultBytes;
  liftBudget.max = message.sandbox.maxMemoryBytes;
  const component = await (glue ?? (import(message.componentUrl) as Promise<Glue>));
  const ask = blockingAsk(message.replyPort, message.replySignal, message.clientTimeoutMs);
  const imports: Record<string, object> = { ...(await wasiImports(message.sandbox, message.fds, message.wasiShim)) };
  const mcp = new RuntimeImports(
    (call) => post({ type: 'runtime', call, callId: current }),
    ask,
    (text) => post({ type: 'limit', message: text, callId: current }),
  );
  runtime = mcp;
  imports['wasi:mcp/runtime'] = mcp.imports;
  for (const iface of message.links) imports[iface] = linkedInterface(iface, ask);
  if (message.upstreams.length > 0) imports['wasi:mcp/client'] = upstreamClient(message.upstreams, ask);
  instance = await instantiateComponent(component, message.coreModules, imports);
  if (message.library) return post({ type: 'ready' });

  const entry = exportOf('wasi:cli/run') as { run?: Fn } | undefined;
  if (!entry?.run) throw new Error('the component does not export wasi:cli/run');
  if (!exportOf('wasi:mcp/handlers')) throw new Error('the component does not export wasi:mcp/handlers');
  try {
    entry.run();
  } catch (err) {
    throw new Error(`the component's entry (wasi:cli/run) failed: ${describe(err)}`);
  }
  if (!mcp.served) {
    throw new Error("the component's entry (wasi:cli/run) returned without calling serve()");
  }
  post({ type: 'ready' });
}

function call(iface: string, fnName: string, args: unknown[]): CallOutcome {
  if (deadReason) return { kind: 'trap', message: deadReason };
  const fn = (exportOf(iface) as Record<string, Fn> | undefined)?.[fnName];
  if (!fn) return { kind: 'trap', message: `the component does not export ${fnName} of ${iface}` };
  if (current !== undefined && startedSlot) Atomics.store(startedSlot, 0, BigInt(current));
  liftBudget.enter();
  try {
    return { kind: 'ok', value: fn(...args) };
  } catch (err) {
    if (isExportError(err)) return { kind: 'error', error: err.payload as never };
    // Anything else escaping the export (a trap, or an import that threw
    // where it has no error to return) unwound the guest's stack mid-call:
    // the instance may not be entered again.
    deadReason = describe(err);
    return { kind: 'trap', message: deadReason };
  }
}

/**
 * A WIT error of a result-typed export: jco's glue lifts the guest's `err`
 * into a ComponentError after the guest returned (its stack is whole). The
 * host's imports never throw one (they throw `{ payload }` objects, which the
 * glue turns into `err` only for an import that returns a result).
 */
function isExportError(err: unknown): err is Error & { payload: unknown } {
  return err instanceof Error && err.constructor.name === 'ComponentError' && Object.prototype.hasOwnProperty.call(err, 'payload');
}

/** An interface another component exports: every function a blocking call through the host. */
function linkedInterface(iface: string, ask: Ask): object {
  return new Proxy(
    {},
    { get: (_target, fn) => (typeof fn === 'string' ? (...args: unknown[]) => ask({ kind: 'link', iface, fn, args: boundedArgs(`${iface}#${fn}`, args) }) : undefined) },
  );
}

/** `wasi:mcp/client`: the granted server names here; every other function a blocking call through the host. */
function upstreamClient(names: string[], ask: Ask): object {
  return new Proxy(
    {},
    {
      get: (_target, fn) => {
        if (fn === 'listServers') return () => [...names];
        return typeof fn === 'string' ? (...args: unknown[]) => ask({ kind: 'upstream', fn, args: boundedArgs(`wasi:mcp/client#${fn}`, args) }) : undefined;
      },
    },
  );
}

/**
 * A synchronous request for a synchronous guest (DESIGN.md, decision 4; Node
 * 20 has no JSPI): post it, sleep on the shared flag until the main thread
 * has put the reply on the reply port, then read it synchronously.
 */
function blockingAsk(replyPort: MessagePort, replySignal: SharedArrayBuffer, timeoutMs: number): Ask {
  const flag = new Int32Array(replySignal);
  let nextId = 1;
  return (request: BlockingRequest) => {
    const id = nextId++;
    Atomics.store(flag, 0, 0);
    post({ type: 'blocking', id, callId: current, request });
    // A registration is applied whole on the main thread, synchronously, or not at all: the guest waits
    // for which (the call's deadline still bounds it), so it is never told "timeout" of one applied.
    const deadline = request.kind === 'register' ? Infinity : Date.now() + timeoutMs;
    const what = describeRequest(request);
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(flag, 0, 0, left) === 'timed-out') {
        throw { payload: { code: 'timeout', message: `no answer to ${what} within ${timeoutMs} ms` } };
      }
      Atomics.store(flag, 0, 0);
      for (let m = receiveMessageOnPort(replyPort); m; m = receiveMessageOnPort(replyPort)) {
        const reply = m.message as Reply;
        if (reply.id !== id) continue; // a late answer to an earlier, timed-out request
        if (reply.ok) return reply.result;
        if ('trap' in reply) throw new Error(reply.trap);
        throw { payload: reply.error };
      }
    }
  };
}

function describeRequest(request: BlockingRequest): string {
  switch (request.kind) {
    case 'register':
      return request.call.fn;
    case 'client':
      return request.method;
    case 'link':
      return `${request.iface}#${request.fn}`;
    case 'upstream':
      return `wasi:mcp/client#${request.fn}`;
  }
}

/** jco names an export both by its short and its full, versioned name. */
function exportOf(qualified: string): unknown {
  if (!instance) return undefined;
  const key = Object.keys(instance).find((k) => k === qualified || k.startsWith(`${qualified}@`));
  if (key) return instance[key];
  return instance[qualified.slice(qualified.lastIndexOf('/') + 1)];
}

const MAX_REASON_CHARS = 1000;

/** A trap's reason, one line; cut, since its text may be the guest's and goes to logs and clients. */
function describe(err: unknown): string {
  const text = err instanceof Error ? (err.message.split('\n')[0] ?? err.name) : importFailure(err);
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}… [cut]` : text;
}

/** What an import threw that unwound the guest: its WIT error, if it is one. */
function importFailure(err: unknown): string {
  const payload = err && typeof err === 'object' && 'payload' in err ? (err as { payload: unknown }).payload : undefined;
  if (payload && typeof payload === 'object' && 'message' in payload) {
    const { code, message } = payload as { code?: unknown; message: unknown };
    return `an import failed where it cannot return an error, unwinding the call: ${String(code)}: ${String(message)}`.split('\n')[0]!;
  }
  return String(err);
}
