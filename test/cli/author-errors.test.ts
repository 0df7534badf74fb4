/**
 * The author mistakes of issue 13, one test per row: each gets a message
 * naming the tool (or file:line) and the field (or the fix), and a server
 * that starts keeps serving after a bad result.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { componentPath, root } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const dir = mkdtempSync(join(tmpdir(), 'mcp-host-author-'));

async function build(name: string, source: string): Promise<string> {
  const entry = join(dir, `${name}.ts`);
  writeFileSync(entry, source);
  const result = await runCli(['build', entry, '-o', join(dir, `${name}.wasm`)], { timeoutMs: 120_000 });
  expect(result.code).toBe(1);
  return result.stderr;
}

describe('mcp-host build: a misdeclared server names the tool and the field', () => {
  let stderr: string;
  beforeAll(async () => {
    stderr = await build(
      'fields',
      `import { defineServer } from 'mcp-host/guest';

export const { run, handlers } = defineServer({
  name: 'fields',
  version: '1.0.0',
  tools: [
    { name: 'typo', descripton: 'd', run: () => 'x' },
    { name: 'lowercase', description: 'd', inputschema: { type: 'object' }, run: () => 'x' },
    { name: 'other_sdk', description: 'd', handler: () => 'x' },
    { name: 'wrong_type', description: 42, run: () => 'x' },
  ] as any,
  prompts: [{ name: 'p', get: 'not a function' }] as any,
});
`,
    );
  }, 150_000);

  it('descripton: unknown field, did you mean description, at the defineServer call', () => {
    expect(stderr).toMatch(/fields\.ts:3:\d+: mcp-host\/guest: \d+ problems in the server declaration/);
    expect(stderr).toMatch(/tool "typo": unknown field "descripton" \(did you mean "description"\?\)/);
  });

  it('inputschema: unknown field, did you mean inputSchema (not silently ignored)', () => {
    expect(stderr).toMatch(/tool "lowercase": unknown field "inputschema" \(did you mean "inputSchema"\?\)/);
  });

  it('handler instead of run: did you mean run', () => {
    expect(stderr).toMatch(/tool "other_sdk": unknown field "handler" \(did you mean "run"\?\)/);
  });

  it('wrong types and missing fields', () => {
    expect(stderr).toMatch(/tool "wrong_type": field "description" must be a string, not number 42/);
    expect(stderr).toMatch(/prompt "p": field "get" must be a function, not the string "not a function"/);
  });
});

describe('mcp-host build: what cannot run in a component says what to do', () => {
  it('import of a Node builtin names it, the import line and the helpers to use', async () => {
    const stderr = await build(
      'builtin',
      `import fs from 'node:fs';
import { defineServer } from 'mcp-host/guest';
export const { run, handlers } = defineServer({ name: 'b', version: '1', tools: [{ name: 't', description: 'd', run: () => fs.readFileSync('/x', 'utf8') }] });
`,
    );
    expect(stderr).toMatch(/builtin\.ts:1:\d+: "node:fs" is a Node builtin, and a component has no Node APIs/);
    expect(stderr).toMatch(/--dir HOST::\/guest.*readTextFile.*from 'mcp-host\/guest'/);
  });

  it('a bare builtin name that is an installed package (the events polyfill) bundles as that package', async () => {
    const project = mkdtempSync(join(tmpdir(), 'mcp-host-polyfill-'));
    mkdirSync(join(project, 'node_modules', 'events'), { recursive: true });
    writeFileSync(join(project, 'node_modules', 'events', 'package.json'), JSON.stringify({ name: 'events', version: '3.3.0', main: 'events.js' }));
    writeFileSync(join(project, 'node_modules', 'events', 'events.js'), 'module.exports = { EventEmitter: class PolyfilledEmitter {} };\n');
    writeFileSync(join(project, 'entry.ts'), "import { EventEmitter } from 'events';\nexport const emitter = new EventEmitter();\n");
    const { bundleEntry } = (await import(pathToFileURL(join(root, 'dist', 'host', 'toolchain', 'bundle.js')).href)) as typeof import('../../host/toolchain/bundle.js');
    const { code } = await bundleEntry({ entry: join(project, 'entry.ts') });
    expect(code).toContain('PolyfilledEmitter');
  });

  for (const [name, call, line] of [
    ['random', 'Math.random()', 'const seed = Math.random();'],
    ['crypto', 'crypto.getRandomValues()', 'const seed = crypto.getRandomValues(new Uint8Array(4))[0];'],
    ['timer', 'setTimeout()', 'let seed = 0;\nsetTimeout(() => (seed = 1), 10);'],
  ] as const) {
    it(`${call} at module top level: reported at the source line, with the fix`, async () => {
      const stderr = await build(
        `top-${name}`,
        `import { defineServer } from 'mcp-host/guest';

${line}
export const { run, handlers } = defineServer({ name: 'r', version: '1', tools: [{ name: 't', description: 'd', run: () => String(seed) }] });
`,
      );
      const at = line.split('\n').length + 2;
      expect(stderr).toContain(`top-${name}.ts:${at}:`);
      expect(stderr).toContain(`${call} cannot run at module top level`);
      expect(stderr).toMatch(/Move it into a handler/);
      expect(stderr).not.toMatch(/wasm backtrace|entry\.js/);
    }, 150_000);
  }
});

describe('mcp-host run: results of the wrong shape, MCP-shaped content, async handlers, process.env', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(componentPath('mistakes'), { cacheDir: testCacheDir(), args: ['--env', 'GRANTED=yes'], env: { GRANTED: 'yes' } });
  });
  afterAll(() => server.close());

  const stillServing = async (): Promise<void> => expect(await call(server.client, 'ok')).toEqual({ text: 'ok', isError: false });

  it('a tool returning 42 gets an error result naming the tool and the shapes it may return', async () => {
    const result = await call(server.client, 'forty_two');
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^tool "forty_two" returned 42: a tool returns a string, a content block/);
    await stillServing();
  });

  it('a tool returning { answer: 42 } (and undefined, and an unknown block type) gets an error result, not empty content', async () => {
    expect(await call(server.client, 'answer_object')).toEqual({ text: expect.stringMatching(/^tool "answer_object" returned \{"answer":42\}/), isError: true });
    expect(await call(server.client, 'nothing')).toEqual({ text: expect.stringMatching(/^tool "nothing" returned undefined/), isError: true });
    expect(await call(server.client, 'bad_block')).toEqual({ text: expect.stringMatching(/^tool "bad_block" returned content\[0\] has unknown type "video"/), isError: true });
    expect(await call(server.client, 'bad_helper_block')).toEqual({ text: expect.stringMatching(/^tool "bad_helper_block" returned content\[0\]\.val\.text must be a string, not 42/), isError: true });
    expect(await call(server.client, 'bad_annotations')).toEqual({
      text: expect.stringMatching(/^tool "bad_annotations" returned content\[0\]\.annotations\.priority must be a number from 0 to 1, not "high"/),
      isError: true,
    });
    expect(await call(server.client, 'async_wrong')).toEqual({ text: expect.stringMatching(/^tool "async_wrong" returned 42/), isError: true });
    await stillServing();
  });

  it('MCP-shaped content works: no trap, no restart', async () => {
    expect(await call(server.client, 'mcp_text')).toEqual({ text: 'mcp text', isError: false });
    expect(await call(server.client, 'mcp_block')).toEqual({ text: 'one block', isError: false });
    expect(await call(server.client, 'helper_block')).toEqual({ text: 'helper block', isError: false });
    expect(await call(server.client, 'async_mcp')).toEqual({ text: 'later', isError: false });
    const all = await server.client.callTool({ name: 'mcp_all', arguments: {} }, CallToolResultSchema);
    expect(all.content).toEqual([
      { type: 'text', text: 't' },
      { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
      { type: 'audio', data: 'iVBORw0KGgo=', mimeType: 'audio/wav' },
      { type: 'resource', resource: { uri: 'mem://a', mimeType: 'text/plain', text: 'embedded' } },
      { type: 'resource_link', uri: 'mem://b', name: 'b', size: 3 },
    ]);
    expect(server.stderr()).not.toMatch(/trap|restart/i);
    await stillServing();
  });

  it('an async resource read, prompt get and completion answer', async () => {
    expect(await server.client.readResource({ uri: 'mem://async' })).toEqual({
      contents: [{ uri: 'mem://async', mimeType: 'text/plain', text: 'read later' }],
    });
    expect(await server.client.getPrompt({ name: 'async_prompt', arguments: { topic: 'fruit' } })).toEqual({
      messages: [{ role: 'user', content: { type: 'text', text: 'about fruit' } }],
    });
    const completion = await server.client.complete({ ref: { type: 'ref/prompt', name: 'async_prompt' }, argument: { name: 'topic', value: 'apr' } });
    expect(completion.completion.values).toEqual(['apricots']);
  });

  it('a resource read of the wrong shape is an error naming the resource', async () => {
    await expect(server.client.readResource({ uri: 'mem://wrong' })).rejects.toThrow(/resource "mem:\/\/wrong" returned 42: a read returns a string/);
    await stillServing();
  });

  it('process.env in a handler reads a granted variable, and is undefined for one not granted', async () => {
    expect(await call(server.client, 'env', { name: 'GRANTED' })).toEqual({ text: 'yes', isError: false });
    expect(await call(server.client, 'env', { name: 'PATH' })).toEqual({ text: 'undefined', isError: false });
    await stillServing();
  });
});
