/**
 * Entry of an instance worker: one thread per component instance, so guest
 * code never runs on the main thread (a loop cannot freeze the protocol, and
 * a deadline is `worker.terminate()`). It instantiates the transpiled
 * component with sandboxed WASI and the runtime imports, runs the entry
 * export, then answers handler calls one at a time.
 */
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { wasiImports } from '../sandbox/wasi.js';
import type { CallOutcome, ClientMethod, ClientReply, FromWorker, HandlerName, ToWorker } from './messages.js';
import { RuntimeImports, type AskClient } from './runtime-imports.js';

const port = parentPort;
if (!port) throw new Error('instance-worker.js must run in a worker thread');
const post = (message: FromWorker): void => port.postMessage(message);

type Fn = (...args: unknown[]) => unknown;
let handlers: Record<string, Fn> | undefined;
/** Set after a trap: the Component Model forbids entering the instance again. */
let deadReason: string | undefined;

port.on('message', (message: ToWorker) => {
  if (message.type === 'init') {
    init(message).catch((err: unknown) => post({ type: 'entry-failed', reason: describe(err) }));
  } else {
    post({ type: 'result', id: message.id, outcome: call(message.handler, message.args) });
  }
});

async function init(message: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  const component = (await import(message.componentUrl)) as {
    instantiate(getCoreModule: (name: string) => WebAssembly.Module, imports: object): Promise<Record<string, unknown>>;
  };
  const runtime = new RuntimeImports((call) => post({ type: 'runtime', call }), blockingAsk(message.replyPort, message.replySignal, message.clientTimeoutMs));
  const imports = { ...(await wasiImports(message.sandbox)), 'wasi:mcp/runtime': runtime.imports };
  const instance = await component.instantiate((name) => {
    const module = message.coreModules[name];
    if (!module) throw new Error(`missing core module ${name}`);
    return module;
  }, imports);
  const entry = pickExport(instance, 'run', 'wasi:cli/run') as { run?: Fn } | undefined;
  handlers = pickExport(instance, 'handlers', 'wasi:mcp/handlers') as Record<string, Fn> | undefined;
  if (!entry?.run) throw new Error('the component does not export wasi:cli/run');
  if (!handlers) throw new Error('the component does not export wasi:mcp/handlers');
  try {
    entry.run();
  } catch (err) {
    throw new Error(`the component's entry (wasi:cli/run) failed: ${describe(err)}`);
  }
  if (!runtime.served) {
    throw new Error("the component's entry (wasi:cli/run) returned without calling serve()");
  }
  post({ type: 'ready' });
}

function call(handler: HandlerName, args: unknown[]): CallOutcome {
  if (deadReason) return { kind: 'trap', message: deadReason };
  const fn = handlers?.[camelCase(handler)];
  if (!fn) return { kind: 'trap', message: `the component does not export ${handler}` };
  try {
    return { kind: 'ok', value: fn(...args) };
  } catch (err) {
    if (err && typeof err === 'object' && 'payload' in err) {
      return { kind: 'error', error: (err as { payload: never }).payload };
    }
    deadReason = describe(err);
    return { kind: 'trap', message: deadReason };
  }
}

/**
 * A synchronous client request for a synchronous guest (DESIGN.md, decision
 * 4; Node 20 has no JSPI): post it, sleep on the shared flag until the main
 * thread has put the reply on the reply port, then read it synchronously.
 */
function blockingAsk(replyPort: MessagePort, replySignal: SharedArrayBuffer, timeoutMs: number): AskClient {
  const flag = new Int32Array(replySignal);
  let nextId = 1;
  return (method: ClientMethod, params: unknown) => {
    const id = nextId++;
    Atomics.store(flag, 0, 0);
    post({ type: 'client-request', id, method, params });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(flag, 0, 0, left) === 'timed-out') {
        throw { payload: { code: 'timeout', message: `the client did not answer ${method} within ${timeoutMs} ms` } };
      }
      Atomics.store(flag, 0, 0);
      for (let m = receiveMessageOnPort(replyPort); m; m = receiveMessageOnPort(replyPort)) {
        const reply = m.message as ClientReply;
        if (reply.id !== id) continue; // a late answer to an earlier, timed-out request
        if (reply.ok) return reply.result;
        throw { payload: reply.error };
      }
    }
  };
}

/** jco names an export both by its short and its full, versioned name. */
function pickExport(instance: Record<string, unknown>, short: string, qualified: string): unknown {
  if (instance[short]) return instance[short];
  const key = Object.keys(instance).find((k) => k === qualified || k.startsWith(`${qualified}@`));
  return key ? instance[key] : undefined;
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}
