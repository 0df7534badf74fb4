/**
 * With grants, the same reads, variable and request succeed; escapes from a
 * granted directory are still refused; read-only means read-only.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startLocalServer, type LocalServer } from '../helpers/http-server.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const cacheDir = testCacheDir();
const root = mkdtempSync(join(tmpdir(), 'mcp-host-grants-'));
const granted = join(root, 'granted');
mkdirSync(granted);
writeFileSync(join(granted, 'notes.txt'), 'granted content');
writeFileSync(join(root, 'outside.txt'), 'outside content');
symlinkSync(join(root, 'outside.txt'), join(granted, 'link-absolute'));
symlinkSync('../outside.txt', join(granted, 'link-relative'));

let local: LocalServer;
let other: LocalServer;
let readOnly: RunningServer;

beforeAll(async () => {
  local = await startLocalServer('hello from 127.0.0.1');
  other = await startLocalServer('not allowed');
  readOnly = await startServer(componentPath('hostile'), {
    cacheDir,
    env: { SECRET_TOKEN: 'hunter2' },
    args: ['--dir', `${granted}::/data`, '--env', 'SECRET_TOKEN', '--env', 'MODE=test', '--allow-host', `127.0.0.1:${local.port}`],
  });
});
afterAll(async () => {
  await readOnly?.close();
  await local?.close();
  await other?.close();
});

describe('grants', () => {
  it('reads a file in a granted directory', async () => {
    expect(await call(readOnly.client, 'read_file', { path: '/data/notes.txt' })).toEqual({ text: 'granted content', isError: false });
  });

  it('refuses .. and symlink escapes from it', async () => {
    for (const path of ['../outside.txt', '/data/../outside.txt', '/data/link-absolute', '/data/link-relative']) {
      const result = await call(readOnly.client, 'read_file', { path });
      expect(result.isError, path).toBe(true);
      expect(result.text, path).toMatch(/^refused: (not-permitted|no-preopen)/);
    }
    expect(await call(readOnly.client, 'read_file', { path: '/data/notes.txt' })).toMatchObject({ isError: false });
  });

  it('keeps a --dir grant read-only', async () => {
    expect(await call(readOnly.client, 'write_file', { path: '/data/new.txt', text: 'x' })).toEqual({ text: 'refused: read-only', isError: true });
    expect(await call(readOnly.client, 'write_file', { path: '/data/notes.txt', text: 'x' })).toEqual({ text: 'refused: read-only', isError: true });
    expect(readFileSync(join(granted, 'notes.txt'), 'utf8')).toBe('granted content');
  });

  it('passes granted environment variables, and only those', async () => {
    expect(await call(readOnly.client, 'get_env', { name: 'SECRET_TOKEN' })).toEqual({ text: 'hunter2', isError: false });
    expect(await call(readOnly.client, 'get_env', { name: 'MODE' })).toEqual({ text: 'test', isError: false });
    expect(await call(readOnly.client, 'get_env', { name: 'PATH' })).toEqual({ text: '(unset)', isError: false });
  });

  it('lets HTTP reach an allowed host, and no other', async () => {
    expect(await call(readOnly.client, 'fetch', { url: local.url })).toEqual({ text: '200 hello from 127.0.0.1', isError: false });
    expect(local.requests).toBe(1);
    const refused = await call(readOnly.client, 'fetch', { url: other.url });
    expect(refused.isError).toBe(true);
    expect(other.requests).toBe(0);
    expect(await call(readOnly.client, 'fetch', { url: local.url })).toMatchObject({ isError: false });
  });

  it('writes through --dir-rw', async () => {
    const writable = await startServer(componentPath('hostile'), { cacheDir, args: ['--dir-rw', `${granted}::/out`] });
    try {
      expect(await call(writable.client, 'write_file', { path: '/out/written.txt', text: 'from the guest' })).toEqual({ text: 'written', isError: false });
      expect(readFileSync(join(granted, 'written.txt'), 'utf8')).toBe('from the guest');
      expect(await call(writable.client, 'write_file', { path: '/out/../escape.txt', text: 'x' })).toMatchObject({ isError: true });
    } finally {
      await writable.close();
    }
  });

  it('reads the same grants from a policy file', async () => {
    const policy = join(root, 'policy.json');
    writeFileSync(
      policy,
      JSON.stringify({
        dirs: [{ host: './granted', guest: '/data' }],
        env: { SECRET_TOKEN: true, MODE: 'policy' },
        allowHosts: [`127.0.0.1:${local.port}`],
        limits: { timeoutMs: 5000 },
      }),
    );
    const fromPolicy = await startServer(componentPath('hostile'), { cacheDir, env: { SECRET_TOKEN: 'from-env' }, args: ['--policy', policy] });
    try {
      expect(await call(fromPolicy.client, 'read_file', { path: '/data/notes.txt' })).toEqual({ text: 'granted content', isError: false });
      expect(await call(fromPolicy.client, 'get_env', { name: 'SECRET_TOKEN' })).toEqual({ text: 'from-env', isError: false });
      expect(await call(fromPolicy.client, 'get_env', { name: 'MODE' })).toEqual({ text: 'policy', isError: false });
      expect(await call(fromPolicy.client, 'fetch', { url: local.url })).toMatchObject({ isError: false });
      expect(await call(fromPolicy.client, 'write_file', { path: '/data/x.txt', text: 'x' })).toEqual({ text: 'refused: read-only', isError: true });
    } finally {
      await fromPolicy.close();
    }
  });
});
