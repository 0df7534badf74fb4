/**
 * Hostile review of "an unchanged SDK server as a component" (issue 14):
 * the bridge (components/guest/node/bridge.ts), the Node layer's fs and
 * process, the bundling (host/toolchain/node-server.ts), and the relay mark
 * (host/component-marks.ts) that makes the host skip its own name, argument
 * and result checks. Every attack is a real server source built by the real
 * CLI (fixtures sdk-hostile-*, or built here), served by `mcp-host run` and
 * driven by the SDK's Client; each test also checks the host serves after.
 *
 * Findings fixed (each named `fixed:` below): start failures reported as
 * "undefined"; a low-level server without resources/templates/list could
 * not start; list_changed storms re-listed once per notification (past the
 * deadline); completion answers were not capped by --max-result-bytes and
 * totals were wrapped into a u32; a grant nested in another hid the outer
 * grant's files; fs at top level under --snapshot trapped the build;
 * `"import.meta.url"` in a string broke the build; a symlinked package.json
 * shipped the file it points to inside the component; notifications before the
 * host serves spent the start's budget; a 7 MiB request ran the instance out
 * of memory (the Buffer package's UTF-8) and one over 10 MiB trapped it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { buildDir, componentPath, root } from '../helpers/fixtures.js';
import { answer } from '../helpers/side-by-side.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';

const BRIDGE = componentPath('sdk-hostile-bridge');
const text = (a: unknown): string => JSON.stringify(a);
/** A tool's text answer, parsed (the fixture answers JSON for fs and env). */
async function json(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const a = (await answer(client, name, args)) as { content?: { text: string }[] };
  return JSON.parse(a.content![0]!.text) as Record<string, unknown>;
}
const calls = async (client: Client): Promise<number> => Number(((await answer(client, 'calls', {})) as { content: { text: string }[] }).content[0]!.text);

