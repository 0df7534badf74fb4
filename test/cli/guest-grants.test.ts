/**
 * Grants usable from code (issue 13, item 5): the guest library's readTextFile,
 * listDir, writeFile, env and requireEnv against real --dir, --dir-rw, --env
 * and --env-optional grants. What is not granted is refused with a message
 * naming the path or the flag, and the server keeps serving.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

describe('guest helpers for granted files and environment variables', () => {
  const data = mkdtempSync(join(tmpdir(), 'mcp-host-data-'));
  const out = mkdtempSync(join(tmpdir(), 'mcp-host-out-'));
  let server: RunningServer;

  beforeAll(async () => {
    writeFileSync(join(data, 'a.txt'), 'granted text');
    server = await startServer(componentPath('guest-grants'), {
      cacheDir: testCacheDir(),
      args: ['--dir', `${data}::/data`, '--dir-rw', `${out}::/out`, '--env-optional', 'SET_ONE', '--env-optional', 'UNSET_ONE'],
      env: { SET_ONE: 'one' },
    });
  });
  afterAll(() => server.close());

  it('reads and lists a granted directory', async () => {
    expect(await call(server.client, 'read', { path: '/data/a.txt' })).toEqual({ text: 'granted text', isError: false });
    const listed = await call(server.client, 'list', { path: '/data' });
    expect(JSON.parse(listed.text)).toEqual([{ name: 'a.txt', type: 'regular-file' }]);
  });

  it('writes into a --dir-rw grant, and is refused in a read-only one or outside every grant', async () => {
    expect(await call(server.client, 'write', { path: '/out/b.txt', text: 'written text' })).toEqual({ text: 'written', isError: false });
    expect(readFileSync(join(out, 'b.txt'), 'utf8')).toBe('written text');
    const readOnly = await call(server.client, 'write', { path: '/data/c.txt', text: 'x' });
    expect(readOnly.isError).toBe(true);
    expect(readOnly.text).toMatch(/\/data\/c\.txt: /);
    const outside = await call(server.client, 'read', { path: '/etc/passwd' });
    expect(outside).toEqual({ text: expect.stringMatching(/\/etc\/passwd is not in a granted directory \(granted: \/data, \/out\)/), isError: true });
    expect(await call(server.client, 'read', { path: '/data/a.txt' })).toEqual({ text: 'granted text', isError: false });
  });

  it('reads --env-optional variables: the value when set, absent when not; requireEnv names the flag', async () => {
    expect(await call(server.client, 'env', { name: 'SET_ONE' })).toEqual({ text: 'one', isError: false });
    expect(await call(server.client, 'env', { name: 'UNSET_ONE' })).toEqual({ text: '(absent)', isError: false });
    expect(await call(server.client, 'require_env', { name: 'UNSET_ONE' })).toEqual({
      text: expect.stringMatching(/environment variable UNSET_ONE is not granted: run with --env UNSET_ONE/),
      isError: true,
    });
    expect(await call(server.client, 'env', { name: 'SET_ONE' })).toEqual({ text: 'one', isError: false });
  });
});
