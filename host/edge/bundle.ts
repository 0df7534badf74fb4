/**
 * `mcp-host bundle --target workers`: one component → a directory that is a
 * Cloudflare Worker. What it holds, and why:
 *
 * - `*.wasm`: the component's core modules, with the memory and table caps
 *   written into them (sandbox/memory-cap.ts, table-cap.ts). A Worker may not
 *   compile WebAssembly at run time, so they are module imports of the
 *   Worker, which the platform compiles at upload (jco's
 *   `instantiation: 'async'` glue takes them from a function).
 * - `worker.js`: one ES module, esbuild's bundle of host/edge/worker.ts (the
 *   project's protocol and backend layers), the transpiled glue,
 *   preview2-shim's browser build and the SDK, for the `workerd` and
 *   `browser` export conditions; `node:` builtins stay imports (nodejs_compat).
 * - `wrangler.toml` (deploy: `wrangler deploy`) and `workerd.capnp` (run
 *   it locally: `workerd serve workerd.capnp`), with the grants as bindings.
 *
 * Grants are decided here, as `mcp-host run` decides them: the environment
 * variables named (values from the Worker's variables and secrets of those
 * names; `NAME=value` becomes a variable), the hosts outgoing HTTP may reach.
 * There are no directories to grant.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { UserError } from '../errors.js';
import { resolveSandbox, type GrantOptions } from '../sandbox/grants.js';
import { DEFAULT_MAX_MEMORY_BYTES } from '../sandbox/policy.js';
import { capMemories } from '../sandbox/memory-cap.js';
import { capTables } from '../sandbox/table-cap.js';
import { assertComponent, assertServable, cannotRead } from '../toolchain/inspect.js';
import { transpileCached } from '../toolchain/transpile.js';
import { DEFAULT_STATE_TTL_SECONDS } from '../protocol/input-required.js';
import type { EdgeConfig } from './config.js';
import { workerdConfig, wranglerToml } from './deploy-files.js';
import { denoEntry, denoJson } from './deno.js';
import { transpileJspi } from './jspi.js';

/** Where the bundle runs: Cloudflare Workers (workerd), or Deno. */
export type EdgeTarget = 'workers' | 'deno';

export interface BundleOptions extends GrantOptions {
  out: string;
  /** Worker name (default: the component's file name). */
  name?: string;
  /** Host names accepted in Host and Origin headers besides loopback ones. */
  httpAllowHost?: string[];
  maxMessageBytes?: number;
  stateTtlSeconds?: number;
  /** Minify worker.js (default true). */
  minify?: boolean;
}

export interface BundleResult {
  dir: string;
  /** Each file written and its size, bytes. */
  files: { name: string; bytes: number }[];
  totalBytes: number;
}

/** workerd's compatibility date the Worker is written for (node: builtins are on by default from 2026-08-04). */
export const COMPATIBILITY_DATE = '2026-11-01';

/** What a Worker isolate may use in all (Cloudflare's limit): guest memory, the host's JS, compiled code. */
export const ISOLATE_MEMORY_BYTES = 128 * 1024 * 1024;
/** The guest's default memory cap on a Worker: half the isolate, so a runaway guest meets its cap, not the platform's. */
export const EDGE_MAX_MEMORY_BYTES = 64 * 1024 * 1024;

/** The largest request body on a Worker by default: the SDK's 4 MiB (the Node host's 16 MiB is an eighth of an isolate). */
export const EDGE_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/** Marks a binding the policy takes from the Worker, not from this process's environment. */
const FROM_BINDING = '\0mcp-host:binding';

