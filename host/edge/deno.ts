/**
 * `--target deno`: the same Worker (edge/worker.ts, the same glue and capped
 * modules) as a Deno program. Deno compiles WebAssembly at run time, so
 * main.js reads the modules beside it and compiles them once at start, then
 * serves `Deno.serve` with the Worker's fetch; the environment grants are
 * read from Deno's environment by name. deno.json's `start` task runs it
 * under Deno's own permissions, narrowed to the grants: network to the
 * listen address and the allowed hosts, reads of this directory, the
 * granted variables: a second wall around the host's own checks.
 */
import type { EdgeConfig } from './config.js';

/** The entry esbuild bundles for Deno: `componentWorker` with modules compiled from the files beside main.js. */
export function denoEntry(workerModule: string, gluePath: string, wasmFiles: string[], config: EdgeConfig, vars: Record<string, string>): string {
  const names = [...config.env.required, ...config.env.optional, 'MCP_HOST_STATE_KEY'];
  return [
    `import { componentWorker } from ${JSON.stringify(workerModule)};`,
    `import * as glue from ${JSON.stringify(gluePath)};`,
    `const files = ${JSON.stringify(wasmFiles)};`,
    'const modules = Object.fromEntries(await Promise.all(files.map(async (f) => [f, await WebAssembly.compile(await Deno.readFile(new URL(f, import.meta.url)))])));',
    `const worker = componentWorker(${JSON.stringify(config)}, glue, modules);`,
    `const env = { ...${JSON.stringify(vars)} };`,
    `for (const name of ${JSON.stringify(names)}) { const value = Deno.env.get(name); if (value !== undefined) env[name] = value; }`,
    "const hostname = Deno.env.get('MCP_HOST_LISTEN') ?? '127.0.0.1';",
    "const port = Number(Deno.env.get('PORT') ?? 8000);",
    'Deno.serve({ hostname, port, onListen: ({ hostname, port }) => console.error(`serving on http://${hostname}:${port}/mcp`) }, (request) => worker.fetch(request, env));',
  ].join('\n');
}

/** deno.json: `deno task start` runs main.js with the permissions the grants need and no others. */
export function denoJson(config: EdgeConfig, vars: Record<string, string>): string {
  const names = [...new Set([...config.env.required, ...config.env.optional, ...Object.keys(vars), 'MCP_HOST_STATE_KEY', 'PORT', 'MCP_HOST_LISTEN'])];
  const net = ['127.0.0.1', 'localhost', ...config.allowHosts];
  // Deno's legacy request.signal aborts once a response is sent: a streamed answer (SSE, a listen) would be
  // cancelled as it starts. The new behaviour aborts it when the client goes away, as a Worker's does.
  const flags = [`--allow-net=${net.join(',')}`, '--allow-read=.', `--allow-env=${names.join(',')}`, '--no-prompt', '--unstable-no-legacy-abort'];
  return `${JSON.stringify(
    {
      // Run: deno task start (PORT=8000, MCP_HOST_LISTEN=127.0.0.1 by default; listening elsewhere, add it to --allow-net).
      tasks: { start: `deno run ${flags.join(' ')} main.js` },
    },
    null,
    2,
  )}\n`;
}
