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
  world?: 'mcp-backend' | 'mcp-client' | 'mcp-proxy';
  extraArgs?: string[];
}

export const FIXTURES = {
  tools: { entry: 'components/tools/server.ts' },
  notes: { entry: 'components/notes/server.ts' },
  everything: { entry: 'components/everything/server.ts' },
  client: { entry: 'test/fixtures/client-world.ts', world: 'mcp-client' },
  proxy: { entry: 'test/fixtures/proxy-world.ts', world: 'mcp-proxy' },
  hostile: { entry: 'test/fixtures/hostile.ts', extraArgs: ['--enable-http'] },
  'bad-entry': { entry: 'test/fixtures/bad-entry.ts' },
} satisfies Record<string, Fixture>;

export type FixtureName = keyof typeof FIXTURES;

/** Path of a built fixture component. */
export const componentPath = (name: FixtureName): string => join(buildDir, `${name}.wasm`);
