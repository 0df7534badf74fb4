/**
 * Grants that undo each other are refused before anything runs: a read-only
 * directory that is, or is inside, a writable grant (it would be writable
 * through that one), and one directory granted twice, however it is named
 * (a symlink, `.`, a policy file and a flag). A writable directory inside a
 * read-only one is fine, and stays the only writable part.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const cacheDir = testCacheDir();
const base = mkdtempSync(join(tmpdir(), 'mcp-host-overlap-'));
const outer = join(base, 'outer');
const inner = join(outer, 'ro');
mkdirSync(inner, { recursive: true });
writeFileSync(join(inner, 'file.txt'), 'original');
symlinkSync(outer, join(base, 'outer-link'));

/** `mcp-host run` with these grants: it must exit with one line naming both grants, having run nothing. */
async function refused(args: string[]): Promise<string> {
  const result = await runCli(['run', componentPath('hostile'), ...args], { env: { MCP_HOST_CACHE_DIR: cacheDir } });
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(readFileSync(join(inner, 'file.txt'), 'utf8')).toBe('original');
  return result.stderr.trim().split('\n').at(-1)!;
}

describe('overlapping grants', () => {
  it('refuses a read-only grant inside a writable one, naming both and the fix', async () => {
    expect(await refused(['--dir-rw', `${outer}::/data`, '--dir', `${inner}::/ro`])).toBe(
      `mcp-host: ${inner} (at /ro, read-only, from --dir) is inside ${outer} (at /data, writable, from --dir-rw), so the component could write it at /data/ro. ` +
        'Drop the read-only grant, or grant writable only directories that do not contain it',
    );
    // Through a symlinked name of the writable one, and deeper down.
    mkdirSync(join(inner, 'deep'), { recursive: true });
    expect(await refused(['--dir', `${join(inner, 'deep')}::/deep`, '--dir-rw', `${join(base, 'outer-link')}::/data`])).toMatch(
      /^mcp-host: \S+\/ro\/deep \(at \/deep, read-only, from --dir\) is inside \S+\/outer \(at \/data, writable, from --dir-rw\), so the component could write it at \/data\/ro\/deep\. /,
    );
  });

  it('refuses one directory granted twice, by any name or source', async () => {
    expect(await refused(['--dir-rw', `${outer}::/data`, '--dir', `${join(base, 'outer-link')}::/ro`])).toBe(
      `mcp-host: a directory is granted twice: ${outer} (at /ro, read-only, from --dir) and ${outer} (at /data, writable, from --dir-rw). Grant each directory once (writable if the component must write it)`,
    );
    expect(await refused(['--dir', `${outer}::/a`, '--dir', `${outer}/.::/b`])).toMatch(/ is granted twice: \S+ \(at \/a, read-only, from --dir\) and \S+ \(at \/b, read-only, from --dir\)\. /);
    const policy = join(base, 'policy.json');
    writeFileSync(policy, JSON.stringify({ dirs: [{ host: './outer', guest: '/data', writable: true }] }));
    expect(await refused(['--policy', policy, '--dir', `${inner}::/ro`])).toBe(
      `mcp-host: ${inner} (at /ro, read-only, from --dir) is inside ${outer} (at /data, writable, from ${policy}: dirs), so the component could write it at /data/ro. ` +
        'Drop the read-only grant, or grant writable only directories that do not contain it',
    );
  });

  it('serves a writable grant inside a read-only one, writable there only', async () => {
    const server = await startServer(componentPath('hostile'), { cacheDir, args: ['--dir', `${outer}::/data`, '--dir-rw', `${inner}::/ro`] });
    try {
      expect(await call(server.client, 'write_file', { path: '/data/new.txt', text: 'x' })).toEqual({ text: 'refused: read-only', isError: true });
      expect(await call(server.client, 'write_file', { path: '/ro/new.txt', text: 'x' })).toMatchObject({ isError: false });
      expect(readFileSync(join(inner, 'new.txt'), 'utf8')).toBe('x');
      expect(existsSync(join(outer, 'new.txt'))).toBe(false);
    } finally {
      await server.close();
    }
  });
});
