/**
 * An esbuild plugin that answers an import of a Node builtin (`node:fs`,
 * `fs`, `path`, …) with what to use instead: a component is a WebAssembly
 * sandbox with no Node APIs, and esbuild alone says only `Could not resolve`.
 */
import { builtinModules } from 'node:module';
import type { Plugin } from 'esbuild';

const INSTEAD: Record<string, string> = {
  fs: "grant a directory (mcp-host run --dir HOST::/guest, --dir-rw to write) and use readFile, readTextFile, writeFile or listDir from 'mcp-host/guest'",
  path: 'join paths with string operations (guest paths are POSIX, e.g. `/docs/${name}`)',
  process: "read a granted environment variable with env('NAME') from 'mcp-host/guest' or process.env.NAME (mcp-host run --env NAME)",
  crypto: 'use the Web Crypto globals (crypto.getRandomValues, crypto.randomUUID) in a handler',
  http: 'use fetch() (mcp-host build --enable-http, then mcp-host run --allow-host HOST)',
  timers: 'use the global setTimeout in a handler',
  os: 'there is no host OS to ask: pass what you need as a granted environment variable',
  child_process: 'a component cannot start processes',
};
INSTEAD['https'] = INSTEAD['http']!;
INSTEAD['net'] = INSTEAD['http']!;
INSTEAD['fs/promises'] = INSTEAD['fs']!;
INSTEAD['timers/promises'] = INSTEAD['timers']!;

const builtins = new Set(builtinModules);
const CHECKING = Symbol('node-builtins: resolving as a package');

export const nodeBuiltins: Plugin = {
  name: 'node-builtins',
  setup(build) {
    build.onResolve({ filter: /^[a-z_/:]+$/ }, async (args) => {
      const name = args.path.replace(/^node:/, '');
      if (!args.path.startsWith('node:') && !builtins.has(name)) return undefined;
      if (args.pluginData === CHECKING) return undefined;
      // A bare name that is also an installed package (the `events` or
      // `buffer` polyfill, say) is that package: only what resolves to
      // nothing is the builtin.
      if (!args.path.startsWith('node:')) {
        const found = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: CHECKING });
        if (found.errors.length === 0) return undefined;
      }
      const instead = INSTEAD[name] ?? INSTEAD[name.split('/')[0]!] ?? 'use the web APIs the engine has (fetch, TextEncoder, URL, crypto) or the helpers of mcp-host/guest';
      return {
        errors: [
          {
            text: `"${args.path}" is a Node builtin, and a component has no Node APIs (it runs in a WebAssembly sandbox, not in Node): ${instead}`,
          },
        ],
      };
    });
  },
};
