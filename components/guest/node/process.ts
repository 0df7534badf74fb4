/**
 * Node's `process` in a component: what the sandbox grants and nothing
 * else. `env` is the granted variables (components/guest/process-env.ts),
 * `argv` is `mcp-host run x.wasm -- args` (wasi:cli arguments), the working
 * directory is `/`, stdio is the bridge's (stdio.ts). `exit` stops the
 * caller (it throws) and records the code: the bridge reports an exit at
 * start as the component's failure. Signals never arrive.
 */
import { EventEmitter } from 'events';
import { getArguments } from 'wasi:cli/environment@0.2.3';
import { __mcpHostProcessEnv } from '../process-env.js';
import { cwd, setCwd } from './cwd.js';
import { posix } from './path.js';
import { stderr, stdin, stdout } from './stdio.js';

declare const __MCP_HOST_ENTRY__: string;
const initializing = (): boolean => (globalThis as { __mcpHostInitializing?: boolean }).__mcpHostInitializing === true;

/** Thrown by process.exit: nothing after it in the caller runs, as in Node. */
export class ProcessExit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
    this.name = 'ProcessExit';
  }
}

/** The code of the first process.exit, if the server called it. */
export let exitCalled: number | undefined;

const started = Date.now();
const now = (): number => (typeof performance === 'object' ? performance.now() : Date.now() - started);
const EXEC_PATH = '/usr/local/bin/node';

function hrtime(previous?: [number, number]): [number, number] {
  const t = now();
  let seconds = Math.floor(t / 1000);
  let nanos = Math.floor((t % 1000) * 1e6);
  if (previous) {
    seconds -= previous[0];
    nanos -= previous[1];
    if (nanos < 0) {
      seconds -= 1;
      nanos += 1e9;
    }
  }
  return [seconds, nanos];
}
hrtime.bigint = (): bigint => BigInt(Math.floor(now() * 1e6));

const emitter = new EventEmitter();
const process = Object.assign(emitter, {
  title: 'node',
  version: 'v22.12.0',
  versions: { node: '22.12.0' },
  release: { name: 'node' },
  // Guest paths are POSIX; code that branches on the platform takes its POSIX path.
  platform: 'linux',
  arch: 'wasm32',
  pid: 1,
  ppid: 0,
  execPath: EXEC_PATH,
  execArgv: [] as string[],
  exitCode: undefined as number | undefined,
  config: { variables: {} },
  features: {},
  env: __mcpHostProcessEnv,
  stdin,
  stdout,
  stderr,
  argv0: 'node',
  cwd,
  chdir(path: string): void {
    setCwd(posix.resolve(cwd(), path));
  },
  exit(code?: number): never {
    const status = code ?? process.exitCode ?? 0;
    exitCalled ??= status;
    process.emit('exit', status);
    throw new ProcessExit(status);
  },
  abort(): never {
    return process.exit(134);
  },
  kill(): never {
    throw Object.assign(new Error('kill EPERM'), { code: 'EPERM', syscall: 'kill' });
  },
  nextTick(fn: (...args: unknown[]) => void, ...args: unknown[]): void {
    queueMicrotask(() => fn(...args));
  },
  hrtime,
  uptime: (): number => now() / 1000,
  memoryUsage: Object.assign(() => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }), { rss: () => 0 }),
  cpuUsage: () => ({ user: 0, system: 0 }),
  resourceUsage: () => ({}),
  umask: (): number => 0o022,
  getuid: (): number => 0,
  getgid: (): number => 0,
  geteuid: (): number => 0,
  getegid: (): number => 0,
  emitWarning(warning: string | Error): void {
    console.error(`(node) Warning: ${typeof warning === 'string' ? warning : warning.message}`);
  },
  binding(): never {
    throw new Error('process.binding is not available in a component');
  },
});

// A getter (Object.assign above would copy a value, read at build time): at
// build time there are no arguments; at start, those of `mcp-host run x.wasm -- args`.
let argv: string[] | undefined;
Object.defineProperty(process, 'argv', {
  enumerable: true,
  get: (): string[] => (initializing() ? [EXEC_PATH, __MCP_HOST_ENTRY__] : (argv ??= [EXEC_PATH, __MCP_HOST_ENTRY__, ...getArguments().slice(1)])),
  set: (value: string[]) => void (argv = value),
});

export default process as typeof process & { argv: string[] };
export const { env, platform, version, versions, nextTick, exit, stdin: processStdin, stdout: processStdout, stderr: processStderr } = process;
export { cwd };
