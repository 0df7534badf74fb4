/**
 * The components the tests use, built by the real CLI (`mcp-host build`) in
 * vitest's global setup. A build is reused while its inputs are unchanged
 * (same sources, guest library, WIT and toolchain version), so a second local
 * run skips the 5-15 s builds; CI starts clean and builds them all.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const buildDir = join(root, 'test', '.build');
export const cliPath = join(root, 'dist', 'cli', 'main.js');

export interface Fixture {
  entry: string;
  /** A wasi:mcp world, or one of `wit`'s. */
  world?: string;
  /** The author's WIT directory (`mcp-host build --wit`). */
  wit?: string;
  extraArgs?: string[];
}

export const FIXTURES = {
  tools: { entry: 'components/tools/server.ts' },
  notes: { entry: 'components/notes/server.ts' },
  everything: { entry: 'components/everything/server.ts' },
  wat: { entry: 'components/wat/server.wat' },
  preview1: { entry: 'test/fixtures/preview1/server.wat' },
  'faulty-abi': { entry: 'test/fixtures/faulty-abi/server.wat' },
  client: { entry: 'test/fixtures/client-world.ts', world: 'mcp-client' },
  proxy: { entry: 'test/fixtures/proxy-world.ts', world: 'mcp-proxy' },
  hostile: { entry: 'test/fixtures/hostile.ts', extraArgs: ['--enable-http'] },
  'input-hostile': { entry: 'test/fixtures/input-hostile.ts' },
  'fs-probe': { entry: 'test/fixtures/fs-probe.ts' },
  'bad-entry': { entry: 'test/fixtures/bad-entry.ts' },
  'loop-entry': { entry: 'test/fixtures/loop-entry.ts' },
  flood: { entry: 'test/fixtures/flood.ts' },
  'wasi-io': { entry: 'test/fixtures/wasi-io.ts' },
  tables: { entry: 'test/fixtures/tables/server.wat' },
  'in-thread-io': { entry: 'test/fixtures/in-thread-io/server.wat' },
  'lift-review': { entry: 'test/fixtures/lift-review/server.wat' },
  'shim-output': { entry: 'test/fixtures/in-thread-io/shim-output.wat', wit: 'test/fixtures/in-thread-io/shim-wit', world: 'shim-backend' },
  'shim-review': { entry: 'test/fixtures/shim-review/server.wat', wit: 'test/fixtures/shim-review/wit', world: 'shim-backend' },
  intruder: { entry: 'test/fixtures/intruder.ts' },
  squatter: { entry: 'test/fixtures/squatter.ts' },
  mistakes: { entry: 'test/fixtures/mistakes.ts' },
  'guest-grants': { entry: 'test/fixtures/guest-grants.ts' },
  memory: { entry: 'components/linked/app.ts', wit: 'components/linked/wit', world: 'app' },
  kv: { entry: 'components/linked/kv.ts', wit: 'components/linked/wit', world: 'provider' },
  'kv-slow': { entry: 'test/fixtures/slow-kv/kv.ts', wit: 'components/linked/wit', world: 'provider' },
  'kv-mismatch': { entry: 'test/fixtures/mismatch/kv.ts', wit: 'test/fixtures/mismatch/wit', world: 'provider' },
  // Published SDK servers, built from their dist/index.js unchanged (test/sdk-servers). Their versions are in package-lock.json, which the key hashes.
  'sdk-memory': { entry: 'node_modules/@modelcontextprotocol/server-memory/dist/index.js' },
  'sdk-sequential-thinking': { entry: 'node_modules/@modelcontextprotocol/server-sequential-thinking/dist/index.js' },
  'sdk-filesystem': { entry: 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js' },
  'sdk-everything': { entry: 'node_modules/@modelcontextprotocol/server-everything/dist/index.js' },
  'sdk-v2': { entry: 'test/fixtures/sdk/v2-server.mjs' },
  'sdk-v1-low-level': { entry: 'test/fixtures/sdk/v1-low-level.mjs' },
  'sdk-v1-snapshot': { entry: 'test/fixtures/sdk/v1-low-level.mjs', extraArgs: ['--snapshot'] },
  'sdk-v1-deps': { entry: 'test/fixtures/sdk/v1-deps.mjs' },
  // Hostile SDK servers (test/review/sdk-bridge.test.ts).
  'sdk-hostile-bridge': { entry: 'test/fixtures/sdk-hostile/bridge.mjs' },
  'sdk-hostile-snapshot': { entry: 'test/fixtures/sdk-hostile/bridge.mjs', extraArgs: ['--snapshot'] },
  'sdk-hostile-meta': { entry: 'test/fixtures/sdk-hostile/odd-meta.mjs' },
} satisfies Record<string, Fixture>;

export type FixtureName = keyof typeof FIXTURES;

/** Path of a built fixture component. */
export const componentPath = (name: FixtureName): string => join(buildDir, `${name}.wasm`);
