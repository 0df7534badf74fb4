/**
 * The two files that say how to run a bundled Worker: wrangler.toml for
 * Cloudflare (`wrangler deploy` from the directory; already bundled, so
 * `no_bundle`, and the `.wasm` imports are uploaded as compiled modules by
 * wrangler's default rule) and workerd.capnp for `workerd serve` on this
 * machine. Both name the same grants: fixed variables as text, the other
 * granted names as secrets (capnp: from workerd's own environment).
 */

/** The most CPU time Cloudflare lets a request have (Standard plan), milliseconds. */
export const MAX_CPU_MS = 300_000;

export function wranglerToml(name: string, compatibilityDate: string, vars: Record<string, string>, timeoutMs: number): string {
  const lines = [
    '# Written by `mcp-host bundle --target workers`. Deploy: wrangler deploy (from this directory).',
    '# Granted variables that are not below are secrets: wrangler secret put NAME.',
    '# Seal input-required state alike on every isolate: wrangler secret put MCP_HOST_STATE_KEY (32 bytes or more).',
    `name = ${tomlString(name)}`,
    'main = "worker.js"',
    `compatibility_date = ${tomlString(compatibilityDate)}`,

    '# worker.js is bundled already; its ./*.wasm imports are uploaded as compiled modules.',
    'no_bundle = true',
  ];
  // The call deadline (--timeout) as the platform's CPU limit per request: a guest that loops cannot be
  // stopped from inside the isolate, the platform ends the request (and the isolate's instance with it).
  lines.push('', '[limits]', '# The CPU time a request may use, on paid plans (the free plan has a fixed 10 ms).', `cpu_ms = ${Math.min(MAX_CPU_MS, Math.max(1, Math.ceil(timeoutMs)))}`);
  const entries = Object.entries(vars);
  if (entries.length > 0) lines.push('', '[vars]', ...entries.map(([k, v]) => `${k} = ${tomlString(v)}`));
  return `${lines.join('\n')}\n`;
}

export interface WorkerdOptions {
  modules: string[];
  compatibilityDate: string;
  vars: Record<string, string>;
  /** Granted names read from workerd's environment (secrets on Cloudflare). */
  secrets: string[];
  /** Hosts outgoing HTTP may reach: which networks workerd lets the Worker's fetch reach. */
  allowHosts: string[];
}

/**
 * `workerd serve workerd.capnp` serves on 127.0.0.1:8787; another address
 * with `--socket-addr http=127.0.0.1:PORT`. Outgoing fetch goes through a
 * network service that reaches public addresses, and loopback or private
 * ones only when an allowed host is one (the component's allow list is
 * checked before, in the Worker).
 */
export function workerdConfig(opts: WorkerdOptions): string {
  const modules = opts.modules.map((m) => `    (name = ${capnpString(m)}, ${m.endsWith('.wasm') ? 'wasm' : 'esModule'} = embed ${capnpString(m)}),`);
  const bindings = [
    ...Object.entries(opts.vars).map(([k, v]) => `    (name = ${capnpString(k)}, text = ${capnpString(v)}),`),
    ...[...opts.secrets, 'MCP_HOST_STATE_KEY'].map((k) => `    (name = ${capnpString(k)}, fromEnvironment = ${capnpString(k)}),`),
  ];
  const allow = ['public', ...(opts.allowHosts.some(isLoopback) ? ['local'] : []), ...(opts.allowHosts.some(isPrivate) ? ['private'] : [])];
  return [
    '# Written by `mcp-host bundle --target workers`. Run: workerd serve workerd.capnp [--socket-addr http=127.0.0.1:PORT]',
    'using Workerd = import "/workerd/workerd.capnp";',
    '',
    'const config :Workerd.Config = (',
    '  services = [',
    '    (name = "main", worker = .mcpWorker),',
    `    (name = "internet", network = (allow = [${allow.map(capnpString).join(', ')}], tlsOptions = (trustBrowserCas = true))),`,
    '  ],',
    '  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],',
    ');',
    '',
    'const mcpWorker :Workerd.Worker = (',
    '  modules = [',
    ...modules,
    '  ],',
    `  compatibilityDate = ${capnpString(opts.compatibilityDate)},`,
    '  globalOutbound = "internet",',
    '  bindings = [',
    ...bindings,
    '  ],',
    ');',
    '',
  ].join('\n');
}

const hostOf = (pattern: string): string => pattern.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1').toLowerCase();
const isLoopback = (pattern: string): boolean => /^(localhost|127\.\d+\.\d+\.\d+|::1)$/.test(hostOf(pattern));
const isPrivate = (pattern: string): boolean => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(hostOf(pattern));

const tomlString = (s: string): string => JSON.stringify(s);
/** Cap'n Proto text literals take C-style escapes, which JSON's are a subset of for these characters. */
const capnpString = (s: string): string => JSON.stringify(s);
