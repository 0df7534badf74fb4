/**
 * The package works wherever npm puts it (issue 13): packed, installed into
 * a CommonJS project followed by a second install, and installed globally
 * into a prefix. Each installation builds a .ts entry (importing a package
 * with only "main") and a .wat entry, writes `types`, and serves a
 * tools/call with its transpile cache inside the user's project.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/fixtures.js';
import { startServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';
import { cleanEnv } from '../helpers/npm.js';
import { commonjsProject, installed, type Installation } from './installed.js';

const exec = promisify(execFile);

const SERVER_TS = `import { defineServer } from 'mcp-host/guest';
import { greet } from 'greeter';

export const { run, handlers } = defineServer({
  name: 'users-own',
  version: '1.0.0',
  tools: [
    {
      name: 'hello',
      description: 'Greets',
      inputSchema: { type: 'object', properties: { who: { type: 'string' } } },
      run: ({ who }: { who?: string }) => greet(who ?? 'world'),
    },
  ],
});
`;

/** What a user's shell would run; `launcher` is the argv that starts mcp-host. */
async function mcpHost(launcher: string[], cwd: string, args: string[], env: Record<string, string>): Promise<string> {
  const [command, ...rest] = launcher;
  try {
    const { stderr } = await exec(command!, [...rest, ...args], { cwd, env: cleanEnv(env), timeout: 120_000 });
    return stderr;
  } catch (err) {
    throw new Error(`mcp-host ${args.join(' ')} failed:\n${(err as { stderr?: string }).stderr ?? String(err)}`);
  }
}

/** A user's server in `dir`, where `greeter` resolves; built, typed and served by the installed mcp-host. */
async function buildTypesAndServe(launcher: string[], dir: string, cacheDir: string): Promise<void> {
  const env = { MCP_HOST_CACHE_DIR: cacheDir };
  writeFileSync(join(dir, 'server.ts'), SERVER_TS);
  copyFileSync(join(root, 'components', 'wat', 'server.wat'), join(dir, 'server.wat'));

  await mcpHost(launcher, dir, ['build', 'server.ts', '-o', 'server.wasm'], env);
  await mcpHost(launcher, dir, ['build', 'server.wat', '-o', 'wat.wasm'], env);
  await mcpHost(launcher, dir, ['types', '-o', 'types'], env);
  expect(existsSync(join(dir, 'types', 'mcp-backend.d.ts'))).toBe(true);

  for (const [component, tool, args, expected] of [
    ['server.wasm', 'hello', { who: 'npm' }, 'hello npm from greeter'],
    ['wat.wasm', 'echo', { text: 'from wat' }, '{"text":"from wat"}'],
  ] as const) {
    const server = await startServer(join(dir, component), { cacheDir, launcher, cwd: dir });
    try {
      expect(await call(server.client, tool, args)).toEqual({ text: expected, isError: false });
    } finally {
      await server.close();
    }
  }
  // The cache is the one inside the user's CommonJS project.
  expect(readdirSync(join(cacheDir, 'transpiled'))).toHaveLength(2);
}

describe('installed from the packed tarball', () => {
  let installation: Installation;
  const scratch: string[] = [];

  beforeAll(async () => {
    installation = await installed();
    console.log(`install seconds: local ${installation.seconds.local.toFixed(1)}, global ${installation.seconds.global.toFixed(1)}`);
  }, 300_000);

  afterAll(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  it('in a CommonJS project, after a second install: build .ts and .wat, types, run', async () => {
    // The work goes in a folder of the project (under its "type": "commonjs"), the cache too.
    const work = mkdtempSync(join(installation.project, 'work-'));
    scratch.push(work);
    const launcher = [join(installation.project, 'node_modules', '.bin', 'mcp-host')];
    await buildTypesAndServe(launcher, work, join(work, '.cache', 'mcp-host'));
  }, 240_000);

  it('builds and serves an unchanged SDK v2 server of the project (its SDK is the one installed with mcp-host)', async () => {
    const work = mkdtempSync(join(installation.project, 'sdk-'));
    scratch.push(work);
    const launcher = [join(installation.project, 'node_modules', '.bin', 'mcp-host')];
    const cacheDir = join(work, '.cache', 'mcp-host');
    copyFileSync(join(root, 'test', 'fixtures', 'sdk', 'v2-server.mjs'), join(work, 'server.mjs'));
    writeFileSync(join(work, 'motd.txt'), 'from the project\n');
    await mcpHost(launcher, work, ['build', 'server.mjs', '-o', 'server.wasm'], { MCP_HOST_CACHE_DIR: cacheDir });
    const server = await startServer(join(work, 'server.wasm'), { cacheDir, launcher, cwd: work, args: ['--dir', `${work}::/data`, '--', '/data'] });
    try {
      expect(await call(server.client, 'greet', { name: 'npm', times: '2' })).toEqual({ text: 'Hello, npm!\nHello, npm!', isError: false });
      expect(await call(server.client, 'files', {})).toMatchObject({ text: expect.stringContaining('|from the project|') });
    } finally {
      await server.close();
    }
  }, 240_000);

  it('installed globally into a prefix: the same from a project of its own', async () => {
    const work = mkdtempSync(join(installation.project, '..', 'global-user-'));
    scratch.push(work);
    commonjsProject(work, 'global-user');
    // No node_modules of its own but the one package the server imports.
    cpSync(join(installation.project, 'greeter'), join(work, 'node_modules', 'greeter'), { recursive: true });
    await buildTypesAndServe([join(installation.prefix, 'bin', 'mcp-host')], work, join(work, '.cache', 'mcp-host'));
  }, 240_000);
});
