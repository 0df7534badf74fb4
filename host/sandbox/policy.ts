/**
 * What a component may reach, and how much it may use. Everything is denied
 * unless granted: the default policy grants clocks and randomness only.
 * Grants come from `mcp-host run` flags and an optional policy file
 * (policy-file.ts); both end up here.
 */

export interface DirGrant {
  /** Absolute, symlink-free host path. */
  host: string;
  /** Where the guest sees it. */
  guest: string;
  /** Read-only unless granted with --dir-rw (or "writable": true). */
  writable: boolean;
}

export interface SandboxPolicy {
  /** Label for the component's stdout/stderr lines on the host's stderr. */
  label: string;
  dirs: DirGrant[];
  /** Environment variables the guest sees. */
  env: Record<string, string>;
  /** Its arguments after its name (`mcp-host run x.wasm -- args`, a policy's "args"): a Node server's process.argv.slice(2). */
  args: string[];
  /**
   * Hosts the guest may send HTTP requests to: `example.com`,
   * `*.example.com` (any subdomain), optionally with `:port`.
   */
  allowHosts: string[];
  /** Cap on the guest's linear memory, in bytes. */
  maxMemoryBytes: number;
  /** Cap on the elements of a core module's tables, all its tables together. */
  maxTableElements: number;
}

export interface Limits {
  /** Per-call deadline, milliseconds. */
  timeoutMs: number;
  /** Deadline of a start (worker, instantiation and the entry), at first and at every re-creation, milliseconds. */
  startTimeoutMs: number;
  /** Largest serialized result a call may return, bytes. */
  maxResultBytes: number;
}

/**
 * 256 MiB: a StarlingMonkey component idles at ~20 MiB of linear memory, so
 * this leaves ample room for real work while one runaway allocation cannot
 * push the host's RSS into gigabytes (uncapped, it reaches ~4 GiB).
 */
export const DEFAULT_MAX_MEMORY_BYTES = 256 * 1024 * 1024;
/** 30 s: long enough for real work, short enough that a loop does not hang a client. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * 15 s: a cold componentize-js start takes ~0.4 s (spawn, compile, instantiate,
 * entry), so this is ~40x headroom for a slow CI machine or many sessions
 * starting at once on few cores, while an entry that loops forever is
 * reported in seconds rather than never.
 */
export const DEFAULT_START_TIMEOUT_MS = 15_000;
/**
 * 100,000: componentize-js modules define fixed tables of ~8,000 entries;
 * each element costs the host ~40 bytes (10 M grown in one call: +760 MiB
 * RSS), so this bounds a module's tables at ~4 MiB.
 */
export const DEFAULT_MAX_TABLE_ELEMENTS = 100_000;
/**
 * Most JavaScript heap an instance's worker thread may hold, MiB: what the
 * glue lifts out of the guest (a call's result, an import's arguments) and
 * what is lowered into it lives there, outside the guest's memory cap, and
 * a lift can multiply it: a content list of 2 M empty blocks is 272 MB of
 * guest memory and ~1 KB of JavaScript objects a block. Everything a call
 * legitimately moves was once in the guest's memory, so the cap follows
 * it, with room for the glue itself (~10 MB). Past it the worker alone is
 * stopped (ERR_WORKER_OUT_OF_MEMORY: a trap of that call), not the host;
 * without it each worker may grow to V8's default, ~4 GB here.
 */
export const instanceHeapMb = (policy: Pick<SandboxPolicy, 'maxMemoryBytes'>): number => Math.ceil(policy.maxMemoryBytes / (1024 * 1024)) + 64;

/** 16 MiB: far above any sensible tool result, far below what hurts the host. */
export const DEFAULT_MAX_RESULT_BYTES = 16 * 1024 * 1024;

export function denyAllPolicy(label: string): SandboxPolicy {
  return { label, dirs: [], env: {}, args: [], allowHosts: [], maxMemoryBytes: DEFAULT_MAX_MEMORY_BYTES, maxTableElements: DEFAULT_MAX_TABLE_ELEMENTS };
}

export const defaultLimits = (): Limits => ({
  timeoutMs: DEFAULT_TIMEOUT_MS,
  startTimeoutMs: DEFAULT_START_TIMEOUT_MS,
  maxResultBytes: DEFAULT_MAX_RESULT_BYTES,
});

/** Does `authority` (`host` or `host:port`) match an allow-list pattern? */
export function hostAllowed(authority: string, patterns: readonly string[]): boolean {
  const [host = '', port] = splitAuthority(authority.toLowerCase());
  return patterns.some((pattern) => {
    const [patternHost = '', patternPort] = splitAuthority(pattern.toLowerCase());
    if (patternPort !== undefined && patternPort !== port) return false;
    if (patternHost.startsWith('*.')) return host.endsWith(patternHost.slice(1)) && host.length > patternHost.length - 1;
    return host === patternHost;
  });
}

function splitAuthority(authority: string): [string, string | undefined] {
  const at = authority.lastIndexOf('@');
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']');
    const rest = hostPort.slice(end + 1);
    return [hostPort.slice(0, end + 1), rest.startsWith(':') ? rest.slice(1) : undefined];
  }
  const colon = hostPort.lastIndexOf(':');
  return colon >= 0 ? [hostPort.slice(0, colon), hostPort.slice(colon + 1)] : [hostPort, undefined];
}

/**
 * A request to the client (sampling, elicitation, roots) may take this share
 * of the call's deadline, so that when the client is slow the guest still has
 * time to handle the timeout and answer before its own deadline stops it.
 */
export const clientRequestTimeoutMs = (limits: Limits): number => Math.floor(limits.timeoutMs * 0.8);

/**
 * Whether an instance's WASI is preview2-shim's (for its HTTP client) or the
 * in-thread one (sandbox/io.ts): the shim only if the component imports
 * wasi:http (`componentImports`: unversioned names) and may reach a host.
 */
export function needsWasiShim(componentImports: readonly string[], allowHosts: readonly string[]): boolean {
  return allowHosts.length > 0 && componentImports.some((name) => name.startsWith('wasi:http/'));
}
