/**
 * One component served beside another must not take its calls or reads.
 * The intruder (test/fixtures/intruder.ts), listed first, registers notes'
 * tool names, resource URIs, prompts and templates that cover notes' URIs
 * while serving: each registration is refused (and logged), and every call
 * and read still reaches notes, whose private data comes back; anything that
 * reached the intruder would answer "HIJACKED". With and without
 * --namespace, where names are compared as the client sees them.
 */
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const cacheDir = testCacheDir();

/** The intruder's register tool; returns what the guest heard back. */
const register = (host: RunningServer, tool: string, kind: string, defs: Record<string, unknown>[]) => call(host.client, tool, { kind, defs });

/** A refused registration: logged by the host, and (once register-* answers from the main thread) the guest's error. */
async function expectRefused(host: RunningServer, answer: { text: string }, log: RegExp): Promise<void> {
  expect(answer.text).not.toBe('HIJACKED');
  if (answer.text.startsWith('refused')) expect(answer.text).toMatch(/belongs to|matches|would read as/);
  // stderr is its own pipe: the line may come after the answer.
  await vi.waitFor(() => expect(host.stderr()).toMatch(log), { timeout: 5000 });
}

async function readText(host: RunningServer, uri: string): Promise<string> {
  try {
    const { contents } = await host.client.readResource({ uri });
    return (contents[0] as { text?: string }).text ?? '';
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

describe('without --namespace', () => {
  let host: RunningServer;
  beforeAll(async () => {
    host = await startServer(componentPath('intruder'), { cacheDir, args: [componentPath('notes')] });
  });
  afterAll(() => host?.close());

  it('refuses another component’s tool names; the calls still reach it', async () => {
    const answer = await register(host, 'register', 'tools', [{ name: 'add_note' }, { name: 'count_notes' }]);
    await expectRefused(host, answer, /intruder: register-tools refused: tool "add_note" belongs to notes/);
    const saved = await host.client.callTool({ name: 'add_note', arguments: { id: 'secret', text: 'private data' } });
    expect(saved.structuredContent).toEqual({ id: 'secret', count: 2 });
    expect(await call(host.client, 'count_notes')).toEqual({ text: '2', isError: false });
    expect((await host.client.listTools()).tools.filter((t) => t.name === 'add_note')).toHaveLength(1);
  });

  it('refuses another component’s prompts', async () => {
    const answer = await register(host, 'register', 'prompts', [{ name: 'summarize' }]);
    await expectRefused(host, answer, /register-prompts refused: prompt "summarize" belongs to notes/);
    const prompt = await host.client.getPrompt({ name: 'summarize', arguments: { id: 'secret' } });
    expect(JSON.stringify(prompt.messages)).toContain('private data');
  });

  it('refuses another component’s resource URIs, and URIs its templates cover', async () => {
    await expectRefused(host, await register(host, 'register', 'resources', [{ uri: 'notes://index' }]), /register-resources refused: resource "notes:\/\/index" belongs to notes/);
    await expectRefused(host, await register(host, 'register', 'resources', [{ uri: 'notes://later' }]), /resource "notes:\/\/later" belongs to notes, whose resource template matches it/);
    expect(await readText(host, 'notes://secret')).toBe('private data');
    expect(JSON.parse(await readText(host, 'notes://index'))).toContain('secret');
  });

  it('refuses a catch-all template; a template registered later never takes an earlier one’s URIs', async () => {
    await expectRefused(host, await register(host, 'register', 'templates', [{ uriTemplate: '{+any}' }]), /resource template "\{\+any\}" matches resource "notes:\/\/index" of notes/);
    await expectRefused(host, await register(host, 'register', 'templates', [{ uriTemplate: 'notes://{id}' }]), /resource template "notes:\/\/\{id\}" belongs to notes/);
    // Overlaps notes' template without naming one of its resources: accepted, but notes' earlier claim wins.
    const overlap = await register(host, 'register', 'templates', [{ uriTemplate: 'notes://l{rest}' }]);
    expect(overlap.text).not.toMatch(/refused/);
    expect(await readText(host, 'notes://later')).toMatch(/no note "later"/);
    await call(host.client, 'add_note', { id: 'later', text: 'notes’ own' });
    expect(await readText(host, 'notes://later')).toBe('notes’ own');
    expect(await readText(host, 'notes://secret')).toBe('private data');
  });

  it('refuses tool and prompt names that only look like another component’s (outside the MCP spec’s charset)', async () => {
    const lookalikes = ['add_note\u200b', 'add_n\u043ete', '\uff41dd_note', '\u202eeton_dda', 'add_note\u2024', 'add note', 'add_note/x', ''];
    for (const name of lookalikes) {
      const answer = await register(host, 'register', 'tools', [{ name }]);
      expect(answer.text).toMatch(name === '' ? /^refused \(invalid-params\)/ : /^refused \(invalid-params\).*a name is ASCII letters, digits/);
      expect((await register(host, 'register', 'prompts', [{ name }])).text).toMatch(/^refused/);
    }
    const names = (await host.client.listTools()).tools.map((t) => t.name);
    expect(names.filter((n) => n.normalize('NFKC').replace(/[^a-z]/g, '') === 'addnote')).toEqual(['add_note']);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_.-]{1,128}$/);
    // A name in the charset still registers.
    expect((await register(host, 'register', 'tools', [{ name: 'intruder.own-tool_2' }])).text).toBe('registered');
  });

  it('holds the same rule when the intruder is re-created and its entry registers again, and serves on', async () => {
    expect((await call(host.client, 'crash')).isError).toBe(true);
    expect(await call(host.client, 'ping_tool')).toEqual({ text: 'pong', isError: false });
    expect(host.stderr()).not.toMatch(/register-tools refused: tool "ping_tool"/);
    await expectRefused(host, await register(host, 'register', 'tools', [{ name: 'add_note' }]), /register-tools refused: tool "add_note" belongs to notes/);
    expect((await host.client.callTool({ name: 'add_note', arguments: { id: 'after', text: 'x' } })).structuredContent).toEqual({ id: 'after', count: 4 });
    expect(await readText(host, 'notes://secret')).toBe('private data');
    await host.client.ping();
  });
});

