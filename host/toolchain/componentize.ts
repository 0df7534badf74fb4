/**
 * `mcp-host build`: the author's handlers (TypeScript or JavaScript) to a
 * component of a `wasi:mcp` world. Bundle with esbuild, check the entry
 * exports what the world needs, then componentize-js in a worker thread
 * (see toolchain-worker.ts for why a thread).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { witDir } from '../paths.js';
import { withServerChecksMark } from '../component-marks.js';
import { bundleEntry } from './bundle.js';
import { bundleNodeServer, isNodeServer } from './node-server.js';
import { explainTopLevelFailure } from './top-level-failure.js';
import { runToolchainTask } from './toolchain-process.js';
import { witWorkspace } from './wit-workspace.js';

/** The worlds of `wasi:mcp` and the JS exports each needs. */
export const WORLD_EXPORTS = {
  'mcp-backend': ['run', 'handlers'],
  'mcp-proxy': ['run', 'handlers'],
  'mcp-client': ['run'],
} as const satisfies Record<string, readonly string[]>;

export type WorldName = keyof typeof WORLD_EXPORTS;

/** WASI features of the JS engine a component may use. */
export type EngineFeature = 'stdio' | 'random' | 'clocks' | 'http';

export interface BuildOptions {
  /** The author's entry module. */
  entry: string;
  /** Target world: a wasi:mcp world (default `mcp-backend`), or one of `wit`'s. */
  world?: string;
  /**
   * The author's own WIT directory (a package whose worlds may include
   * wasi:mcp ones). Without it, the world is one of wasi:mcp's.
   */
  wit?: string;
  /**
   * Engine features to include. Default: stdio (console → host stderr),
   * random and clocks. `http` adds `fetch()` (imports wasi:http, which the
   * host refuses unless a host is granted).
   */
  features?: EngineFeature[];
  /** Called with one line per step, for progress output. */
  onProgress?: (line: string) => void;
  /**
   * For an unchanged Node MCP server: run its top level at build time and
   * snapshot it, instead of at every start (node-server.ts).
   */
  snapshot?: boolean;
}

export interface BuildResult {
  component: Uint8Array;
  /** Seconds spent in each step. */
  timings: { bundle: number; componentize: number };
  /** `node-server`: an unchanged SDK server, bridged (node-server.ts); `handlers`: wasi:mcp handlers. */
  kind: 'handlers' | 'node-server';
}

export const DEFAULT_FEATURES: EngineFeature[] = ['stdio', 'random', 'clocks'];
const ALL_FEATURES = ['stdio', 'random', 'clocks', 'http', 'fetch-event'] as const;

export async function buildComponent(opts: BuildOptions): Promise<BuildResult> {
  const world = opts.world ?? 'mcp-backend';
  const progress = opts.onProgress ?? (() => {});
  const wanted = new Set<string>(opts.features ?? DEFAULT_FEATURES);

  let started = performance.now();
  const nodeServer = !opts.wit && world === 'mcp-backend' && (await isNodeServer(opts.entry));
  if (opts.snapshot && !nodeServer) throw new UserError('--snapshot is for an unchanged Node MCP server (one that imports the SDK)', 'Handlers built with mcp-host/guest are always snapshotted');
  progress(nodeServer ? `bundling ${opts.entry} (a Node MCP server: its SDK runs inside the component, on the Node layer)` : `bundling ${opts.entry}`);
  const bundled = nodeServer ? await bundleNodeServer({ entry: opts.entry, snapshot: opts.snapshot }) : await bundleEntry({ entry: opts.entry });
  // Node has fetch(): a Node server gets it too (the host still refuses every host not granted with --allow-host).
  if (nodeServer) wanted.add('http');
  const required: readonly string[] = opts.wit ? [] : (WORLD_EXPORTS[world as WorldName] ?? []);
  const missing = required.filter((name) => !bundled.exports.includes(name));
  if (missing.length > 0) {
    throw new UserError(
      `${opts.entry} does not export ${missing.map((m) => `\`${m}\``).join(' and ')}, which world ${world} requires`,
      'Export them from the entry module, e.g. `export const { run, handlers } = defineServer({ ... })`, or build a server written with the MCP SDK that serves on a StdioServerTransport',
    );
  }
  const bundleSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  progress(`componentizing for world ${opts.wit ? world : `wasi:mcp/${world}`} (StarlingMonkey; takes 5-15 s)`);
  const dir = await mkdtemp(join(tmpdir(), 'mcp-host-build-'));
  try {
    const witPath = opts.wit ? await witWorkspace(opts.wit, join(dir, 'wit')) : witDir;
    const sourcePath = join(dir, 'entry.js');
    await writeFile(sourcePath, bundled.code);
    const reply = await runToolchainTask({
      task: 'componentize',
      sourcePath,
      witPath,
      world,
      disableFeatures: ALL_FEATURES.filter((f) => !wanted.has(f)),
    });
    if (!reply.ok) throw new UserError(explainTopLevelFailure(reply.message, bundled.sourceMap) ?? explainComponentizeFailure(reply.message, opts.entry, world));
    const component = reply.files['component.wasm'];
    if (!component) throw new Error('componentize produced no component');
    return {
      component: nodeServer ? withServerChecksMark(component) : component,
      timings: { bundle: bundleSeconds, componentize: (performance.now() - started) / 1000 },
      kind: nodeServer ? 'node-server' : 'handlers',
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** componentize-js messages are long; keep the part that names the problem. */
function explainComponentizeFailure(message: string, entry: string, world: string): string {
  const missing = /does not export a "([^"]+)" (\w+) function/.exec(message);
  if (missing) {
    const [, iface, fn] = missing;
    return `${entry} does not implement ${fn} of ${iface} (world ${world}). Add it to the exported object, or declare the server with defineServer from 'mcp-host/guest', which implements every handler`;
  }
  const firstLines = message.split('\n').filter((l) => l.trim().length > 0).slice(0, 6).join('\n  ');
  return `cannot build ${entry} as a component of world ${world}:\n  ${firstLines}`;
}
