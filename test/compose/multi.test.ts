/**
 * Several components served as one: the union of what they offer, each in
 * its own sandbox and instance; collisions refused, or namespaced.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { runCli } from '../helpers/cli.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const cacheDir = testCacheDir();
const dir = mkdtempSync(join(tmpdir(), 'mcp-host-multi-'));
let both: RunningServer;

beforeAll(async () => {
  both = await startServer(componentPath('tools'), { cacheDir, args: [componentPath('notes')] });
});
afterAll(() => both?.close());

describe('two components, one server', () => {
  it('lists both sets and calls each', async () => {
    const { tools } = await both.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['echo', 'add', 'count', 'content_kinds', 'fail', 'add_note', 'count_notes', 'enable_extras']);
    expect(await call(both.client, 'echo', { text: 'from tools' })).toEqual({ text: 'from tools', isError: false });
    expect(await call(both.client, 'count_notes')).toEqual({ text: '1', isError: false });
    expect((await both.client.listPrompts()).prompts.map((p) => p.name)).toEqual(['summarize']);
    expect(await both.client.readResource({ uri: 'notes://welcome' })).toMatchObject({ contents: [{ text: 'Welcome to the notes example.' }] });
    expect(both.client.getServerVersion()).toMatchObject({ name: 'mcp-host', title: 'tools-example + notes-example' });
  });

  it('carries each component’s notifications through', async () => {
    let changed = 0;
    both.client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void changed++);
    await call(both.client, 'add_note', { id: 'multi', text: 'x' });
    await both.client.ping();
    expect(changed).toBe(1);
  });

  it('keeps one component’s fault to itself', async () => {
    expect((await call(both.client, 'fail')).isError).toBe(true);
    expect(await call(both.client, 'count_notes')).toEqual({ text: '2', isError: false });
  });
});

describe('the command line', () => {
  it('refuses component files and a manifest together', async () => {
    const result = await runCli(['run', componentPath('tools'), '--manifest', join(dir, 'x.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/pass component files or --manifest, not both/);
  });
});

describe('name collisions', () => {
  const manifest = (namespace: boolean): string => {
    const path = join(dir, `manifest-${namespace}.json`);
    writeFileSync(path, JSON.stringify({ namespace, components: [{ path: componentPath('tools'), name: 'left' }, { path: componentPath('tools'), name: 'right' }] }));
    return path;
  };

  it('are refused at start, naming the names and both components', async () => {
    const result = await runCli(['run', '--manifest', manifest(false)], { env: { MCP_HOST_CACHE_DIR: cacheDir } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the components offer the same names: tool "echo" \(left, right\); tool "add" \(left, right\)/);
    expect(result.stderr).toMatch(/pass --namespace/);
  });

  it.each([
    ['--namespace', ['--manifest', manifest(false), '--namespace']],
    ['"namespace": true', ['--manifest', manifest(true)]],
  ])('are namespaced with %s', async (_how, args) => {
    const server = await startServer(null, { cacheDir, args });
    try {
      const names = (await server.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('left.echo');
      expect(names).toContain('right.echo');
      expect(await call(server.client, 'right.echo', { text: 'namespaced' })).toEqual({ text: 'namespaced', isError: false });
      await expect(server.client.callTool({ name: 'echo', arguments: { text: 'x' } })).rejects.toThrow(/Unknown tool: echo/);
    } finally {
      await server.close();
    }
  });
});
