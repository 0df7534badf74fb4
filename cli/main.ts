#!/usr/bin/env node
/**
 * The mcp-host CLI: wiring only. Each command parses its options and calls
 * a library function; reportFailure prints errors and sets the exit code.
 */
import { readFileSync } from 'node:fs';
import type { BundleCommandOptions } from './commands/bundle.js';
import type { RunCommandOptions } from './commands/run.js';
import { Command } from 'commander';
import {
  DEFAULT_MAX_MEMORY_BYTES,
  DEFAULT_MAX_RESULT_BYTES,
  DEFAULT_MAX_TABLE_ELEMENTS,
  DEFAULT_START_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
} from '../host/sandbox/policy.js';
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_SESSIONS } from '../host/transports/limits.js';
import { reportFailure } from './report.js';

/**
 * A command whose module loads when it runs: `mcp-host run` starts faster
 * without the build toolchain, the composer or the HTTP stack loaded.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function lazy<M extends Record<K, (...args: any[]) => Promise<void>>, K extends keyof M>(load: () => Promise<M>, name: K) {
  return async (...args: Parameters<M[K]>): Promise<void> => (await load())[name](...args);
}

const buildCommand = lazy(() => import('./commands/build.js'), 'buildCommand');
const checkCommand = lazy(() => import('./commands/check.js'), 'checkCommand');
const inspectCommand = lazy(() => import('./commands/check.js'), 'inspectCommand');
const composeCommand = lazy(() => import('./commands/compose.js'), 'composeCommand');
const typesCommand = lazy(() => import('./commands/types.js'), 'typesCommand');
const initCommand = lazy(() => import('./commands/init.js'), 'initCommand');
/** A module of dist/bundle (scripts/bundle-host.mjs): `mcp-host run` loads one file, not hundreds. */
const bundled = <M>(name: string): Promise<M> => import(new URL(`../bundle/${name}.js`, import.meta.url).href) as Promise<M>;
const bundleCommand = lazy(() => import('./commands/bundle.js'), 'bundleCommand');
const runCommand = lazy(async () => {
  // The first instance's worker boots on the other core while the host loads.
  (await bundled<typeof import('../host/worker/spawn.js')>('spawn')).prewarmWorker();
  return bundled<typeof import('./commands/run.js')>('run');
}, 'runCommand');

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('mcp-host')
  .description('Run MCP servers written as WebAssembly components (wasi:mcp), sandboxed.')
  .version(version)
  .option('--verbose', 'print stack traces of internal errors')
  .showHelpAfterError('(run with --help for usage)');

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const action =
  <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
  async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (err) {
      reportFailure(err, Boolean(program.opts().verbose));
    }
  };

program
  .command('build')
  .description('make a wasi:mcp component: from TypeScript/JavaScript handlers (componentize-js), from an unchanged MCP server written with the official SDK, or from a core module or WebAssembly text of any language')
  .argument('<entry>', 'entry module (.ts or .js) that exports `run` and `handlers`, or the entry of an MCP SDK server that serves on stdio (its dist/index.js); or a core module (.wasm) or WebAssembly text (.wat) that exports the world\'s functions')
  .requiredOption('-o, --out <file>', 'where to write the component (.wasm)')
  .option('--world <name>', 'world to target: mcp-backend, mcp-client or mcp-proxy, or one of --wit\'s', 'mcp-backend')
  .option('--wit <dir>', 'your own WIT package (its worlds may include wasi:mcp/mcp-backend@0.1.0); wasi:mcp and WASI are added as deps')
  .option('--enable-http', 'include fetch() (the component then imports wasi:http)')
  .option('--snapshot', "for an SDK server: run its top level at build time and snapshot it (faster start; that code then sees no env, arguments or files)")
  .addHelpText(
    'after',
    '\nExamples:\n  mcp-host build components/tools/server.ts -o tools.wasm\n' +
      '  mcp-host build node_modules/@modelcontextprotocol/server-memory/dist/index.js -o memory.wasm   (an SDK server, unchanged)\n' +
      '  mcp-host build components/wat/server.wat -o wat.wasm\n' +
      '  mcp-host build target/wasm32-wasip1/release/server.wasm -o server.wasm   (a core module; WASI preview 1 is adapted)\n' +
      '  mcp-host build kv.ts --wit components/linked/wit --world provider -o kv.wasm',
  )
  .action(action(buildCommand));

const mib = (bytes: number): string => `${bytes / 1024 / 1024}M`;