export async function bundleWorker(componentPath: string, opts: BundleOptions, target: EdgeTarget = 'workers'): Promise<BundleResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(componentPath);
  } catch (err) {
    throw cannotRead(componentPath, err);
  }
  assertComponent(bytes, componentPath);
  const name = opts.name ?? basename(componentPath, '.wasm');
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/i.test(name)) throw new UserError(`"${name}" is not a Worker name (letters, digits and dashes)`, 'Give one with --name');
  const transpiled = await transpileCached(bytes);
  assertServable(componentPath, transpiled);
  // A component that makes HTTP requests waits on them in wasi:io/poll: on a Worker only JSPI can wait.
  const glueDir = transpiled.imports.includes('wasi:http/outgoing-handler') ? await transpileJspi(bytes) : transpiled.dir;

  const { config, vars } = await edgeGrants(name, transpiled.serverChecks, opts);
  const outDir = resolve(opts.out);
  await clearOutput(outDir);

  const wasmFiles = (await readdir(glueDir)).filter((f) => f.endsWith('.wasm')).sort();
  const read = await Promise.all(wasmFiles.map((f) => readFile(join(glueDir, f))));
  const capped = capTables(capMemories(read, config.maxMemoryBytes), config.maxTableElements);
  await Promise.all(wasmFiles.map((f, i) => writeFile(join(outDir, f), capped[i]!)));

  const gluePath = join(glueDir, 'component.js');
  let modules: string[];
  if (target === 'deno') {
    await writeFile(join(outDir, 'main.js'), await bundleEntry(denoEntry(WORKER_MODULE, gluePath, wasmFiles, config, vars), opts.minify ?? true, 'deno'));
    await writeFile(join(outDir, 'deno.json'), denoJson(config, vars));
    modules = ['main.js', ...wasmFiles];
  } else {
    await writeFile(join(outDir, 'worker.js'), await bundleEntry(workersEntry(gluePath, wasmFiles, config), opts.minify ?? true, 'workers'));
    modules = ['worker.js', ...wasmFiles];
    await writeFile(join(outDir, 'wrangler.toml'), wranglerToml(name, COMPATIBILITY_DATE, vars, config.limits.timeoutMs));
    const secrets = [...config.env.required, ...config.env.optional].filter((n) => !(n in vars));
    await writeFile(join(outDir, 'workerd.capnp'), workerdConfig({ modules, compatibilityDate: COMPATIBILITY_DATE, vars, secrets, allowHosts: config.allowHosts }));
  }

  if (glueDir !== transpiled.dir) await rm(glueDir, { recursive: true, force: true });
  const files = await Promise.all(
    (await readdir(outDir)).filter((f) => f !== MARKER).sort().map(async (f) => ({ name: f, bytes: (await readFile(join(outDir, f))).byteLength })),
  );
  // What the platform counts: the modules it uploads.
  const totalBytes = files.filter((f) => modules.includes(f.name)).reduce((n, f) => n + f.bytes, 0);
  return { dir: outDir, files, totalBytes };
}

/** Written into every bundle: a directory holding it may be replaced by the next bundle; any other is left alone. */
const MARKER = '.mcp-host-bundle';

/** Empty or make the output directory: one mcp-host wrote before, or a new or empty one; never anything else (`-o .`). */
async function clearOutput(dir: string): Promise<void> {
  let entries: string[] = [];
  try {
    entries = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(`cannot write the bundle to ${dir}: ${(err as Error).message}`);
  }
  if (entries.length > 0 && !entries.includes(MARKER)) {
    throw new UserError(`${dir} is not empty and is not a bundle mcp-host wrote, so it is not replaced`, 'Give -o a new or empty directory');
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, MARKER), 'Written by mcp-host bundle: the next bundle to this directory replaces it.\n');
}

/** The grants, from the same flags and policy file as `mcp-host run`; `--env NAME` reads the Worker's binding NAME. */
async function edgeGrants(name: string, serverChecks: boolean, opts: BundleOptions): Promise<{ config: EdgeConfig; vars: Record<string, string> }> {
  // Every host value asked for is the Worker's binding of that name, never this process's.
  const fromBinding = new Proxy({}, { get: (_t, key) => (typeof key === 'string' ? FROM_BINDING : undefined) }) as NodeJS.ProcessEnv;
  const { policy, limits } = await resolveSandbox(name, { ...opts, envOptional: [] }, fromBinding);
  if (policy.dirs.length > 0) throw new UserError('a Worker has no files to grant: --dir, --dir-rw and policy "dirs" are not bundled', 'Serve it with `mcp-host run` to grant directories');
  // The isolate has 128 MB for everything; the guest's memory gets a share that leaves the host's JS room.
  if (opts.maxMemory === undefined && policy.maxMemoryBytes === DEFAULT_MAX_MEMORY_BYTES) policy.maxMemoryBytes = EDGE_MAX_MEMORY_BYTES;
  if (policy.maxMemoryBytes > ISOLATE_MEMORY_BYTES) {
    throw new UserError(
      `--max-memory ${policy.maxMemoryBytes} bytes is over the 128 MB a Worker isolate has in all: the platform would end the isolate before the cap is met`,
      `Leave the default (${EDGE_MAX_MEMORY_BYTES / 2 ** 20} MiB) or give less`,
    );
  }
  if (policy.args.length > 0) throw new UserError('arguments (-- args, policy "args") are not bundled', 'A Worker component reads its configuration from granted environment variables');
  const vars: Record<string, string> = {};
  const required: string[] = [];
  for (const [key, value] of Object.entries(policy.env)) {
    checkBindingName(key);
    if (value !== FROM_BINDING) vars[key] = value;
    required.push(key);
  }
  const optional = (opts.envOptional ?? []).filter((n) => !required.includes(n));
  optional.forEach(checkBindingName);
  return {
    vars,
    config: {
      name,
      env: { required, optional },
      allowHosts: policy.allowHosts,
      maxMemoryBytes: policy.maxMemoryBytes,
      maxTableElements: policy.maxTableElements,
      limits,
      serverChecks,
      maxMessageBytes: opts.maxMessageBytes ?? EDGE_MAX_MESSAGE_BYTES,
      stateTtlSeconds: opts.stateTtlSeconds ?? DEFAULT_STATE_TTL_SECONDS,
      allowHostnames: opts.httpAllowHost ?? [],
    },
  };
}

