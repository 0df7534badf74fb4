/**
 * Step 1 of `mcp-host build` for an unchanged Node MCP server (one written
 * with the official SDK, serving on a StdioServerTransport): bundle it with
 * the Node layer of components/guest/node in place of Node's builtins, and
 * with bridge.ts as the component's exports.
 *
 * - The server's module (its top level, main()) runs when the component
 *   starts, not at build time: the entry is imported lazily by the bridge
 *   (esbuild wraps a dynamically imported module in an initializer).
 *   `snapshot: true` imports it eagerly instead, so its top level runs once
 *   at build time and is snapshotted (faster start; that top level then sees
 *   no environment, arguments, files or timers).
 * - Each module's `import.meta.url` is its own file's, under /app (the
 *   entry's package root), and the package.json files of the bundled
 *   packages are embedded there: `createRequire(import.meta.url)('../package.json')`
 *   reads its own version as under Node.
 * - A builtin name is always the builtin, as in Node (an installed
 *   `string_decoder` package does not shadow it).
 */
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { lstat, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { guestNodeDir } from '../paths.js';
import { bundleOutput, formatBuildFailure, GUEST_BUNDLE, witImports, type BundleOutput } from './bundle.js';
import { UserError } from '../errors.js';

/** The component's view of the server's files: its package root is /app. */
export const APP_ROOT = '/app';

/** Builtins the Node layer implements, and the module that does. */
const PROVIDED: Record<string, string> = {
  assert: 'assert.ts',
  'assert/strict': 'assert.ts',
  fs: 'fs.ts',
  'fs/promises': 'fs-promises.ts',
  path: 'path.ts',
  'path/posix': 'path.ts',
  os: 'os.ts',
  crypto: 'crypto.ts',
  url: 'url.ts',
  util: 'util.ts',
  process: 'process.ts',
  module: 'module.ts',
  string_decoder: 'string-decoder.ts',
  timers: 'timers.ts',
  'timers/promises': 'timers-promises.ts',
  zlib: 'zlib.ts',
};
/** Builtins that are npm packages made for the job, resolved from the Node layer. */
const PACKAGES: Record<string, string> = { buffer: 'buffer', events: 'events' };

/** Why a builtin is not there, for the error its use throws. */
const WHY: Record<string, string> = {
  http: 'a component has no sockets to listen on; the host serves MCP for it (stdio or --http)',
  child_process: 'a component cannot start processes',
  net: 'a component has no sockets',
  worker_threads: 'a component is one thread',
};
WHY.https = WHY.http!;
WHY.http2 = WHY.http!;
WHY.tls = WHY.net!;
WHY.dgram = WHY.net!;
WHY.dns = WHY.net!;

const UNAVAILABLE_NS = 'mcp-host-unavailable';
const EMBEDDED_NS = 'mcp-host-embedded';
const PACKAGE_LOOKUP = Symbol('node-layer: a builtin resolved as its npm package');

export interface NodeServerBundleOptions {
  entry: string;
  /** Run the server's top level at build time (snapshotted) instead of at each start. */
  snapshot?: boolean;
}

/** The directory of the nearest package.json at or above `file`'s directory, else its directory. */
function packageRootOf(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return dirname(file);
  }
}

/** A file's path as the component sees it (`/app/dist/index.js`): relative to the entry's package root. */
const virtualPath = (root: string, file: string): string => `${APP_ROOT}/${relative(root, file).split(sep).join('/')}`.replace(/\/\.\.(?=\/|$)/g, '/_');

const builtinName = (path: string): string => path.replace(/^node:/, '');

