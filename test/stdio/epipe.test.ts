/**
 * A client that closes the host's stderr or stdout (hostile review F9):
 * stderr is diagnostics, best effort, so the host serves on when it fails
 * (EPIPE); stdout failing means the client is gone, and the host ends
 * cleanly, exit code 0.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { cliPath, componentPath, root } from '../helpers/fixtures.js';
import { testCacheDir } from '../helpers/server.js';

const INITIALIZE = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } };

function start() {
  const child = spawn(process.execPath, [cliPath, 'run', componentPath('flood')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', MCP_HOST_CACHE_DIR: testCacheDir() },
  });
  const answers = new Map<unknown, Record<string, unknown>>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as Record<string, unknown>;
    if ('id' in message) answers.set(message.id, message);
  });
  const send = (message: object): void => void child.stdin.write(`${JSON.stringify(message)}\n`);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, answers, send, exited };
}

describe('a client that closes', () => {
  it('the host’s stderr: the next diagnostics fail and the host serves on', async () => {
    const host = start();
    host.send(INITIALIZE);
    await expect.poll(() => host.answers.has(0), { timeout: 30_000 }).toBe(true);
    host.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    host.child.stderr.destroy();
    // The guest writes to its stderr, which the host writes to its own, closed.
    for (let i = 1; i <= 3; i++) host.send({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'long_line', arguments: {} } });
    host.send({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'ok', arguments: {} } });
    await expect.poll(() => host.answers.get(4), { timeout: 20_000 }).toMatchObject({ result: { content: [{ type: 'text', text: 'fine' }] } });
    expect(host.child.exitCode).toBeNull();
    host.child.stdin.end();
    expect(await host.exited).toBe(0);
  }, 60_000);

  it('the host’s stdout: the host ends, exit code 0', async () => {
    const host = start();
    host.send(INITIALIZE);
    await expect.poll(() => host.answers.has(0), { timeout: 30_000 }).toBe(true);
    host.child.stdout.destroy();
    host.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ok', arguments: {} } });
    host.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'ok', arguments: {} } });
    expect(await host.exited).toBe(0);
  }, 60_000);
});
