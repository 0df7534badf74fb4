/**
 * The WASI imports of an instance served from a Worker: preview2-shim's
 * browser build (bundled with the browser conditions: no Node APIs, clocks
 * and randomness from Web APIs, HTTP through the runtime's `fetch`), with the
 * same pieces on top as the Node host's sandbox/wasi.ts, minus the
 * filesystem: there are no preopened directories at all (a Worker has no
 * files to grant), so the guest holds no descriptor to open anything from.
 * The environment is what the policy names (host/edge/config.ts fills it
 * from the Worker's variables and secrets), HTTP goes through the allow list
 * (sandbox/network.ts: a denied host is wasi:http's HTTP-request-denied),
 * and what the runtime's fetch is given cannot reach any other host: the
 * URL's path must begin with `/` (the shim builds the URL as one string, so
 * `@evil.example/` or `.evil.example/` would move its host) and a redirect
 * is never followed (fetch would follow one to any host, unchecked),
 * sockets are refused, stdin is closed, `exit` is a trap, and the guest's
 * stdout/stderr are lines on the Worker's log, labelled and bounded.
 */
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import { applyHostFacts } from '../sandbox/host-facts.js';
import { applyNetworkPolicy } from '../sandbox/network.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import { applyClosedStdin } from '../sandbox/stdin.js';

type ImportObject = Record<string, Record<string, unknown>>;

/** Guest output one instance may log, bytes; past it lines are dropped (once said). The Worker's log is not a sink for floods. */
export const MAX_GUEST_OUTPUT_BYTES = 1024 * 1024;
/** One logged line at most, characters. */
const MAX_LINE_CHARS = 4096;

/** An instance's WASI imports, and how to end what they still hold when the instance is given up. */
export interface EdgeWasi {
  imports: ImportObject;
  /** Abort the requests still in flight (a call abandoned at its deadline may wait on one for ever). */
  release(): void;
}

const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('dispose');

export function edgeWasiImports(policy: SandboxPolicy): EdgeWasi {
  const output = guestOutput(policy.label);
  const shim = new WASIShim({
    sandbox: { preopens: {}, env: { ...policy.env }, args: [policy.label], enableNetwork: policy.allowHosts.length > 0 },
    stdout: output,
    stderr: output,
  } as ConstructorParameters<typeof WASIShim>[0]);
  const imports = shim.getImportObject() as unknown as ImportObject;
  imports['wasi:filesystem/preopens'] = { getDirectories: (): [] => [] };
  applyHostFacts(imports, policy);
  applyNetworkPolicy(imports, policy.allowHosts);
  applyOriginForm(imports);
  fetchWithoutRedirects();
  const requests = trackRequests(imports);
  applyClosedStdin(imports);
  imports['wasi:cli/exit'] = {
    exit(status: { tag: string }): never {
      throw new Error(`component called wasi:cli/exit (${status.tag === 'ok' ? 'success' : 'failure'})`);
    },
  };
  return { imports, release: requests.abortAll };
}

/**
 * Refuse a request whose path does not begin with `/`: the browser shim
 * fetches `scheme//authority` + path, one string, where such a path changes
 * the host the allow list checked (`@h/`, `.h/`, `:port/`).
 */
function applyOriginForm(imports: ImportObject): void {
  const handle = imports['wasi:http/outgoing-handler']!.handle as (request: { pathWithQuery(): string | undefined }, options: unknown) => unknown;
  imports['wasi:http/outgoing-handler'] = {
    handle(request: { pathWithQuery(): string | undefined }, options: unknown): unknown {
      if (!(request.pathWithQuery() ?? '').startsWith('/')) throw { payload: { tag: 'HTTP-request-URI-invalid' } };
      return handle(request, options);
    },
  };
}

const NO_REDIRECTS = Symbol.for('mcp-host.edge-fetch-without-redirects');

/**
 * The shim's HTTP is `globalThis.fetch(url, init)`, which follows a redirect
 * to wherever it points, past the allow list. The guest gets the 3xx instead,
 * as from the Node host (and as wasi:http defines), and a redirect it follows
 * itself is a new request, checked. The host makes no other fetch here.
 */
function fetchWithoutRedirects(): void {
  const global = globalThis as unknown as Record<symbol, unknown> & { fetch: typeof fetch };
  if (global[NO_REDIRECTS]) return;
  const original = global.fetch.bind(globalThis);
  global.fetch = (input, init) => original(input, { ...init, redirect: 'manual' });
  global[NO_REDIRECTS] = true;
}

type Disposable = Record<symbol, (() => void) | undefined>;

/**
 * The responses an instance waits for, weakly held: disposing of one that
 * has not settled aborts its fetch (preview2-shim's FutureIncomingResponse).
 */
function trackRequests(imports: ImportObject): { abortAll(): void } {
  const handle = imports['wasi:http/outgoing-handler']!.handle as (request: unknown, options: unknown) => unknown;
  let futures: WeakRef<Disposable>[] = [];
  imports['wasi:http/outgoing-handler'] = {
    handle(request: unknown, options: unknown): unknown {
      const future = handle(request, options);
      futures = futures.filter((f) => f.deref() !== undefined);
      if (future && typeof future === 'object') futures.push(new WeakRef(future as Disposable));
      return future;
    },
  };
  return {
    abortAll() {
      for (const ref of futures) ref.deref()?.[disposeSymbol]?.();
      futures = [];
    },
  };
}

/** The shim's output-stream handler: complete lines to the log, labelled, within one budget. */
function guestOutput(label: string): { write(bytes: Uint8Array): void; blockingFlush(): void } {
  const decoder = new TextDecoder();
  let pending = '';
  let spent = 0;
  let refused = false;
  const emit = (line: string): void => {
    spent += line.length + 1;
    if (spent > MAX_GUEST_OUTPUT_BYTES) {
      if (!refused) console.error(`[${label}] output over ${MAX_GUEST_OUTPUT_BYTES} bytes: the rest is dropped`);
      refused = true;
      return;
    }
    console.error(`[${label}] ${line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}… [cut]` : line}`);
  };
  return {
    write(bytes) {
      if (refused) return;
      pending += decoder.decode(bytes, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      if (pending.length > MAX_LINE_CHARS) lines.push(pending), (pending = '');
      for (const line of lines) emit(line);
    },
    blockingFlush() {
      if (pending) emit(pending);
      pending = '';
    },
  };
}