describe('with --namespace', () => {
  let host: RunningServer;
  beforeAll(async () => {
    // Part `team` (the intruder) and part `team.notes`: the intruder's `notes.add_note` is `team.notes.add_note` to a client.
    // (A manifest's names cannot hold a dot; a file's name can.)
    const dir = mkdtempSync(join(tmpdir(), 'mcp-host-hijack-'));
    symlinkSync(componentPath('intruder'), join(dir, 'team.wasm'));
    symlinkSync(componentPath('notes'), join(dir, 'team.notes.wasm'));
    host = await startServer(join(dir, 'team.wasm'), { cacheDir, args: [join(dir, 'team.notes.wasm'), '--namespace'] });
  });
  afterAll(() => host?.close());

  it('compares names as the client sees them, and refuses names that would read as another component’s', async () => {
    await expectRefused(host, await register(host, 'team.register', 'tools', [{ name: 'notes.add_note' }]), /register-tools refused: tool "team.notes.add_note" belongs to team.notes/);
    await expectRefused(host, await register(host, 'team.register', 'tools', [{ name: 'notes.wipe' }]), /register-tools refused: tool "team.notes.wipe" of team would read as one of team.notes's/);
    const names = (await host.client.listTools()).tools.map((t) => t.name);
    expect(names.filter((n) => n === 'team.notes.add_note')).toHaveLength(1);
    expect(names).not.toContain('team.notes.wipe');
    const saved = await host.client.callTool({ name: 'team.notes.add_note', arguments: { id: 'secret', text: 'private data' } });
    expect(saved.structuredContent).toEqual({ id: 'secret', count: 2 });
  });

  it('refuses resource URIs and templates the same way (URIs are not namespaced), and serves on', async () => {
    await expectRefused(host, await register(host, 'team.register', 'resources', [{ uri: 'notes://secret' }]), /resource "notes:\/\/secret" belongs to team.notes/);
    await expectRefused(host, await register(host, 'team.register', 'templates', [{ uriTemplate: 'notes://{+all}' }]), /matches resource "notes:\/\/index" of team.notes/);
    expect(await readText(host, 'notes://secret')).toBe('private data');
    expect(await call(host.client, 'team.notes.count_notes')).toEqual({ text: '2', isError: false });
    expect(await call(host.client, 'team.ping_tool')).toEqual({ text: 'pong', isError: false });
  });
});

describe('with --instances pool:2', () => {
  // Each member is its own instance of both components: a name notes registered on one member must
  // stay notes' on the other, where the intruder would otherwise take it and receive its calls.
  let host: RunningServer;
  beforeAll(async () => {
    host = await startServer(componentPath('intruder'), { cacheDir, args: [componentPath('notes'), '--instances', 'pool:2'] });
  });
  afterAll(() => host?.close());

  it('holds a claim made on one member on every member', async () => {
    // Alone, each call goes to the idle member with the fewest calls in flight: ties go round the pool.
    expect(await call(host.client, 'enable_extras')).not.toMatchObject({ isError: true });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await register(host, 'register', 'tools', [{ name: 'clear_notes' }]));
    for (const answer of answers) expect(answer.text).toMatch(/^refused.*tool "clear_notes" belongs to notes/);
    for (let i = 0; i < 4; i++) {
      const result = await host.client.callTool({ name: 'clear_notes', arguments: {} }).then(
        (r) => JSON.stringify(r),
        (err: Error) => err.message,
      );
      expect(result).not.toContain('HIJACKED');
    }
    expect(await call(host.client, 'ping_tool')).toEqual({ text: 'pong', isError: false });
  });
});

describe('templates of two components that overlap at start', () => {
  it('are refused at start, naming both: neither is the earlier, so their URIs would be ambiguous', async () => {
    const result = await runCli(['run', componentPath('notes'), componentPath('squatter')], { env: { MCP_HOST_CACHE_DIR: cacheDir } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/resource templates "notes:\/\/\{id\}" \(notes\) and "notes:\/\/\{\+rest\}" \(squatter\) can match the same URIs/);
    expect(result.stderr).toMatch(/templates cannot be namespaced/);
  });

  it('let a component register a resource its own template covers, whatever else matches it', async () => {
    // The intruder (earlier in the list) registers a template over notes' URIs while serving: notes' own new note still registers.
    const host = await startServer(componentPath('intruder'), { cacheDir, args: [componentPath('notes')] });
    try {
      await register(host, 'register', 'templates', [{ uriTemplate: 'notes://{+all}' }]);
      const saved = await host.client.callTool({ name: 'add_note', arguments: { id: 'fresh', text: 'mine' } });
      expect(saved.isError).toBeFalsy();
      expect(await readText(host, 'notes://fresh')).toBe('mine');
    } finally {
      await host.close();
    }
  });
});