program
  .command('run')
  .description('serve wasi:mcp components as one MCP server over stdio (or HTTP), sandboxed')
  .argument('[components...]', 'component files (.wasm) of world wasi:mcp/mcp-backend; several are served as one')
  .option('--manifest <file.json>', 'read the components and each one\'s grants from a manifest (see README, "Composing components")')
  .option('--namespace', "prefix each component's tools and prompts with its name (notes.add_note) instead of refusing collisions")
  .option('--dir <host[::guest]>', 'grant a directory, read-only (repeatable)', collect)
  .option('--dir-rw <host[::guest]>', 'grant a directory, writable (repeatable)', collect)
  .option('--env <NAME[=value]>', "grant an environment variable: the host's value, or the one given (repeatable)", collect)
  .option('--env-optional <NAME>', "grant an environment variable if it is set in mcp-host's environment, absent otherwise (repeatable)", collect)
  .option('--allow-host <host>', 'allow outgoing HTTP to a host: example.com, *.example.com, 127.0.0.1:8080 (repeatable)', collect)
  .option('--policy <file.json>', 'read grants and limits from a policy file (see README, "Security model")')
  .option('--max-memory <size>', `cap the component's memory (default ${mib(DEFAULT_MAX_MEMORY_BYTES)})`)
  .option('--max-table-elements <n>', `cap the elements of each core module's tables, all together (default ${DEFAULT_MAX_TABLE_ELEMENTS})`)
  .option('--timeout <ms>', `stop a call still running after this many milliseconds (default ${DEFAULT_TIMEOUT_MS})`)
  .option('--start-timeout <ms>', `stop a start (or re-creation) whose entry has not finished after this many milliseconds (default ${DEFAULT_START_TIMEOUT_MS})`)
  .option('--max-result-bytes <size>', `largest result a call may return (default ${mib(DEFAULT_MAX_RESULT_BYTES)})`)
  .option('--http <[host:]port>', 'serve Streamable HTTP at http://host:port/mcp instead of stdio (host defaults to 127.0.0.1)')
  .option('--http-allow-host <name>', 'also accept this host name in Host and Origin headers (repeatable; default: localhost, 127.0.0.1, [::1])', collect)
  .option('--session-idle <seconds>', 'over HTTP: close a session idle this long (default 1800)')
  .option(
    '--instances <mode>',
    'shared: one component instance serves every session; per-session (over HTTP): one each; pool:N: N instances, each call to the least busy (for stateless servers)',
    'shared',
  )
  .option('--max-message-bytes <size>', `largest message a client may send, a stdin line or an HTTP body (default ${mib(DEFAULT_MAX_MESSAGE_BYTES)})`)
  .option('--max-sessions <n>', `over HTTP: most sessions open at once (default ${DEFAULT_MAX_SESSIONS})`)
  .option('--state-key <secret>', 'seal input-required state with this key, 32 bytes or more; processes serving the same clients share it (default: env MCP_HOST_STATE_KEY, else random per process)')
  .option('--state-ttl <seconds>', 'how long an input-required state stays good (default 600)')
  .addHelpText(
    'after',
    '\nExamples:\n' +
      '  mcp-host run tools.wasm\n' +
      '  mcp-host run files.wasm --dir ./docs::/docs --env API_KEY --allow-host api.example.com --timeout 10000\n' +
      '  mcp-host run tools.wasm --http 8080                 # http://127.0.0.1:8080/mcp\n' +
      '  mcp-host run tools.wasm notes.wasm --namespace      # one server, both components\n' +
      '  mcp-host run filesystem.wasm --dir-rw ./work::/work -- /work   # arguments after -- are the server\'s argv\n' +
      '  MCP_HOST_STATE_KEY=$(head -c 32 /dev/urandom | base64) mcp-host run tools.wasm --http 8081   # two processes, one key\n\n' +
      'In an MCP client configuration (e.g. Claude Desktop):\n' +
      '  { "mcpServers": { "tools": { "command": "mcp-host", "args": ["run", "/abs/path/tools.wasm"] } } }',
  )
  .action(action((paths: string[], opts: RunCommandOptions) => runCommand(paths, { ...opts, args: componentArgs })));

