/**
 * Step 1 of `mcp-host build`: bundle the author's TypeScript or JavaScript
 * entry into one ES module for componentize-js (which rejects TypeScript and
 * resolves no packages). WIT imports (`namespace:package/interface`) stay
 * external: they are the component's imports. esbuild is imported lazily: only builds need it.
 */
import { relative } from 'node:path';
import { UserError } from '../errors.js';
import { guestLibraryEntry } from '../paths.js';

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
}

export async function bundleEntry(opts: BundleOptions): Promise<BundleOutput> {
  const esbuild = await import('esbuild');
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [opts.entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      // `neutral` reads no package.json main fields by default: without these a
      // package with only "main" (ajv, for one) does not resolve.
      mainFields: ['module', 'main'],
      target: 'es2022',
      minify: opts.minify ?? false,
      metafile: true,
      logLevel: 'silent',
      // WIT imports (`wasi:mcp/runtime@0.1.0`, `example:kv/store@0.1.0`) are the
      // component's imports: componentize-js binds them, esbuild must not.
      plugins: [{ name: 'wit-imports', setup: (b) => b.onResolve({ filter: /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*\// }, (a) => ({ path: a.path, external: true })) }],
      // Components import the guest library by its package name; resolve it to
      // this installation's copy so a build works outside node_modules too.
      alias: { 'mcp-host/guest': guestLibraryEntry },
    });
  } catch (err) {
    throw new UserError(formatBuildFailure(err), 'Fix the source and build again');
  }
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output');
  const meta = Object.values(result.metafile.outputs)[0];
  return { code: output.text, exports: meta?.exports ?? [] };
}

/** esbuild's failure → "file:line:col: message" lines, one per error. */
function formatBuildFailure(err: unknown): string {
  const errors = (err as { errors?: EsbuildMessage[] }).errors;
  if (!Array.isArray(errors) || errors.length === 0) {
    return `cannot bundle: ${err instanceof Error ? err.message : String(err)}`;
  }
  return errors
    .slice(0, 5)
    .map((e) => {
      const where = e.location
        ? `${relative(process.cwd(), e.location.file) || e.location.file}:${e.location.line}:${e.location.column + 1}: `
        : '';
      return `${where}${e.text}`;
    })
    .join('\n');
}

interface EsbuildMessage {
  text: string;
  location: { file: string; line: number; column: number } | null;
}
