/**
 * `mcp-host init`: the files of a new component project, pointing at this
 * installation of mcp-host by absolute path (the package is not on the npm
 * registry under its name, so `npx mcp-host` from elsewhere would fetch
 * nothing, or someone else's package). The scripts run this CLI with this
 * Node; the tsconfig type-checks the server against the shipped guest
 * library and its wasi:mcp typings.
 */
import { basename, join } from 'node:path';
import { guestLibraryEntry, packageRoot } from './paths.js';

export interface ScaffoldFile {
  path: string;
  content: string;
}

/** The TypeScript version mcp-host's own type-check uses (package.json devDependencies). */
const TYPESCRIPT = '5.9.3';

const SERVER_TS = `import { defineServer, env } from 'mcp-host/guest';

export const { run, handlers } = defineServer({
  name: '{{name}}',
  version: '0.1.0',
  tools: [
    {
      name: 'greet',
      description: 'Say hello',
      inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      // A string, content blocks ({ type: 'text', text }), or { content, structuredContent }. May be async.
      run: ({ name }: { name: string }) => \`Hello, \${name}!\${env('GREETING_SUFFIX') ?? ''}\`,
    },
  ],
});
`;

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const quote = (path: string): string => JSON.stringify(path);

/** `dir` absolute. */
export function scaffold(dir: string): { files: ScaffoldFile[]; clientConfig: unknown } {
  const name = basename(dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'server';
  const cli = join(packageRoot, 'dist', 'cli', 'main.js');
  const mcpHost = `${quote(process.execPath)} ${quote(cli)}`;
  const guest = join(packageRoot, 'components', 'guest');
  const clientConfig = {
    mcpServers: {
      [name]: {
        command: process.execPath,
        args: [cli, 'run', join(dir, 'server.wasm'), '--env-optional', 'GREETING_SUFFIX'],
      },
    },
  };
  const files: ScaffoldFile[] = [
    {
      path: 'package.json',
      content: json({
        name,
        version: '0.1.0',
        private: true,
        type: 'module',
        scripts: {
          build: `${mcpHost} build server.ts -o server.wasm`,
          start: `${mcpHost} run server.wasm --env-optional GREETING_SUFFIX`,
          typecheck: 'tsc --noEmit',
        },
        devDependencies: { typescript: TYPESCRIPT },
      }),
    },
    {
      path: 'tsconfig.json',
      content: json({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2022', 'ESNext.Disposable'],
          // No Node types: a component has no Node APIs (engine.d.ts declares what it has).
          types: [],
          strict: true,
          noEmit: true,
          paths: { 'mcp-host/guest': [guestLibraryEntry] },
        },
        include: ['*.ts', join(guest, 'engine.d.ts'), join(guest, 'wit', '**', '*.d.ts')],
      }),
    },
    { path: 'server.ts', content: SERVER_TS.replace('{{name}}', name) },
    { path: 'mcp-client.json', content: json(clientConfig) },
    { path: '.gitignore', content: 'node_modules/\n*.wasm\n' },
  ];
  return { files, clientConfig };
}
