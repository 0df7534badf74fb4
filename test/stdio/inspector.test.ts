/** The official MCP Inspector CLI drives `mcp-host run` over stdio. */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliPath, componentPath } from '../helpers/fixtures.js';
import { testCacheDir } from '../helpers/server.js';

const run = promisify(execFile);
const inspector = join(dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector-cli/package.json')), 'build', 'index.js');
const env = { PATH: process.env.PATH ?? '', MCP_HOST_CACHE_DIR: testCacheDir() };

async function inspect(...args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, [inspector, process.execPath, cliPath, 'run', componentPath('tools'), ...args], {
    // inspector-cli 1.0.3 checks for `../package.json` relative to the working
    // directory but imports it relative to its own module: run it from its
    // build directory so the two agree.
    cwd: dirname(inspector),
    env,
  });
  return JSON.parse(stdout);
}

describe('MCP Inspector CLI', () => {
  it('lists the tools', async () => {
    const result = (await inspect('--method', 'tools/list')) as { tools: { name: string }[] };
    expect(result.tools.map((t) => t.name)).toEqual(['echo', 'add', 'count', 'content_kinds', 'fail']);
  });

  it('calls a tool with arguments', async () => {
    const result = await inspect('--method', 'tools/call', '--tool-name', 'add', '--tool-arg', 'a=20', 'b=22');
    expect(result).toMatchObject({ structuredContent: { sum: 42 } });
  });
});
