/**
 * What `mcp-host bundle` writes into a Worker about its component, and the
 * sandbox policy an isolate builds from it and the Worker's bindings. No
 * grant is decided at run time: the bundle names each environment variable
 * the component may see, and its value is the Worker's variable or secret
 * of that name (so a secret never sits in the bundle); the memory and table
 * caps are already written into the core modules.
 */
import { UserError } from '../errors.js';
import type { Limits, SandboxPolicy } from '../sandbox/policy.js';

export interface EdgeConfig {
  /** The component's name (its file name without .wasm), for logs. */
  name: string;
  /** Environment grants: values fixed at bundle time (`--env NAME=value`, also wrangler vars), and names read from bindings. */
  env: { required: string[]; optional: string[] };
  allowHosts: string[];
  /** What the caps in the modules are, for messages. */
  maxMemoryBytes: number;
  maxTableElements: number;
  limits: Limits;
  /** Its own MCP server checks every request (component-marks.ts): relayed unchecked. */
  serverChecks: boolean;
  /** Largest request body, bytes. */
  maxMessageBytes: number;
  /** Seconds an input-required state stays good. */
  stateTtlSeconds: number;
  /** Host names accepted in Host and Origin headers besides loopback ones (DNS-rebinding protection). */
  allowHostnames: string[];
}

/** The Worker's bindings as the isolate sees them: vars and secrets are strings, other bindings objects. */
export type WorkerEnv = Record<string, unknown>;

/** The sandbox of an instance in this isolate: the granted names' values from the bindings, nothing else. */
export function edgePolicy(config: EdgeConfig, env: WorkerEnv): SandboxPolicy {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of config.env.required) {
    const value = env[name];
    if (typeof value === 'string') values[name] = value;
    else missing.push(name);
  }
  for (const name of config.env.optional) {
    const value = env[name];
    if (typeof value === 'string') values[name] = value;
  }
  if (missing.length > 0) {
    throw new UserError(
      `${config.name}: the Worker has no variable or secret ${missing.join(', ')}, which the component is granted`,
      'Set it in wrangler.toml [vars] or with `wrangler secret put NAME` (locally: the environment workerd runs in)',
    );
  }
  return {
    label: config.name,
    dirs: [],
    env: values,
    args: [],
    allowHosts: [...config.allowHosts],
    maxMemoryBytes: config.maxMemoryBytes,
    maxTableElements: config.maxTableElements,
  };
}
