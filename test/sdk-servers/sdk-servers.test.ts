/**
 * Issue "Bring your SDK server": four published servers, built from their
 * dist/index.js without any change (fixtures sdk-*), driven side by side
 * with the originals under node: the same tools, the same answers to good
 * and bad calls, the same files written.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { answer, both, FULL_CLIENT, startPair, toolFacts, type Pair } from '../helpers/side-by-side.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';

const entry = (name: string): string => `node_modules/@modelcontextprotocol/server-${name}/dist/index.js`;

/** Call each in turn on both; every answer of the component must be the original's. */
async function sameAnswers(pair: Pair, calls: [string, Record<string, unknown>][]): Promise<unknown[]> {
  const answers: unknown[] = [];
  for (const [name, args] of calls) {
    const [native, component] = await both(pair, name, args);
    expect(component, `${name} ${JSON.stringify(args)}`).toEqual(native);
    answers.push(native);
  }
  return answers;
}

describe('server-memory, unchanged', () => {
  let pair: Pair;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sdk-memory-'));
    mkdirSync(join(dir, 'native'));
    mkdirSync(join(dir, 'component'));
    pair = await startPair('sdk-memory', entry('memory'), {
      nativeEnv: { MEMORY_FILE_PATH: join(dir, 'native', 'memory.jsonl') },
      hostArgs: ['--dir-rw', `${join(dir, 'component')}::/data`, '--env', 'MEMORY_FILE_PATH=/data/memory.jsonl'],
    });
  }, 60_000);
  afterAll(async () => {
    await pair?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the same tools: names, descriptions, schemas, annotations', async () => {
    const [native, component] = await Promise.all([pair.native.listTools(), pair.component.listTools()]);
    expect(native.tools.length).toBeGreaterThan(5);
    expect(toolFacts(component.tools)).toEqual(toolFacts(native.tools));
  });

  it('answers good and bad calls as the original does, and writes the same file through --dir-rw', async () => {
    const answers = await sameAnswers(pair, [
      ['create_entities', { entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] }, { name: 'Engine', entityType: 'machine', observations: [] }] }],
      ['create_relations', { relations: [{ from: 'Ada', to: 'Engine', relationType: 'programmed' }] }],
      ['add_observations', { observations: [{ entityName: 'Ada', contents: ['née Byron', 'Ünïcödé ✓'] }] }],
      ['search_nodes', { query: 'program' }],
      ['open_nodes', { names: ['Ada', 'Nobody'] }],
      ['delete_observations', { deletions: [{ entityName: 'Ada', observations: ['née Byron'] }] }],
      ['read_graph', {}],
      // Bad arguments: the server's own zod checks answer (an isError result), not the host's.
      ['create_entities', { entities: 'not a list' }],
      ['add_observations', { observations: [{ entityName: 'Nobody', contents: ['x'] }] }],
      ['no_such_tool', {}],
    ]);
    expect(JSON.stringify(answers[6])).toContain('Ünïcödé ✓');
    expect((answers[7] as { isError: boolean }).isError).toBe(true);
    const written = readFileSync(join(dir, 'component', 'memory.jsonl'), 'utf8');
    expect(written).toContain('"name":"Ada"');
    expect(written).toBe(readFileSync(join(dir, 'native', 'memory.jsonl'), 'utf8'));
  });

  it('reads the same knowledge-graph resource', async () => {
    const [{ resources }] = await Promise.all([pair.native.listResources()]);
    const uri = resources[0]!.uri;
    expect((await pair.component.listResources()).resources).toEqual(resources);
    expect(await pair.component.readResource({ uri })).toEqual(await pair.native.readResource({ uri }));
  });
});

describe('server-sequential-thinking, unchanged', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair('sdk-sequential-thinking', entry('sequential-thinking'), { nativeEnv: {}, hostArgs: [] });
  }, 60_000);
  afterAll(() => pair?.close());

  it('lists the same tool and reports the same version (its package.json, read through createRequire)', async () => {
    expect(toolFacts((await pair.component.listTools()).tools)).toEqual(toolFacts((await pair.native.listTools()).tools));
    expect(pair.component.getServerVersion()).toEqual(pair.native.getServerVersion());
    expect(pair.native.getServerVersion()?.version).toBe('2026.8.31');
  });

  it('keeps the same history, takes the inputs its schema coerces, and refuses the same bad ones', async () => {
    const thought = (n: unknown, next: unknown, extra: Record<string, unknown> = {}) => ({ thought: `step ${String(n)}`, thoughtNumber: n, totalThoughts: 3, nextThoughtNeeded: next, ...extra });
    await sameAnswers(pair, [
      ['sequentialthinking', thought(1, true)],
      // Strings its zod schema coerces: the host must not refuse them first.
      ['sequentialthinking', thought('2', 'true')],
      ['sequentialthinking', thought(3, false, { isRevision: true, revisesThought: 1 })],
      ['sequentialthinking', thought(2, true, { branchFromThought: 1, branchId: 'alt' })],
      ['sequentialthinking', thought(1, 'no')],
      ['sequentialthinking', { thought: 'missing fields' }],
      ['sequentialthinking', thought(0, false)],
    ]);
  });
});

