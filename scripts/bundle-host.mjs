#!/usr/bin/env node
/**
 * Part of `npm run build`, after tsc: bundles what `mcp-host run` loads
 * into dist/bundle/ with esbuild, one file per thread's entry (the command,
 * the instance worker, the validation worker, and spawn.js, which the CLI
 * uses to start the first worker before it loads the rest).
 *
 * Why: loading the host and its dependencies (the SDK, zod, Ajv, ...) as
 * hundreds of modules cost ~100 ms of every cold start in module
 * resolution and file reads; one file per entry does not. The files keep
 * their relative layout (`new URL('./instance-worker.js', import.meta.url)`
 * and `../../` for the package root resolve as in dist/), and the packages
 * that load files of their own (jco, componentize-js, preview2-shim) or a
 * native binary (esbuild) stay external, resolved from node_modules.
 *
 * Split: what the entries share, and what is imported only when used (the
 * HTTP transport and express, the client SDK for upstreams), goes to chunk
 * files beside them, so a stdio start parses ~1.6 MB, not all 4 MB
 * (compiling the one 4 MB file was ~150 ms of a cold start). The chunks
 * stay flat in dist/bundle/, so relative URLs resolve as from an entry.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
const outdir = join(dist, 'bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    run: join(dist, 'cli', 'commands', 'run.js'),
    spawn: join(dist, 'host', 'worker', 'spawn.js'),
    'instance-worker': join(dist, 'host', 'worker', 'instance-worker.js'),
    'validation-worker': join(dist, 'host', 'backend', 'validation-worker.js'),
  },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  splitting: true,
  target: 'node20',
  external: ['@bytecodealliance/*', 'esbuild'],
  // Bundled CommonJS packages (express...) require Node's builtins.
  banner: { js: "import { createRequire as __mcpHostRequire } from 'node:module'; const require = __mcpHostRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