describe('the bridge against a hostile server', () => {
  let host: RunningServer;
  beforeAll(async () => {
    host = await startServer(BRIDGE, { cacheDir: testCacheDir(), args: ['--timeout', '20000'] });
  }, 60_000);
  afterAll(() => host?.close());

  it('fixed: a low-level server that declares resources but has no resources/templates/list handler starts (was: refused, "undefined")', async () => {
    expect((await host.client.listResources()).resources.map((r) => r.uri)).toEqual(['hostile://known']);
    expect((await host.client.listResourceTemplates()).resourceTemplates).toEqual([]);
  });

  it('garbage, huge and unterminated lines on its stdout: the call is answered, the host serves on, its log stays bounded', async () => {
    const before = host.stderr().length;
    const garbage = await answer(host.client, 'garbage', { mib: 4 });
    // Its last line has no newline, so the SDK's own answer joins it and is lost: an error, as a real client would see too.
    expect(garbage).toBeDefined();
    expect(await answer(host.client, 'echo', { after: 'garbage' })).toMatchObject({ isError: false, content: [{ text: 'echo {"after":"garbage"}' }] });
    // The 4 MiB line reaches the host's log cut (guest output is bounded), not whole.
    expect(host.stderr().length - before).toBeLessThan(256 * 1024);
  }, 60_000);

  it('answers of its own forging (result and error at once, twice, and one for the next request) give the next call its own answer', async () => {
    const forged = await answer(host.client, 'forge', {});
    expect(text(forged)).not.toContain('the real answer'); // the first answer for the id wins: the server's own doing
    expect(await answer(host.client, 'echo', { n: 1 })).toMatchObject({ isError: false, content: [{ text: 'echo {"n":1}' }] });
  });

  it('a log flood (20,000) and bogus progress tokens (5,000): both calls complete, the host log stays bounded', async () => {
    const n = await calls(host.client);
    const lines = host.stderr().split('\n').length;
    expect(await answer(host.client, 'log_flood', { n: 20_000 })).toMatchObject({ isError: false });
    expect(await answer(host.client, 'progress_bogus', { n: 5_000 })).toMatchObject({ isError: false });
    // Not a line per dropped progress: the component's diagnostics are metered.
    expect(host.stderr().split('\n').length - lines).toBeLessThan(2_000);
    expect(await calls(host.client)).toBe(n + 3); // the same instance: nothing trapped
  }, 60_000);

  it('fixed: a storm of 5,000 tools/list_changed is coalesced (was: one re-listing each, past the deadline, losing the instance)', async () => {
    const n = await calls(host.client);
    expect(await answer(host.client, 'list_storm', { n: 5_000, tools: 3 })).toMatchObject({ isError: false, content: [{ text: 'stormed' }] });
    expect(await calls(host.client)).toBe(n + 2);
    // The last listing is the one registered.
    await expect.poll(async () => (await host.client.listTools()).tools.map((t) => t.name)).toContain('extra_2');
  }, 60_000);

  it('fixed: a 7 MiB argument is answered on the same instance (was: out of memory in the Buffer package\'s JavaScript UTF-8, every session\'s state lost)', async () => {
    const n = await calls(host.client);
    const big = 'x'.repeat(7 * 1024 * 1024);
    const echoed = (await answer(host.client, 'echo', { big })) as { isError: boolean; content: { text: string }[] };
    expect(echoed.isError).toBe(false);
    expect(echoed.content[0]!.text.length).toBe(big.length + 'echo {"big":""}'.length);
    expect(await calls(host.client)).toBe(n + 2);
  }, 120_000);

  it('fixed: a request over the 10 MiB the server\'s stdio transport reads is refused as invalid (was: dropped unanswered there, the instance trapped)', async () => {
    const n = await calls(host.client);
    const refused = await answer(host.client, 'echo', { big: 'x'.repeat(11 * 1024 * 1024) });
    expect(refused, text(refused).slice(0, 500)).toMatchObject({ error: { code: -32600 } });
    expect(text(refused)).toContain("over the 10485760 bytes the server's stdio transport reads");
    expect(await calls(host.client)).toBe(n + 1);
  }, 120_000);

  it('sampling in a loop from a client without sampling: each refused, the call completes', async () => {
    expect(await answer(host.client, 'sample_loop', { n: 500 })).toMatchObject({ isError: false, content: [{ text: 'refused 500' }] });
  }, 60_000);

  it('process.exit in a handler, from a timer, and a throw from a timer: answered, the instance serves on', async () => {
    const n = await calls(host.client);
    expect(text(await answer(host.client, 'exit', {}))).toContain('process.exit(3)');
    expect(await answer(host.client, 'exit_later', {})).toMatchObject({ isError: false });
    expect(await answer(host.client, 'throw_later', {})).toMatchObject({ isError: false });
    expect(await calls(host.client)).toBe(n + 4);
  });

  it('a call never answered (nothing pending): an error, and a fresh instance serves the next call', async () => {
    expect(await answer(host.client, 'never', {})).toMatchObject({ isError: true });
    expect(await answer(host.client, 'echo', {})).toMatchObject({ isError: false });
  }, 60_000);

  it('results over --max-result-bytes: a tool result and a resource read refused; the host serves on', async () => {
    expect(text(await answer(host.client, 'big', { mib: 17 }))).toContain('over the cap');
    await expect(host.client.readResource({ uri: 'hostile://big/17' })).rejects.toThrow();
    expect(await answer(host.client, 'echo', {})).toMatchObject({ isError: false });
  }, 60_000);

  it('fixed: a completion answer over --max-result-bytes (100 values of 256 KiB) is refused (was: 26 MB sent whole)', async () => {
    const ref = { type: 'ref/prompt' as const, name: 'p' };
    await expect(host.client.complete({ ref, argument: { name: 'x', value: 'big' } })).rejects.toThrow(/over the cap/);
    // Totals the WIT (u32) cannot carry are left out, not wrapped; values that are not strings are dropped.
    expect((await host.client.complete({ ref, argument: { name: 'x', value: 'negative' } })).completion).toEqual({ values: ['a'], hasMore: false });
    expect((await host.client.complete({ ref, argument: { name: 'x', value: 'huge-total' } })).completion.total).toBeUndefined();
    expect((await host.client.complete({ ref, argument: { name: 'x', value: 'objects' } })).completion.values).toEqual([]);
    expect((await host.client.complete({ ref, argument: { name: 'x', value: 'many' } })).completion.values).toHaveLength(100);
  }, 60_000);

  it('relayed unchecked: unknown names reach the server and its answers are the client\'s; an output schema it breaks is caught by the client', async () => {
    expect(await answer(host.client, 'no_such_tool', {})).toMatchObject({ isError: true, content: [{ text: 'no tool no_such_tool' }] });
    expect((await host.client.readResource({ uri: 'hostile://unlisted' })).contents).toEqual([{ uri: 'hostile://unlisted', text: 'read hostile://unlisted' }]);
    expect((await host.client.getPrompt({ name: 'unlisted' })).messages).toHaveLength(1);
    // The SDK client checks structured content against the listed schema itself, and stays usable.
    expect(await answer(host.client, 'no_structured', {})).toMatchObject({ error: {} });
    expect(await answer(host.client, 'no_structured', { wrong: true })).toMatchObject({ error: {} });
    expect(await answer(host.client, 'echo', {})).toMatchObject({ isError: false });
  });
});

