#!/usr/bin/env node
/**
 * The mcp-host CLI: wiring only. Each command parses its options and calls
 * a library function; reportFailure prints errors and sets the exit code.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { DEFAULT_DEADLINE_MS } from '../host/worker/instance.js';
import { buildCommand } from './commands/build.js';
import { runCommand } from './commands/run.js';
import { typesCommand } from './commands/types.js';
import { reportFailure } from './report.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('mcp-host')
  .description('Run MCP servers written as WebAssembly components (wasi:mcp), sandboxed.')
  .version(version)
  .option('--verbose', 'print stack traces of internal errors')
  .showHelpAfterError('(run with --help for usage)');

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
  .description('componentize TypeScript or JavaScript handlers into a wasi:mcp component')
  .argument('<entry>', 'entry module (.ts or .js) that exports `run` and `handlers`')
  .requiredOption('-o, --out <file>', 'where to write the component (.wasm)')
  .addOption(new Option('--world <name>', 'wasi:mcp world to target').choices(['mcp-backend', 'mcp-client', 'mcp-proxy']).default('mcp-backend'))
  .option('--enable-http', 'include fetch() (the component then imports wasi:http)')
  .addHelpText('after', '\nExample:\n  mcp-host build components/tools/server.ts -o tools.wasm')
  .action(action(buildCommand));

program
  .command('run')
  .description('serve a wasi:mcp component as an MCP server over stdio')
  .argument('<component>', 'component file (.wasm) of world wasi:mcp/mcp-backend')
  .option('--timeout <ms>', 'stop a call still running after this many milliseconds', String(DEFAULT_DEADLINE_MS))
  .addHelpText(
    'after',
    '\nExamples:\n  mcp-host run tools.wasm\n\n' +
      'In an MCP client configuration (e.g. Claude Desktop):\n' +
      '  { "mcpServers": { "tools": { "command": "npx", "args": ["mcp-host", "run", "/abs/path/tools.wasm"] } } }',
  )
  .action(action(runCommand));

program
  .command('types')
  .description('write TypeScript declarations of the wasi:mcp imports and exports for component authors')
  .option('-o, --out <dir>', 'output directory', 'wasi-mcp-types')
  .addOption(new Option('--world <name>', 'world').choices(['mcp-backend', 'mcp-client', 'mcp-proxy']).default('mcp-backend'))
  .action(action(typesCommand));

await program.parseAsync();