function nodeLayer(root: string, embedded: Record<string, string>): Plugin {
  return {
    name: 'mcp-host-node-layer',
    setup(build) {
      const builtins = new Set(builtinModules);
      build.onResolve({ filter: /^(node:)?[a-z_/0-9]+$/ }, async (args) => {
        const name = builtinName(args.path);
        if (!builtins.has(name) && !args.path.startsWith('node:')) return undefined;
        // The Node layer's own `import 'events'` is the npm package (and so is our own lookup of it, below).
        if ((args.importer.startsWith(guestNodeDir) || args.pluginData === PACKAGE_LOOKUP) && !args.path.startsWith('node:')) return undefined;
        if (PROVIDED[name]) return { path: join(guestNodeDir, PROVIDED[name]) };
        if (PACKAGES[name]) return build.resolve(PACKAGES[name], { kind: args.kind, resolveDir: guestNodeDir, pluginData: PACKAGE_LOOKUP });
        return { path: name, namespace: UNAVAILABLE_NS };
      });
      build.onLoad({ filter: /.*/, namespace: UNAVAILABLE_NS }, (args) => ({
        contents: `const { unavailable } = require(${JSON.stringify(join(guestNodeDir, 'unavailable.ts'))});\nmodule.exports = unavailable(${JSON.stringify(args.path)}, ${JSON.stringify(WHY[args.path] ?? WHY[args.path.split('/')[0]!] ?? 'mcp-host does not provide it (it provides assert, fs, path, os, crypto, url, util, events, buffer, module, process, timers, zlib)')});`,
        loader: 'js',
        resolveDir: guestNodeDir,
      }));
      build.onResolve({ filter: /^mcp-host:embedded-files$/ }, () => ({ path: 'embedded-files', namespace: EMBEDDED_NS }));
      build.onLoad({ filter: /.*/, namespace: EMBEDDED_NS }, () => ({ contents: `export const files = ${JSON.stringify(embedded)};`, loader: 'js' }));
      build.onLoad({ filter: /\.(m?js|cjs|mts|ts)$/ }, async (args) => {
        if (args.path.startsWith(guestNodeDir)) return undefined;
        const source = await readFile(args.path, 'utf8');
        const meta = source.includes('import.meta');
        const properties = /\\[pP]\{/.test(source);
        if (!meta && !properties) return undefined;
        const loader = /\.m?ts$/.test(args.path) ? 'ts' : 'js';
        let contents = properties ? propertyEscapesAtRunTime(source) : source;
        if (meta) contents = withOwnImportMeta(contents, virtualPath(root, args.path));
        return { contents, loader };
      });
    },
  };
}

/**
 * Each module's import.meta.url, .dirname and .filename are its own file's
 * (esbuild would leave the bundle's): the build defines them as identifiers
 * (META_DEFINE), which esbuild replaces only where they are expressions (not
 * in strings, comments or regexes, where a text replacement broke the
 * build: `"see import.meta.url"`), and each module declares them. The
 * declaration goes on the first line (after a hashbang), so line numbers stay.
 */
const META_DEFINE = { 'import.meta.url': '__mcpHostMetaUrl', 'import.meta.dirname': '__mcpHostMetaDirname', 'import.meta.filename': '__mcpHostMetaFilename' };

function withOwnImportMeta(source: string, file: string): string {
  const declared = `var __mcpHostMetaUrl = ${JSON.stringify(pathToFileURL(file).href)}, __mcpHostMetaDirname = ${JSON.stringify(dirname(file))}, __mcpHostMetaFilename = ${JSON.stringify(file)};`;
  const hashbang = /^#![^\n]*\n/.exec(source)?.[0] ?? '';
  return `${hashbang}${declared}${source.slice(hashbang.length)}`;
}

/**
 * Regex literals with Unicode property escapes (`/[\p{L}]/u`) as `new RegExp`
 * calls. The engine (StarlingMonkey, without ICU) cannot compile \p{…}, and
 * one such literal is a syntax error that fails the whole bundle; as a call
 * it fails only where it runs. esbuild's own lowering of this feature misses
 * escapes inside a character class, hence this pass. It finds literals by
 * their shape (after a token a regex may follow, ending in flags with `u`
 * or `v`): it may rewrite such text in a comment, which is harmless.
 */
export function propertyEscapesAtRunTime(source: string): string {
  const literal = /(^|[=(,:[!&|?{};]|\breturn)(\s*)\/((?:[^/\\\n[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+)\/([dgimsyuv]*[uv][dgimsyuv]*)/gm;
  return source.replace(literal, (whole, before: string, space: string, body: string, flags: string) =>
    /\\[pP]\{/.test(body) ? `${before}${space}new RegExp(${JSON.stringify(body)}, ${JSON.stringify(flags)})` : whole,
  );
}

/**
 * Packages whose top level only defines (classes, schemas) and reads nothing
 * of where it runs: the MCP SDK and zod. The modules of theirs a server
 * imports are initialized at build time and snapshotted, even when the
 * server's own top level runs at start: half of a start's work otherwise
 * (bench/sdk-server.mjs).
 */
const PRELOADED = /[\\/]node_modules[\\/](@modelcontextprotocol[\\/](sdk|server|core)|zod)[\\/]/;

type Inputs = Record<string, { imports: { path: string; external?: boolean }[] }>;

/**
 * The modules of the preloaded packages the server's own modules import,
 * kept only where everything they import in turn is of those packages or
 * of the Node layer (an SDK module that pulls in express, say, is not).
 */
function preloadable(inputs: Inputs, root: string): string[] {
  const allowed = (path: string): boolean => path.includes(':') || PRELOADED.test(resolve(path)) || resolve(path).startsWith(guestNodeDir);
  const verdict = new Map<string, boolean>();
  const closed = (path: string): boolean => {
    const known = verdict.get(path);
    if (known !== undefined) return known;
    verdict.set(path, true); // a cycle is judged by its other edges
    const ok = allowed(path) && (inputs[path]?.imports ?? []).every((i) => i.external || closed(i.path));
    verdict.set(path, ok);
    return ok;
  };
  const preload = new Set<string>();
  for (const [input, { imports }] of Object.entries(inputs)) {
    const own = !input.includes(':') && resolve(input).startsWith(root + sep) && !/[\\/]node_modules[\\/]/.test(relative(root, resolve(input)));
    if (!own) continue;
    for (const i of imports) if (!i.external && PRELOADED.test(resolve(i.path)) && closed(i.path)) preload.add(resolve(i.path));
  }
  return [...preload];
}

async function runEsbuild(opts: NodeServerBundleOptions, root: string, embedded: Record<string, string>, preload: string[]) {
  const esbuild = await import('esbuild');
  const entry = resolve(opts.entry);
  const bridge = join(guestNodeDir, 'bridge.ts');
  const preloads = preload.map((file) => `import ${JSON.stringify(file)};\n`).join('');
  const wrapper = opts.snapshot
    ? `import * as server from ${JSON.stringify(entry)};\nimport { bridge } from ${JSON.stringify(bridge)};\nexport const { run, handlers } = bridge(async () => server);\n`
    : `${preloads}import { bridge } from ${JSON.stringify(bridge)};\nexport const { run, handlers } = bridge(() => import(${JSON.stringify(entry)}));\n`;
  return esbuild.build({
    ...GUEST_BUNDLE,
    stdin: { contents: wrapper, resolveDir: dirname(entry), sourcefile: 'mcp-host-bridge.js', loader: 'js' },
    define: { __MCP_HOST_ENTRY__: JSON.stringify(virtualPath(root, entry)), ...META_DEFINE },
    inject: [join(guestNodeDir, 'globals.ts')],
    plugins: [witImports(join(guestNodeDir, 'globals.ts')), nodeLayer(root, embedded)],
  });
}

/**
 * A bundled package's package.json as `require` may read it: a regular file
 * holding a JSON object, else nothing. A symlink is not followed: it could
 * point anywhere on the builder's machine (a credentials file that parses
 * as JSON), and what it points to would ship inside the component.
 */
async function manifestText(path: string): Promise<string | undefined> {
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const text = await readFile(path, 'utf8');
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Bundle an unchanged Node server for componentize-js. */
export async function bundleNodeServer(opts: NodeServerBundleOptions): Promise<BundleOutput> {
  const root = packageRootOf(resolve(opts.entry));
  try {
    // First pass: which packages are in the bundle, to embed their package.json files in the second.
    const first = await runEsbuild(opts, root, {}, []);
    const embedded: Record<string, string> = {};
    const preload = preloadable(first.metafile.inputs, root);
    for (const input of Object.keys(first.metafile.inputs)) {
      if (input.includes(':')) continue; // a virtual module
      const file = resolve(input);
      // mcp-host's own guest library: its package.json is not the server's to read.
      if (file.startsWith(dirname(guestNodeDir))) continue;
      const manifest = join(packageRootOf(file), 'package.json');
      const key = virtualPath(root, manifest);
      if (key in embedded) continue;
      const text = await manifestText(manifest);
      if (text !== undefined) embedded[key] = text;
    }
    // The wrapper's exports (run, handlers), the bridge's.
    return bundleOutput(await runEsbuild(opts, root, embedded, preload));
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(formatBuildFailure(err), 'Fix the source and build again');
  }
}

/** Whether `entry` is a Node MCP server (it imports the official SDK) rather than wasi:mcp handlers. */
export async function isNodeServer(entry: string): Promise<boolean> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    // Only the server's own modules matter (what they take from the SDK): packages stay outside.
    plugins: [{ name: 'own-modules', setup: (b) => b.onResolve({ filter: /^[^./]/ }, (a) => (a.kind === 'entry-point' ? undefined : { path: a.path, external: true })) }],
  }).catch(() => undefined);
  if (!result) return false;
  const meta = Object.values(result.metafile.outputs)[0];
  const exportsHandlers = meta?.exports.includes('handlers') ?? false;
  const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
  return !exportsHandlers && imports.some((p) => /^@modelcontextprotocol\/(sdk|server)(\/|$)/.test(p));
}