function checkBindingName(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UserError(`"${name}" cannot be a Worker variable (letters, digits and _)`, 'Rename the variable');
  if (name === 'MCP_HOST_STATE_KEY') throw new UserError('MCP_HOST_STATE_KEY is the host\'s own secret (the input-required seal), not a grant');
}

const WORKER_MODULE = fileURLToPath(new URL('./worker.js', import.meta.url));

/** The Worker's entry: the edge worker, the glue, and the core modules as imports the platform resolves. */
function workersEntry(gluePath: string, wasmFiles: string[], config: EdgeConfig): string {
  return [
    `import { componentWorker } from ${JSON.stringify(WORKER_MODULE)};`,
    `import * as glue from ${JSON.stringify(gluePath)};`,
    ...wasmFiles.map((f, i) => `import m${i} from ${JSON.stringify(`./${f}`)};`),
    `const modules = { ${wasmFiles.map((f, i) => `${JSON.stringify(f)}: m${i}`).join(', ')} };`,
    `export default componentWorker(${JSON.stringify(config)}, glue, modules);`,
  ].join('\n');
}

/** One ES module from an entry's source: the host's layers, the glue, preview2-shim's browser build, the SDK. */
async function bundleEntry(source: string, minify: boolean, target: EdgeTarget): Promise<string> {
  const esbuild = await import('esbuild');
  let result;
  try {
    result = await esbuild.build({
      stdin: { contents: source, resolveDir: process.cwd(), sourcefile: 'entry.js', loader: 'js' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      conditions: target === 'workers' ? ['workerd', 'worker', 'browser'] : ['deno', 'worker', 'browser'],
      target: 'es2022',
      minify,
      // The host tells a guest's WIT error from a trap by jco's class name (ComponentError).
      keepNames: true,
      legalComments: 'none',
      define: { 'process.env.NODE_ENV': '"production"' },
      plugins: [workerImports],
      logLevel: 'silent',
    });
  } catch (err) {
    throw new UserError(`the Worker could not be bundled: ${(err as Error).message}`);
  }
  return result.outputFiles[0]!.text;
}

/**
 * node: builtins come from the runtime (nodejs_compat, Deno's node layer), the core modules are
 * the Worker's own wasm modules. The Node host's ajv validator is left out
 * (~140 KB): ajv compiles schemas with `new Function`, which a Worker
 * refuses, so the Worker checks with edge/checks.ts; the stub says so if
 * anything reached it.
 */
const workerImports: Plugin = {
  name: 'worker-imports',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, external: true }));
    build.onResolve({ filter: /^\.\/[^/]+\.wasm$/ }, (args) => ({ path: args.path, external: true }));
    // jco's glue reads process.env.JCO_DEBUG (a host debugging switch): off here, and no env read (Deno asks permission for it).
    build.onLoad({ filter: /[\\/]component\.js$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll('globalThis?.process?.env?.JCO_DEBUG', 'undefined'),
      loader: 'js',
    }));
    build.onResolve({ filter: /\/schema-validator\.js$/ }, () => ({ path: 'schema-validator', namespace: 'edge-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'edge-stub' }, () => ({
      contents:
        'const refuse = () => { throw new Error("ajv cannot compile schemas in a Worker: the Worker checks with host/edge/checks.ts"); };\n' +
        'export const createSchemaValidator = refuse;\nexport const compileOrRefuse = refuse;\n',
      loader: 'js',
    }));
  },
};
