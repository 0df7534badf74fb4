/**
 * `mcp-host bundle --target deno`: the same Worker as a Deno program, run by
 * the real Deno (the `deno` devDependency's binary) with the permissions its
 * deno.json names, driven by the SDK v2 Client: the WAT example lists and
 * calls; the hostile fixture reaches its one allowed host, is refused
 * another before any request, has no files, and traps without stopping the
 * server; the everything component passes conformance 2026-07-28.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { node22, report, runConformance, scored } from '../helpers/conformance.js';
import { componentPath, type FixtureName } from '../helpers/fixtures.js';
import { startHangingServer, startLocalServer, type HangingServer, type LocalServer } from '../helpers/http-server.js';
import { testCacheDir } from '../helpers/server.js';
import { connectV2Http } from '../helpers/v2-client.js';

const require = createRequire(import.meta.url);
const denoPackage = `@deno/${process.platform}-${process.arch}${process.platform === 'linux' ? '-glibc' : ''}`;
let denoBinary: string | undefined;
try {
  denoBinary = join(dirname(require.resolve(`${denoPackage}/package.json`)), process.platform === 'win32' ? 'deno.exe' : 'deno');
} catch {
  console.warn(`deno.test.ts skipped: no ${denoPackage} (the deno devDependency's binary for this platform)`);
}

const children: ChildProcess[] = [];
const clients: Client[] = [];
let allowed: LocalServer;
let refused: LocalServer;

/** Bundle for Deno and run `deno task start`'s command line with the real binary; a v2 Client on it. */
async function serve(fixture: FixtureName, args: string[], env: Record<string, string> = {}) {
  const dir = join(mkdtempSync(join(tmpdir(), 'mcp-host-deno-')), 'app');
  const built = await runCli(['bundle', '--target', 'deno', componentPath(fixture), '-o', dir, ...args], { env: { MCP_HOST_CACHE_DIR: testCacheDir() }, timeoutMs: 120_000 });
  if (built.code !== 0) throw new Error(`bundle failed:\n${built.stderr}`);
  const task = (JSON.parse(readFileSync(join(dir, 'deno.json'), 'utf8')) as { tasks: { start: string } }).tasks.start.split(' ');
  expect(task[0]).toBe('deno');
  const child = spawn(denoBinary!, task.slice(1), { cwd: dir, env: { PATH: process.env.PATH ?? '', DENO_NO_UPDATE_CHECK: '1', PORT: '0', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString();
      const m = /serving on (http:\/\/\S+\/mcp)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`deno exited (${code}):\n${stderr}`)));
  });
  const client = await connectV2Http(url);
  clients.push(client);
  return { client, url, stderr: () => stderr };
}

const text = (result: { content?: unknown }): string =>
  ((result.content ?? []) as { type: string; text?: string }[]).filter((c) => c.type === 'text').map((c) => c.text).join('');

/** An allowed host that accepts and never answers. */
let hanging: HangingServer;


let wat: Awaited<ReturnType<typeof serve>>;
let hostile: Awaited<ReturnType<typeof serve>>;

describe.skipIf(denoBinary === undefined)('a component bundled for Deno', () => {
  beforeAll(async () => {
    allowed = await startLocalServer('allowed page');
    refused = await startLocalServer('secret page');
    hanging = await startHangingServer();
    [wat, hostile] = await Promise.all([
      serve('wat', []),
      serve('hostile', ['--timeout', '3000', '--allow-host', `127.0.0.1:${allowed.port}`, '--allow-host', `127.0.0.1:${hanging.port}`, '--env', 'GRANTED'], {
        GRANTED: 'from deno',
        HOME: '/root',
      }),
    ]);
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    for (const child of children) child.kill('SIGTERM');
    await Promise.allSettled([allowed?.close(), refused?.close(), hanging?.close()]);
  });

  it('serves the WAT example', async () => {
    expect((await wat.client.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
    expect((await wat.client.callTool({ name: 'echo', arguments: { text: 'deno' } })).structuredContent).toEqual({ text: 'deno' });
  });

  it('keeps the sandbox: one allowed host, no other, no files, only the granted variables', async () => {
    expect(text(await hostile.client.callTool({ name: 'fetch', arguments: { url: allowed.url } }))).toBe('200 allowed page');
    const denied = await hostile.client.callTool({ name: 'fetch', arguments: { url: refused.url } });
    expect(denied.isError).toBe(true);
    expect(text(denied)).toMatch(/^refused: /);
    expect(refused.requests).toBe(0);
    expect((await hostile.client.callTool({ name: 'read_file', arguments: { path: '/etc/passwd' } })).isError).toBe(true);
    expect(text(await hostile.client.callTool({ name: 'get_env', arguments: { name: 'GRANTED' } }))).toBe('from deno');
    expect(text(await hostile.client.callTool({ name: 'get_env', arguments: { name: 'HOME' } }))).toBe('(unset)');
  });

  it('stops a call waiting past its deadline and serves the next from a fresh instance', async () => {
    const late = await hostile.client.callTool({ name: 'fetch', arguments: { url: `http://127.0.0.1:${hanging.port}/` } });
    expect(late.isError).toBe(true);
    expect(text(late)).toMatch(/deadline of 3000 ms/);
    expect(text(await hostile.client.callTool({ name: 'calls', arguments: {} }))).toBe('1');
  });

  it('passes conformance --requirements 2026-07-28 with the everything component, as on workerd', { timeout: 700_000 }, async () => {
    const node = node22();
    if ('skip' in node) return console.warn(`deno conformance skipped: ${node.skip}`);
    const everything = await serve('everything', [], { MCP_HOST_STATE_KEY: 'a deno test key of more than thirty-two bytes' });
    const run = await runConformance(node.path, everything.url, '2026-07-28', 600_000);
    const failing = scored(run).filter((s) => !s.ok || s.failed > 0);
    expect(failing.map((s) => s.name), report(run)).toEqual([]);
    expect(scored(run).length, report(run)).toBe(37);
  });

  it('answers a trap and serves the next call from a fresh instance', async () => {
    const trap = await hostile.client.callTool({ name: 'trap', arguments: {} });
    expect(trap.isError).toBe(true);
    expect(text(trap)).toMatch(/trapped/);
    expect(text(await hostile.client.callTool({ name: 'calls', arguments: {} }))).toBe('1');
  });
});
