/**
 * A bundled Worker served by the real workerd (the `workerd` devDependency's
 * binary) on a loopback port: bundled by the real CLI (`mcp-host bundle
 * --target workers`), run as `workerd serve workerd.capnp`, the file the
 * bundle wrote.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli, type CliResult } from '../helpers/cli.js';
import { testCacheDir } from '../helpers/server.js';

const require = createRequire(import.meta.url);

/** The workerd binary of this platform's @cloudflare/workerd-* package (the `workerd` package's own lookup). */
export function workerdBinary(): string {
  const pkg = `@cloudflare/workerd-${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch === 'x64' ? '64' : process.arch}`;
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', process.platform === 'win32' ? 'workerd.exe' : 'workerd');
}

/** `mcp-host bundle --target workers <component> -o <fresh dir> ...args`; fails the test with its stderr. */
export async function bundle(component: string, args: string[] = []): Promise<{ dir: string; result: CliResult }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'mcp-host-edge-')), 'worker');
  const result = await runCli(['bundle', '--target', 'workers', component, '-o', dir, ...args], { env: { MCP_HOST_CACHE_DIR: testCacheDir() }, timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`mcp-host bundle failed (${result.code}):\n${result.stderr}`);
  return { dir, result };
}

export interface Workerd {
  url: string;
  pid: number;
  stderr(): string;
  close(): Promise<void>;
}

/** A port free now on 127.0.0.1 (workerd takes an address, not a listening socket, from the command line). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Serve a bundle's directory with workerd; resolves once it answers on /mcp. `env`: workerd's environment (fromEnvironment bindings). */
export async function startWorkerd(dir: string, env: Record<string, string> = {}, timeoutMs = 30_000): Promise<Workerd> {
  const port = await freePort();
  const child = spawn(workerdBinary(), ['serve', 'workerd.capnp', '--socket-addr', `http=127.0.0.1:${port}`], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  let exited: number | null | undefined;
  const gone = new Promise<void>((resolve) => child.once('exit', (code) => ((exited = code), resolve())));
  const url = `http://127.0.0.1:${port}/mcp`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) throw new Error(`workerd exited (${exited}) before serving:\n${stderr}`);
    try {
      await fetch(url, { method: 'GET' });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`workerd did not answer on ${url} within ${timeoutMs} ms:\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    pid: child.pid!,
    stderr: () => stderr,
    async close() {
      if (exited === undefined) child.kill('SIGTERM');
      await gone;
    },
  };
}