/** Every file under `dir` with its content (directories as null), for comparing trees. */
function tree(dir: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      const stats = statSync(path, { throwIfNoEntry: false });
      if (stats?.isDirectory()) {
        out[relative(dir, path)] = null;
        walk(path);
      } else if (stats) out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('server-filesystem, unchanged, with the same allowed directory', () => {
  let pair: Pair;
  let base: string;
  let allowed: string;
  let pristine: string;
  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'sdk-fs-'));
    allowed = join(base, 'allowed');
    pristine = join(base, 'pristine');
    mkdirSync(join(pristine, 'docs', 'deep'), { recursive: true });
    writeFileSync(join(pristine, 'notes.txt'), 'one\ntwo\nthree\nfour\n');
    writeFileSync(join(pristine, 'docs', 'readme.md'), '# Title\n\nBody with ünïcode.\n');
    writeFileSync(join(pristine, 'docs', 'deep', 'data.json'), '{"a":1}\n');
    writeFileSync(join(base, 'secret.txt'), 'outside the allowed directory\n');
    cpSync(pristine, allowed, { recursive: true });
    // A link out of the allowed directory: the server's own check must refuse it in both.
    symlinkSync(join(base, 'secret.txt'), join(allowed, 'escape.txt'));
    pair = await startPair('sdk-filesystem', entry('filesystem'), { serverArgs: [allowed], hostArgs: ['--dir-rw', `${allowed}::${allowed}`] });
  }, 60_000);
  afterAll(async () => {
    await pair?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('lists the same tools', async () => {
    expect(toolFacts((await pair.component.listTools()).tools)).toEqual(toolFacts((await pair.native.listTools()).tools));
  });

  it('answers the same inside the directory', async () => {
    const answers = await sameAnswers(pair, [
      ['list_allowed_directories', {}],
      ['read_text_file', { path: join(allowed, 'notes.txt') }],
      ['read_text_file', { path: join(allowed, 'notes.txt'), head: 2 }],
      ['read_text_file', { path: join(allowed, 'notes.txt'), tail: 2 }],
      ['read_multiple_files', { paths: [join(allowed, 'notes.txt'), join(allowed, 'docs', 'readme.md'), join(allowed, 'missing.txt')] }],
      ['list_directory', { path: join(allowed, 'docs') }],
      ['list_directory_with_sizes', { path: join(allowed, 'docs'), sortBy: 'size' }],
      ['directory_tree', { path: join(allowed, 'docs') }],
      ['search_files', { path: allowed, pattern: '**/*.md' }],
      ['read_media_file', { path: join(allowed, 'docs', 'deep', 'data.json') }],
      ['read_text_file', { path: 'notes.txt' }],
      ['read_text_file', {}],
    ]);
    expect(JSON.stringify(answers[1])).toContain('three');
  });

  it('refuses the same paths outside it: a path, a .. escape, a symlink out', async () => {
    const answers = await sameAnswers(pair, [
      ['read_text_file', { path: join(base, 'secret.txt') }],
      ['read_text_file', { path: join(allowed, '..', 'secret.txt') }],
      ['read_text_file', { path: join(allowed, 'escape.txt') }],
      ['write_file', { path: join(base, 'planted.txt'), content: 'x' }],
      ['list_directory', { path: base }],
    ]);
    for (const a of answers) {
      expect((a as { isError: boolean }).isError).toBe(true);
      expect(JSON.stringify(a)).not.toContain('outside the allowed directory');
    }
  });

  it('changes the directory the same way (each run from the same starting tree)', async () => {
    const calls: [string, Record<string, unknown>][] = [
      ['write_file', { path: join(allowed, 'new.txt'), content: 'fresh\nfile\n' }],
      ['edit_file', { path: join(allowed, 'notes.txt'), edits: [{ oldText: 'two', newText: 'TWO' }], dryRun: true }],
      ['edit_file', { path: join(allowed, 'notes.txt'), edits: [{ oldText: 'two', newText: 'TWO' }] }],
      ['edit_file', { path: join(allowed, 'notes.txt'), edits: [{ oldText: 'absent', newText: 'x' }] }],
      ['create_directory', { path: join(allowed, 'made', 'nested') }],
      ['move_file', { source: join(allowed, 'new.txt'), destination: join(allowed, 'made', 'moved.txt') }],
      ['move_file', { source: join(allowed, 'docs', 'readme.md'), destination: join(allowed, 'notes.txt') }],
      ['write_file', { path: join(allowed, 'no-content.txt') }],
    ];
    const reset = (): void => {
      for (const name of readdirSync(allowed)) if (name !== 'escape.txt') rmSync(join(allowed, name), { recursive: true, force: true });
      cpSync(pristine, allowed, { recursive: true });
    };
    reset();
    const native: unknown[] = [];
    for (const [name, args] of calls) native.push(await answer(pair.native, name, args));
    const nativeTree = tree(allowed);
    reset();
    const component: unknown[] = [];
    for (const [name, args] of calls) component.push(await answer(pair.component, name, args));
    expect(component).toEqual(native);
    expect(tree(allowed)).toEqual(nativeTree);
    expect(nativeTree['made/moved.txt']).toBe('fresh\nfile\n');
    expect(nativeTree['notes.txt']).toContain('TWO');
  });

  it('is held by the sandbox where its own check is bypassed (allowed "/", granted only the directory)', async () => {
    let open: RunningServer | undefined;
    try {
      open = await startServer(componentPath('sdk-filesystem'), { cacheDir: testCacheDir(), args: ['--dir', `${allowed}::${allowed}`, '--', '/'] });
      const secret = await answer(open.client, 'read_text_file', { path: join(base, 'secret.txt') });
      expect(secret).toMatchObject({ isError: true });
      expect(JSON.stringify(secret)).toContain('ENOENT');
      expect(JSON.stringify(secret)).not.toContain('outside the allowed directory');
      const hostFile = await answer(open.client, 'read_text_file', { path: '/etc/passwd' });
      expect(JSON.stringify(hostFile)).not.toContain('root:');
      // Granted read-only: the server's write is refused by the sandbox.
      const write = await answer(open.client, 'write_file', { path: join(allowed, 'x.txt'), content: 'x' });
      expect(write).toMatchObject({ isError: true });
      expect(readdirSync(allowed)).not.toContain('x.txt');
      // The link out, followed by the sandbox itself: refused.
      expect(JSON.stringify(await answer(open.client, 'read_text_file', { path: join(allowed, 'escape.txt') }))).not.toContain('outside the allowed directory');
    } finally {
      await open?.close();
    }
  });
});

