/**
 * Step 1 of `mcp-host build`: bundle the author's TypeScript or JavaScript
 * entry into one ES module for componentize-js (which rejects TypeScript and
 * resolves no packages). WIT imports (`namespace:package/interface`) stay
 * external: they are the component's imports. esbuild is imported lazily: only builds need it.
 */
import { join, relative } from 'node:path';
import type { BuildOptions, BuildResult, Plugin } from 'esbuild';
import { UserError } from '../errors.js';
import { guestLibraryEntry, guestProcessEnv } from '../paths.js';
import { nodeBuiltins } from './node-builtins.js';
import { BANNER, FOOTER } from './top-level-guard.js';

export interface BundleOptions {
  /** The author's entry module (.ts, .mts, .js or .mjs). */
  entry: string;
  /** Minify the output (smaller snapshot, harder stack traces). */
  minify?: boolean;
}

export interface BundleOutput {
  /** The bundled ES module source. */
  code: string;
  /** Names the entry module exports. */
  exports: string[];
  /** The bundle's source map (JSON), sources relative to the working directory. */
  sourceMap: string;
}

export async function bundleEntry(opts: BundleOptions): Promise<BundleOutput> {
  const esbuild = await import('esbuild');
  let result;
  try {
    result = await esbuild.build({
      ...GUEST_BUNDLE,
      entryPoints: [opts.entry],
      // process.env.NAME reads a granted variable (components/guest/process-env.ts).
      define: { 'process.env.NODE_ENV': '"production"', 'process.env': '__mcpHostProcessEnv' },
      inject: [guestProcessEnv],
      minify: opts.minify ?? false,
      plugins: [witImports(guestProcessEnv), nodeBuiltins],
      // Components import the guest library by its package name; resolve it to
      // this installation's copy so a build works outside node_modules too.
      alias: { 'mcp-host/guest': guestLibraryEntry },
    });
  } catch (err) {
    throw new UserError(formatBuildFailure(err), 'Fix the source and build again');
  }
  return bundleOutput(result);
}

/** What every guest bundle is built with: one ES module for componentize-js, its map beside it, the top-level guard around it. */
export const GUEST_BUNDLE = {
  bundle: true,
  write: false,
  // Not written (write: false): names the bundle so the source map's
  // sources are relative to the working directory, as errors show them.
  outfile: join(process.cwd(), 'entry.js'),
  sourcemap: 'external',
  sourcesContent: false,
  banner: { js: BANNER },
  footer: { js: FOOTER },
  format: 'esm',
  platform: 'neutral',
  // `neutral` reads no package.json main fields by default: without these a
  // package with only "main" (ajv, for one) does not resolve.
  mainFields: ['module', 'main'],
  target: 'es2022',
  metafile: true,
  logLevel: 'silent',
} as const satisfies BuildOptions;

/** esbuild's result → the bundle, its exports and its source map. */
export function bundleOutput(result: BuildResult<{ write: false; metafile: true }>): BundleOutput {
  const output = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
  if (!output || !map) throw new Error('esbuild produced no output');
  const meta = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('.js'))?.[1];
  // The map comment would name a file componentize-js does not have.
  return { code: output.text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'), exports: meta?.exports ?? [], sourceMap: map.text };
}

/**
 * WIT imports (`wasi:mcp/runtime@0.1.0`, `example:kv/store@0.1.0`) are the
 * component's imports: componentize-js binds them, esbuild must not. Those
 * of `injected` (a shim esbuild injects) go when the shim is unused: a world
 * without wasi:cli (e.g. a provider) cannot have them.
 */
export const witImports = (injected: string): Plugin => ({
  name: 'wit-imports',
  setup: (b) =>
    b.onResolve({ filter: /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*\// }, (a) =>
      // `node:fs/promises` has the same shape and is a Node builtin.
      a.path.startsWith('node:') ? undefined : { path: a.path, external: true, sideEffects: a.importer !== injected },
    ),
});

/** esbuild's failure → "file:line:col: message" lines, one per error. */
export function formatBuildFailure(err: unknown): string {
  const errors = (err as { errors?: EsbuildMessage[] }).errors;
  if (!Array.isArray(errors) || errors.length === 0) {
    return `cannot bundle: ${err instanceof Error ? err.message : String(err)}`;
  }
  return errors
    .slice(0, 5)
    .map((e) => {
      // esbuild's notes explain a resolution failure (e.g. which package.json field it tried).
      const notes = (e.notes ?? []).map((n) => `\n  note: ${at(n.location)}${n.text}`).join('');
      return `${at(e.location)}${e.text}${notes}`;
    })
    .join('\n');
}

const at = (location: EsbuildMessage['location']): string =>
  location ? `${relative(process.cwd(), location.file) || location.file}:${location.line}:${location.column + 1}: ` : '';

interface EsbuildMessage {
  text: string;
  location: { file: string; line: number; column: number } | null;
  notes?: { text: string; location: EsbuildMessage['location'] }[];
}
