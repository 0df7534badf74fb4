/**
 * Nothing about the host is visible without a grant: no working directory,
 * no terminal, no environment variable but the granted ones, no host path
 * in an error. The host's own cwd, environment and stdio are the test
 * runner's, so each would show if it leaked.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath, root } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const cacheDir = testCacheDir();
const base = mkdtempSync(join(tmpdir(), 'mcp-host-facts-'));
const granted = join(base, 'granted');
mkdirSync(granted);
writeFileSync(join(granted, 'notes.txt'), 'granted content');

let bare: RunningServer;
let withGrants: RunningServer;

beforeAll(async () => {
  [bare, withGrants] = await Promise.all([
    startServer(componentPath('fs-probe'), { cacheDir, env: { SECRET_TOKEN: 'hunter2', HOME: base, USER: 'someone' } }),
    startServer(componentPath('fs-probe'), { cacheDir, env: { SECRET_TOKEN: 'hunter2' }, args: ['--dir', `${granted}::/data`, '--env', 'MODE=test'] }),
  ]);
});
afterAll(async () => {
  await bare?.close();
  await withGrants?.close();
});

const facts = async (server: RunningServer): Promise<{ cwd: string | null; env: [string, string][]; args: string[]; terminals: boolean[]; preopens: string[] }> => {
  const result = await call(server.client, 'host_facts');
  expect(result.isError).toBe(false);
  return JSON.parse(result.text);
};

describe('host facts', () => {
  it('gives no initial cwd, no terminal, no environment and no preopen without grants', async () => {
    expect(await facts(bare)).toEqual({ cwd: null, env: [], args: ['fs-probe'], terminals: [false, false, false], preopens: [] });
  });

  it('gives only the granted variable and directory with grants, and still no cwd', async () => {
    expect(await facts(withGrants)).toEqual({ cwd: null, env: [['MODE', 'test']], args: ['fs-probe'], terminals: [false, false, false], preopens: ['/data'] });
  });

  it('names no host path in a refusal', async () => {
    for (const path of ['../x', '/etc/passwd', 'missing.txt', 'notes.txt/x']) {
      const result = await call(withGrants.client, 'fs', { op: 'open', path });
      expect(result.isError, path).toBe(true);
      expect(result.text, path).toMatch(/^refused: [a-z-]+$/);
      expect(result.text).not.toContain(base);
      expect(result.text).not.toContain(root);
    }
    expect(await call(withGrants.client, 'fs', { op: 'open', path: 'notes.txt' })).toEqual({ text: 'ok: granted content', isError: false });
  });
});