describe('the relay mark on a hand-made component (hostile.ts, built by the CLI, then marked)', () => {
  it('gives up only the client-facing checks: sizes, deadlines and traps still hold, and the host serves on', async () => {
    const { withServerChecksMark } = (await import(join(root, 'dist', 'host', 'component-marks.js'))) as { withServerChecksMark: (b: Uint8Array) => Uint8Array };
    const dir = mkdtempSync(join(tmpdir(), 'sdk-bridge-mark-'));
    const marked = join(dir, 'marked.wasm');
    writeFileSync(marked, withServerChecksMark(readFileSync(componentPath('hostile'))));
    const host = await startServer(marked, { cacheDir: testCacheDir(), args: ['--timeout', '3000', '--max-result-bytes', '1M'] });
    try {
      expect(text(await answer(host.client, 'big', { mib: 2 }))).toContain('over the cap');
      expect(text(await answer(host.client, 'spin', {}))).toContain('deadline');
      expect(text(await answer(host.client, 'trap', {}))).toContain('trapped');
      // Unchecked: a name it never registered and arguments its schema refuses reach it, and it answers.
      expect(await answer(host.client, 'no-such-tool', {})).toBeDefined();
      expect(await answer(host.client, 'big', { mib: 'many' })).toBeDefined();
      expect(await answer(host.client, 'calls', {})).toMatchObject({ isError: false });
    } finally {
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a call that keeps the loop busy', () => {
  it('is stopped at the deadline and the next call runs on a fresh instance', async () => {
    const host = await startServer(BRIDGE, { cacheDir: testCacheDir(), args: ['--timeout', '3000'] });
    try {
      expect(text(await answer(host.client, 'never_busy', {}))).toContain('deadline');
      expect(await calls(host.client)).toBe(1);
    } finally {
      await host.close();
    }
  }, 60_000);
});

describe('hostile starts', () => {
  const failure = async (mode: string): Promise<string> => {
    const err = await startServer(BRIDGE, { cacheDir: testCacheDir(), args: ['--', `start=${mode}`] }).then(
      async (h) => (await h.close(), 'started'),
      (e: Error) => e.message,
    );
    return err;
  };

  it('fixed: a start that fails says why (was: "failed: undefined (see error.payload)")', async () => {
    expect(await failure('exit')).toContain('process.exit(7)');
    expect(await failure('throw')).toContain('thrown at top level');
    expect(await failure('never-connect')).toContain('never started its stdio transport');
  }, 120_000);

  it('fixed: 20,000 log lines and garbage on stdout while it starts, and sampling at start in a loop: it starts and serves (was: the logs spent the budget its registrations needed)', async () => {
    for (const mode of ['garbage', 'sample-at-start']) {
      const host = await startServer(BRIDGE, { cacheDir: testCacheDir(), args: ['--', `start=${mode}`] });
      try {
        expect(await answer(host.client, 'echo', { mode })).toMatchObject({ isError: false });
        expect(await calls(host.client)).toBeGreaterThan(0);
      } finally {
        await host.close();
      }
    }
  }, 120_000);

  it('two servers connected to one stdin: both answer every request, the first answer wins (as under node), and the host serves on', async () => {
    const host = await startServer(BRIDGE, { cacheDir: testCacheDir(), args: ['--', 'start=connect-twice'] });
    try {
      expect((await host.client.listTools()).tools.length).toBeGreaterThan(0);
      for (let i = 0; i < 3; i++) expect(await answer(host.client, 'echo', { i })).toBeDefined();
      expect(host.client.getServerVersion()?.name).toBeDefined();
    } finally {
      await host.close();
    }
  }, 60_000);
});

describe('the Node layer fs against the grants', () => {
  let base: string;
  let host: RunningServer;
  const fsOp = (args: Record<string, unknown>) => json(host.client, 'fs', args);
  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'sdk-bridge-fs-'));
    for (const d of ['ro/sub', 'rw', 'other', 'outside']) mkdirSync(join(base, d), { recursive: true });
    writeFileSync(join(base, 'outside', 'secret.txt'), 'SECRET');
    writeFileSync(join(base, 'ro', 'a.txt'), 'hello');
    writeFileSync(join(base, 'rw', 'r.txt'), 'r');
    symlinkSync('../outside/secret.txt', join(base, 'ro', 'out'));
    symlinkSync(join(base, 'outside', 'secret.txt'), join(base, 'ro', 'abs'));
    symlinkSync('loop2', join(base, 'ro', 'loop1'));
    symlinkSync('loop1', join(base, 'ro', 'loop2'));
    // A read-only grant with a writable one nested in it, and a third one deep under directories that exist only as the way to it.
    host = await startServer(BRIDGE, {
      cacheDir: testCacheDir(),
      args: ['--dir', `${join(base, 'ro')}::/data`, '--dir-rw', `${join(base, 'rw')}::/data/rw`, '--dir-rw', `${join(base, 'other')}::/w/deep/x`],
    });
  }, 60_000);
  afterAll(async () => {
    await host?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('fixed: a grant nested in another is listed with the outer grant\'s own files (was: only the nested one)', async () => {
    expect(await fsOp({ op: 'readdir', path: '/data' })).toEqual({ ok: ['a.txt', 'abs', 'loop1', 'loop2', 'out', 'rw', 'sub'] });
    expect(await fsOp({ op: 'readdir', path: '/' })).toEqual({ ok: ['data', 'w'] });
    expect(await fsOp({ op: 'readdir', path: '/w/deep' })).toEqual({ ok: ['x'] });
    expect(await fsOp({ op: 'stat', path: '/data/rw' })).toEqual({ ok: { dir: true, file: false } });
    expect(await fsOp({ op: 'readFile', path: '/data/rw/r.txt' })).toEqual({ ok: 'r' });
  });

  it('numeric open flags are open(2)\'s bits: O_WRONLY on a read-only grant is refused, O_RDONLY opens, O_WRONLY|O_CREAT creates in a writable one', async () => {
    expect(await fsOp({ op: 'open', path: '/data/a.txt', options: 0 })).toEqual({ ok: null });
    expect(await fsOp({ op: 'open', path: '/data/a.txt', options: 1 })).toMatchObject({ error: { isError: true } });
    expect(await fsOp({ op: 'open', path: '/data/rw/new.txt', options: 1 })).toMatchObject({ error: { code: 'ENOENT' } });
    expect(await fsOp({ op: 'open', path: '/data/rw/new.txt', options: 0o101 })).toEqual({ ok: null });
    expect(await fsOp({ op: 'exists', path: '/data/rw/new.txt' })).toEqual({ ok: true });
  });

  it('path tricks resolve inside the grants or fail with Node\'s codes; nothing outside is read', async () => {
    const code = async (args: Record<string, unknown>) => ((await fsOp(args)) as { error?: { code: string; isError: boolean } }).error;
    expect(await fsOp({ op: 'readFile', path: '/data/../data/./a.txt' })).toEqual({ ok: 'hello' });
    expect(await fsOp({ op: 'readFile', path: '//data//a.txt' })).toEqual({ ok: 'hello' });
    expect(await code({ op: 'readFile', path: '/data/a\u0000.txt' })).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE', isError: true });
    expect(await code({ op: 'readFile', path: `/data/${'a'.repeat(5000)}` })).toMatchObject({ code: 'ENAMETOOLONG', isError: true });
    for (const path of ['/data/out', '/data/abs', '/data/../outside/secret.txt', `${base}/outside/secret.txt`, '/data/sub/../../outside/secret.txt']) {
      const got = await fsOp({ op: 'readFile', path });
      expect(text(got), path).not.toContain('SECRET');
      expect((got as { error?: { code: string } }).error?.code, path).toMatch(/^E[A-Z]+$/);
    }
    expect(await code({ op: 'readFile', path: '/data/loop1' })).toMatchObject({ code: 'ELOOP' });
    expect(await code({ op: 'realpath', path: '/data/loop1' })).toMatchObject({ code: 'ELOOP' });
  });

  it('writes: refused in the read-only grant, across grants to it, and outside; rm -rf of a grant root and of "/" stops at the read-only files', async () => {
    const code = async (args: Record<string, unknown>) => ((await fsOp(args)) as { error?: { code: string } }).error?.code;
    expect(await code({ op: 'writeFile', path: '/data/new.txt' })).toBe('EROFS');
    expect(await code({ op: 'open', path: '/data/a.txt', options: 'w' })).toBe('EROFS');
    expect(await code({ op: 'rename', path: '/data/a.txt', to: '/w/deep/x/a.txt' })).toBe('EROFS');
    expect(await code({ op: 'mkdir', path: '/elsewhere/x', options: { recursive: true } })).toBe('ENOENT');
    expect(await code({ op: 'symlink', path: '/w/deep/x/abs', to: '/etc/passwd' })).toBe('EPERM');
    expect(await code({ op: 'rm', path: '/data', options: { recursive: true, force: true } })).toBe('EROFS');
    expect(await code({ op: 'rm', path: '/', options: { recursive: true, force: true } })).toMatch(/^E[A-Z]+$/);
    expect(readFileSync(join(base, 'ro', 'a.txt'), 'utf8')).toBe('hello');
    expect(readFileSync(join(base, 'outside', 'secret.txt'), 'utf8')).toBe('SECRET');
    expect(readdirSync(join(base, 'outside'))).toEqual(['secret.txt']);
    expect(existsSync(join(base, 'ro', 'new.txt'))).toBe(false);
    expect(await answer(host.client, 'echo', {})).toMatchObject({ isError: false });
  });
});

describe('argv and environment', () => {
  it('process.env is the granted variables only, argv is `-- args` then the policy\'s (with a NUL and 2,000 of them)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdk-bridge-policy-'));
    const policy = join(dir, 'policy.json');
    const many = Array.from({ length: 2000 }, (_, i) => `arg${i}`);
    writeFileSync(policy, JSON.stringify({ args: ['nul\u0000inside', ...many] }));
    const host = await startServer(BRIDGE, { cacheDir: testCacheDir(), env: { NOT_GRANTED: 'x' }, args: ['--policy', policy, '--env', 'FOO=bar', '--', 'first', 'two words'] });
    try {
      const seen = (await json(host.client, 'env')) as { env: Record<string, string>; argv: string[] };
      expect(seen.env).toEqual({ FOO: 'bar' });
      expect(seen.argv).toContain('first');
      expect(seen.argv).toContain('two words');
      expect(seen.argv).toContain('nul\u0000inside');
      expect(seen.argv).toHaveLength(2003);
    } finally {
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('fixed: --snapshot with env, argv and files read at top level builds (was: the build trapped) and keeps none of the builder\'s', async () => {
    const host = await startServer(componentPath('sdk-hostile-snapshot'), { cacheDir: testCacheDir(), args: ['--env', 'FOO=bar', '--', 'later'] });
    try {
      const seen = (await json(host.client, 'env')) as { env: Record<string, string>; argv: string[]; seenAtTop: Record<string, unknown> };
      expect(seen.seenAtTop).toEqual({ env: [], argv: [], root: 'error ENOENT', hostname: 'error ENOENT' });
      expect(seen.env).toEqual({ FOO: 'bar' });
      expect(seen.argv).toEqual(['later']);
    } finally {
      await host.close();
    }
    // The builder's environment (global setup's, this process's) is not in the component's bytes.
    const bytes = readFileSync(componentPath('sdk-hostile-snapshot')).toString('latin1');
    expect(process.env.PATH && bytes.includes(process.env.PATH)).toBeFalsy();
  }, 60_000);
});

describe('bundling', () => {
  it('fixed: import.meta in strings, a regex and a comment builds (was: a syntax error) and each module gets its own', async () => {
    const host = await startServer(componentPath('sdk-hostile-meta'), { cacheDir: testCacheDir() });
    try {
      const meta = await json(host.client, 'meta');
      expect(meta).toEqual({
        note: 'resolve files against import.meta.url, not the cwd',
        single: 'import.meta.dirname is Node 20.11+',
        pattern: true,
        where: 'file:///app/test/fixtures/sdk-hostile/odd-meta.mjs in /app/test/fixtures/sdk-hostile as /app/test/fixtures/sdk-hostile/odd-meta.mjs',
        name: 'mcp-host',
      });
    } finally {
      await host.close();
    }
  }, 60_000);

  it('fixed: a package.json that is a symlink out of the project is not embedded (was: the JSON it points to shipped in the component)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdk-bridge-pkg-'));
    try {
      const project = join(dir, 'project');
      mkdirSync(join(project, 'node_modules', 'evil-dep'), { recursive: true });
      writeFileSync(join(dir, 'credentials.json'), JSON.stringify({ token: 'TOKEN-FROM-THE-BUILDERS-HOME' }));
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'project', version: '1.0.0', type: 'module' }));
      symlinkSync(join(root, 'node_modules', '@modelcontextprotocol'), join(project, 'node_modules', '@modelcontextprotocol'));
      symlinkSync(join(dir, 'credentials.json'), join(project, 'node_modules', 'evil-dep', 'package.json'));
      writeFileSync(join(project, 'node_modules', 'evil-dep', 'index.js'), 'export const dep = "dep";\n');
      writeFileSync(
        join(project, 'server.mjs'),
        [
          "import { createRequire } from 'node:module';",
          "import { Server } from '@modelcontextprotocol/sdk/server/index.js';",
          "import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';",
          "import { dep } from 'evil-dep/index.js';",
          "const own = createRequire(import.meta.url)('./package.json');",
          "const server = new Server({ name: own.name + dep, version: own.version }, { capabilities: {} });",
          'await server.connect(new StdioServerTransport());',
        ].join('\n'),
      );
      expect(lstatSync(join(project, 'node_modules', 'evil-dep', 'package.json')).isSymbolicLink()).toBe(true);
      const out = join(dir, 'server.wasm');
      const built = await runCli(['build', join(project, 'server.mjs'), '-o', out], { timeoutMs: 120_000 });
      expect(built.code, built.stderr).toBe(0);
      expect(readFileSync(out).toString('latin1')).not.toContain('TOKEN-FROM-THE-BUILDERS-HOME');
      // Its own package.json (a regular file) is still there for createRequire.
      const host = await startServer(out, { cacheDir: join(buildDir, 'cache') });
      try {
        expect(host.client.getServerVersion()).toMatchObject({ name: 'projectdep', version: '1.0.0' });
      } finally {
        await host.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