describe('server-everything, unchanged', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair('sdk-everything', entry('everything'), { capabilities: FULL_CLIENT });
  }, 60_000);
  afterAll(() => pair?.close());

  it('lists the same tools and prompts', async () => {
    const [native, component] = await Promise.all([pair.native.listTools(), pair.component.listTools()]);
    expect(native.tools.length).toBeGreaterThan(10);
    expect(toolFacts(component.tools)).toEqual(toolFacts(native.tools));
    expect((await pair.component.listPrompts()).prompts).toEqual((await pair.native.listPrompts()).prompts);
  });

  it('answers the same calls, good and bad', async () => {
    await sameAnswers(pair, [
      ['echo', { message: 'hello ✓' }],
      ['get-sum', { a: 2, b: 40 }],
      ['get-tiny-image', {}],
      ['get-annotated-message', { messageType: 'error', includeImage: true }],
      ['get-annotated-message', { messageType: 'debug', includeImage: false }],
      ['get-structured-content', { location: 'Chicago' }],
      ['echo', {}],
      ['get-sum', { a: 'two', b: 1 }],
      ['no-such-tool', {}],
    ]);
    expect(await pair.component.getPrompt({ name: 'simple-prompt' })).toEqual(await pair.native.getPrompt({ name: 'simple-prompt' }));
  });

  it('sees only what is granted: get-env shows an empty environment', async () => {
    const env = await answer(pair.component, 'get-env', {});
    expect(env).toMatchObject({ isError: false, content: [{ type: 'text', text: '{}' }] });
  });

  it('gzips a data: URL as the original does (node:zlib on fflate, fetch of data: URLs), and fetches no host it was not granted', async () => {
    const args = { name: 'hello.gz', data: `data:text/plain;base64,${Buffer.from('hello, gzip ✓').toString('base64')}`, outputType: 'resource' };
    const [native, component] = (await both(pair, 'gzip-file-as-resource', args)) as { content: { resource: { blob: string } }[] }[];
    // The bytes differ (zlib and fflate write different headers); what they hold is the same.
    const text = (a: { content: { resource: { blob: string } }[] }): string => gunzipSync(Buffer.from(a.content[0]!.resource.blob, 'base64')).toString('utf8');
    expect(text(component!)).toBe('hello, gzip ✓');
    expect(text(component!)).toBe(text(native!));
    expect({ ...component, content: [] }).toEqual({ ...native, content: [] });
    const denied = await answer(pair.component, 'gzip-file-as-resource', { ...args, data: 'https://example.com/file.txt' });
    expect(denied).toMatchObject({ isError: true });
    // And the instance still serves.
    expect(await answer(pair.component, 'echo', { message: 'after' })).toMatchObject({ isError: false });
  });
});

