/**
 * `mcp-host init` (issue 13, item 2): the scaffolded project builds with
 * `npm run build`, serves with `npm start`, type-checks with `npx tsc
 * --noEmit` against the shipped guest typings, and tsc catches a misspelled
 * tool field. Its client configuration uses absolute paths.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanEnv, npm } from '../helpers/npm.js';
import { call } from '../helpers/tool-text.js';

const exec = promisify(execFile);

async function tsc(cwd: string): Promise<{ ok: boolean; output: string }> {
  try {
    await exec('npx', ['--no-install', 'tsc', '--noEmit'], { cwd, env: cleanEnv() });
    return { ok: true, output: '' };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** `npm start`, as a client configuration would run the server, driven by the SDK client. */
async function npmStart(cwd: string, env: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({ command: 'npm', args: ['start', '--silent'], cwd, env: cleanEnv(env), stderr: 'pipe' });
  const client = new Client({ name: 'init-test', version: '0.0.0' });
  await client.connect(transport);
  return client;
}

describe('mcp-host init', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'mcp-host-init-')), 'my-server');

  beforeAll(async () => {
    const result = await runCli(['init', dir]);
    expect(result.stderr).toMatch(/wrote package\.json, tsconfig\.json, server\.ts, mcp-client\.json/);
    expect(result.code).toBe(0);
    await npm(dir, ['install']);
  }, 180_000);

  it('writes a client configuration with absolute paths', () => {
    const config = JSON.parse(readFileSync(join(dir, 'mcp-client.json'), 'utf8')) as { mcpServers: Record<string, { command: string; args: string[] }> };
    const server = config.mcpServers['my-server']!;
    expect(isAbsolute(server.command)).toBe(true);
    expect(isAbsolute(server.args[0]!)).toBe(true);
    expect(server.args.slice(1, 3)).toEqual(['run', join(dir, 'server.wasm')]);
  });

  it('npm run build, then npm start serves the tool; an optional env grant passes a variable only when set', async () => {
    await npm(dir, ['run', 'build']);
    expect(existsSync(join(dir, 'server.wasm'))).toBe(true);
    const plain = await npmStart(dir, {});
    try {
      expect(await call(plain, 'greet', { name: 'init' })).toEqual({ text: 'Hello, init!', isError: false });
    } finally {
      await plain.close();
    }
    const suffixed = await npmStart(dir, { GREETING_SUFFIX: ' (granted)' });
    try {
      expect(await call(suffixed, 'greet', { name: 'init' })).toEqual({ text: 'Hello, init! (granted)', isError: false });
    } finally {
      await suffixed.close();
    }
  }, 180_000);

  it('npx tsc --noEmit passes, and fails on a misspelled tool field', async () => {
    expect(await tsc(dir)).toEqual({ ok: true, output: '' });
    const source = readFileSync(join(dir, 'server.ts'), 'utf8');
    writeFileSync(join(dir, 'server.ts'), source.replace("description: 'Say hello'", "descripton: 'Say hello'"));
    const typo = await tsc(dir);
    expect(typo.ok).toBe(false);
    expect(typo.output).toMatch(/server\.ts\(\d+,\d+\): error TS\d+: .*'descripton'/);
    writeFileSync(join(dir, 'server.ts'), source);
  }, 120_000);

  it('refuses to write over an existing project', async () => {
    const again = await runCli(['init', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has package\.json, tsconfig\.json, server\.ts/);
  });
});
