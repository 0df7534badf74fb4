/**
 * What `mcp-host bundle` refuses, by the real CLI: grants a Worker cannot
 * keep (directories, arguments), a memory cap over the isolate's 128 MB, the
 * host's own state key as a grant, a file that is not a component, and a
 * component whose world needs what a Worker does not serve (upstream MCP
 * servers). Each refusal says why and writes nothing.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { componentPath, root } from '../helpers/fixtures.js';
import { testCacheDir } from '../helpers/server.js';

const bundle = (component: string, args: string[]) => {
  const out = join(mkdtempSync(join(tmpdir(), 'mcp-host-edge-cli-')), 'worker');
  return runCli(['bundle', '--target', 'workers', component, '-o', out, ...args], { env: { MCP_HOST_CACHE_DIR: testCacheDir() } }).then((r) => ({ ...r, out }));
};

function policyFile(policy: object): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mcp-host-edge-policy-')), 'policy.json');
  writeFileSync(path, JSON.stringify(policy));
  return path;
}

describe('mcp-host bundle refuses what a Worker cannot serve', () => {
  const cases: [string, string, string[], RegExp][] = [
    ['a directory grant (policy file)', componentPath('wat'), ['--policy', policyFile({ dirs: [{ host: root, guest: '/app' }] })], /a Worker has no files to grant/],
    ['a directory flag', componentPath('wat'), ['--dir', root], /unknown option '--dir'/],
    ['arguments', componentPath('wat'), ['--', 'x'], /arguments \(-- args, policy "args"\) are not bundled/],
    ['a memory cap over the isolate', componentPath('wat'), ['--max-memory', '200M'], /over the 128 MB a Worker isolate has/],
    ['the state key as a grant', componentPath('wat'), ['--env', 'MCP_HOST_STATE_KEY'], /MCP_HOST_STATE_KEY is the host's own secret/],
    ['a variable name a Worker cannot bind', componentPath('wat'), ['--env', 'A-B=1'], /cannot be a Worker variable/],
    ['an unknown target', componentPath('wat'), ['--target', 'lambda'], /unknown --target "lambda"/],
    ['a core module', join(root, 'test', '.build', 'cache'), [], /cannot read|is not a WebAssembly file|EISDIR|not a/i],
    ['an mcp-client component (upstream servers)', componentPath('client'), [], /imports wasi:mcp\/client/],
  ];
  it('a directory that is not empty and not a bundle (-o .): left alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-host-edge-mine-'));
    writeFileSync(join(dir, 'precious.txt'), 'keep me');
    const result = await runCli(['bundle', '--target', 'workers', componentPath('wat'), '-o', dir], { env: { MCP_HOST_CACHE_DIR: testCacheDir() } });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/is not empty and is not a bundle mcp-host wrote/);
    expect(readFileSync(join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
    // A bundle it wrote is replaced by the next one.
    const out = join(dir, 'worker');
    for (let i = 0; i < 2; i++) {
      const again = await runCli(['bundle', '--target', 'workers', componentPath('wat'), '-o', out], { env: { MCP_HOST_CACHE_DIR: testCacheDir() } });
      expect(again.code, again.stderr).toBe(0);
    }
    expect(existsSync(join(out, 'worker.js'))).toBe(true);
  });

  for (const [what, component, args, message] of cases) {
    it(what, async () => {
      const result = await bundle(component, args);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(existsSync(join(result.out, 'worker.js'))).toBe(false);
    });
  }
});