describe('a server written with SDK v2 (@modelcontextprotocol/server), unchanged', () => {
  let pair: Pair;
  let data: string;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'sdk-v2-'));
    writeFileSync(join(data, 'motd.txt'), 'Welcome aboard\n');
    pair = await startPair('sdk-v2', 'test/fixtures/sdk/v2-server.mjs', {
      serverArgs: [data],
      nativeEnv: { GREETING: 'Hi' },
      hostArgs: ['--dir', `${data}::${data}`, '--env', 'GREETING=Hi'],
    });
  }, 60_000);
  afterAll(async () => {
    await pair?.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('starts as under node: argv, environment and a file read by its top-level await', async () => {
    expect(pair.component.getInstructions()).toBe('Say Hi.');
    expect(pair.component.getInstructions()).toBe(pair.native.getInstructions());
    expect(toolFacts((await pair.component.listTools()).tools)).toEqual(toolFacts((await pair.native.listTools()).tools));
    const [files] = await sameAnswers(pair, [['files', {}]]);
    expect(JSON.stringify(files)).toContain('motd.txt|Welcome aboard|home=true');
  });

  it('answers the same: coerced and bad arguments, hashes, a thrown error, an unknown tool, a prompt, a resource', async () => {
    await sameAnswers(pair, [
      ['greet', { name: 'Ada', times: '2' }],
      ['greet', { name: '' }],
      ['greet', { name: 'Ada', times: 9 }],
      ['digest', { text: 'abc ✓' }],
      ['fail', { why: 'it must' }],
      ['nope', {}],
    ]);
    expect(await pair.component.getPrompt({ name: 'ask', arguments: { topic: 'wasm' } })).toEqual(await pair.native.getPrompt({ name: 'ask', arguments: { topic: 'wasm' } }));
    expect(await pair.component.readResource({ uri: 'fixture://motd' })).toEqual(await pair.native.readResource({ uri: 'fixture://motd' }));
  });
});

describe("SDK v1's low-level Server, unchanged: its JSON-RPC errors are the client's", () => {
  for (const fixture of ['sdk-v1-low-level', 'sdk-v1-snapshot'] as const) {
    it(`${fixture === 'sdk-v1-snapshot' ? 'built with --snapshot (its top level run at build time)' : 'started at run time'}: the same tools, results and errors`, async () => {
      const pair = await startPair(fixture, 'test/fixtures/sdk/v1-low-level.mjs');
      try {
        expect((await pair.component.listTools()).tools).toEqual((await pair.native.listTools()).tools);
        const answers = await sameAnswers(pair, [
          ['add', { a: 2, b: 3 }],
          ['add', { a: 'x' }],
          ['subtract', { a: 1, b: 1 }],
        ]);
        expect(answers[1]).toMatchObject({ error: { code: -32602 } });
        expect(answers[2]).toMatchObject({ error: { code: -32601 } });
      } finally {
        await pair.close();
      }
    }, 60_000);
  }
});

describe('a server on zod 3 with the npm packages servers use (yargs, chalk, minimatch, diff, glob), unchanged', () => {
  let pair: Pair;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'sdk-deps-'));
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    for (const file of ['a/x.md', 'a/b/y.md', 'z.txt', 'top.md']) writeFileSync(join(root, file), file);
    const serverArgs = ['--root', root, '--prefix', '#'];
    pair = await startPair('sdk-v1-deps', 'test/fixtures/sdk/v1-deps.mjs', { serverArgs, hostArgs: ['--dir', `${root}::${root}`] });
  }, 60_000);
  afterAll(async () => {
    await pair?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('parses its argv with yargs and answers the same', async () => {
    const answers = await sameAnswers(pair, [
      ['match', { path: 'docs/deep/file.md', pattern: '**/*.md' }],
      ['match', { path: 'file.txt', pattern: '*.md' }],
      ['patch', { before: 'one\ntwo\n', after: 'one\nthree\n' }],
      ['find', { pattern: '**/*.md' }],
      ['find', { pattern: '' }],
      ['match', { path: 1 }],
    ]);
    expect(JSON.stringify(answers[0])).toContain('# true');
    expect(JSON.stringify(answers[3])).toContain('a/b/y.md');
  });
});