program
  .command('bundle')
  .description('write a Cloudflare Worker (or a Deno program) that serves a component over Streamable HTTP at /mcp, in its own thread')
  .argument('<component>', 'component file (.wasm) of world wasi:mcp/mcp-backend')
  .requiredOption('--target <target>', 'where it runs: workers (Cloudflare Workers; workerd locally) or deno')
  .requiredOption('-o, --out <dir>', 'directory to write the Worker to: new, empty, or a bundle written before (replaced)')
  .option('--name <name>', 'Worker name (default: the file name)')
  .option('--env <NAME[=value]>', "grant an environment variable: the Worker's variable or secret NAME, or a fixed value (repeatable)", collect)
  .option('--env-optional <NAME>', "grant NAME if the Worker has it (repeatable)", collect)
  .option('--allow-host <host>', 'allow outgoing HTTP to a host, through the Worker\'s fetch (repeatable)', collect)
  .option('--policy <file.json>', 'read grants and limits from a policy file (no "dirs" or "args": a Worker has neither)')
  .option('--max-memory <size>', "cap the component's memory, written into its modules (default 64M: an isolate has 128 MB in all)")
  .option('--max-table-elements <n>', `cap the elements of each core module's tables (default ${DEFAULT_MAX_TABLE_ELEMENTS})`)
  .option('--timeout <ms>', `stop a call waiting (on fetch) after this many milliseconds; also the request's CPU limit in wrangler.toml (default ${DEFAULT_TIMEOUT_MS})`)
  .option('--start-timeout <ms>', `stop a start whose entry still waits after this many milliseconds (default ${DEFAULT_START_TIMEOUT_MS})`)
  .option('--max-result-bytes <size>', `largest result a call may return (default ${mib(DEFAULT_MAX_RESULT_BYTES)})`)
  .option('--max-message-bytes <size>', 'largest request body (default 4M)')
  .option('--http-allow-host <name>', 'also accept this host name in Host and Origin headers when served locally (repeatable; default: localhost, 127.0.0.1, [::1]; on Cloudflare the platform routes by Host)', collect)
  .option('--state-ttl <seconds>', 'how long an input-required state stays good (default 600)')
  .option('--no-minify', 'leave worker.js readable')
  .addHelpText('after', '\nExample:\n  mcp-host bundle --target workers tools.wasm -o tools-worker && (cd tools-worker && npx workerd serve workerd.capnp)')
  .action(action((component: string, opts: BundleCommandOptions) => bundleCommand(component, { ...opts, args: componentArgs })));

program
  .command('compose')
  .description("write one component from a socket and plugs whose exports satisfy some of its imports (like `wac plug`)")
  .argument('<socket>', 'the component whose imports get plugged (.wasm)')
  .option('--plug <component>', 'a component whose exports the socket imports (repeatable)', collect)
  .requiredOption('-o, --out <file>', 'where to write the composed component (.wasm)')
  .addHelpText('after', '\nExample:\n  mcp-host compose memory.wasm --plug kv.wasm -o memory-with-kv.wasm && mcp-host run memory-with-kv.wasm')
  .action(action(composeCommand));

program
  .command('check')
  .description('check that a component is one mcp-host run can serve, and print its world (for CI: exits 1 if not)')
  .argument('<component>', 'component file (.wasm)')
  .option('--json', 'print the description as JSON')
  .addHelpText('after', '\nExample (CI):\n  npx mcp-host check dist/server.wasm')
  .action(action(checkCommand));

program
  .command('inspect')
  .description("print a component's world: imports (and so the grants it could use), exports, wasi:mcp version, size")
  .argument('<component>', 'component file (.wasm)')
  .option('--json', 'print the description as JSON')
  .action(action(inspectCommand));

program
  .command('types')
  .description('write TypeScript declarations of the wasi:mcp imports and exports for component authors')
  .option('-o, --out <dir>', 'output directory', 'wasi-mcp-types')
  .option('--world <name>', 'world: mcp-backend, mcp-client or mcp-proxy, or one of --wit\'s', 'mcp-backend')
  .option('--wit <dir>', 'your own WIT package (wasi:mcp and WASI are added as deps)')
  .action(action(typesCommand));

program
  .command('init')
  .description('write a new component project: server.ts, package.json (build, start), tsconfig.json, a client configuration')
  .argument('[dir]', 'where (default: the current directory)')
  .action(action(initCommand));

// `mcp-host run x.wasm -- a b`: what follows `--` is the component's argv, not ours.
const dashes = process.argv.indexOf('--');
const componentArgs = dashes < 0 ? undefined : process.argv.slice(dashes + 1);
await program.parseAsync(dashes < 0 ? process.argv : process.argv.slice(0, dashes));
