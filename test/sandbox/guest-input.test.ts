/**
 * Whatever a component hands the host is checked at the boundary and
 * answered with a WIT error (or dropped, for fire-and-forget calls), and
 * never throws on the host's main thread: a template that does not parse,
 * registered while serving, and a notification whose JSON does not parse
 * each used to end `mcp-host run`. What it registers is bounded too: how
 * many items, how big and how deep a schema, how long a name or
 * description. After each, the host serves on.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

let host: RunningServer;

beforeAll(async () => {
  host = await startServer(componentPath('intruder'), { cacheDir: testCacheDir() });
});
afterAll(() => host?.close());

const register = (kind: string, defs: Record<string, unknown>[]) => call(host.client, 'register', { kind, defs });

/** The host logged `line` (stderr is its own pipe: it may come after the answer). */
const logged = (line: RegExp) => vi.waitFor(() => expect(host.stderr()).toMatch(line), { timeout: 5000 });

/**
 * A registration refused: the guest got a WIT error (when the instance
 * worker checks the value itself, or answers register-* from the backend),
 * or the backend refused it and logged why.
 */
async function refused(answer: { text: string }, why: RegExp): Promise<void> {
  if (answer.text.startsWith('refused')) expect(answer.text).toMatch(/^refused \(invalid-params\)/);
  else await logged(why);
}

async function expectServing(): Promise<void> {
  await host.client.ping();
  expect(await call(host.client, 'ping_tool')).toEqual({ text: 'pong', isError: false });
  expect(host.stderr()).not.toMatch(/uncaught|unhandled/i);
}

describe('values the host used to die on', () => {
  it('a resource template that does not parse, registered while serving, is refused', async () => {
    for (const uriTemplate of ['x://{oops', 'x://}{a}', 'x://{a{b}}', 'x://{!a}', 'x://{a:0}', 'x://{}', '']) {
      const answer = await register('templates', [{ uriTemplate }]);
      if (answer.text.startsWith('refused')) expect(answer.text).toMatch(/not a valid RFC 6570 URI template|empty/);
    }
    await logged(/register-resource-templates refused: resource template "x:\/\/\{oops" is not a valid RFC 6570 URI template: unclosed expression/);
    await logged(/resource template "x:\/\/\{a:0\}" is not a valid RFC 6570 URI template/);
    expect((await host.client.listResourceTemplates()).resourceTemplates).toEqual([]);
    await expectServing();
  });

  it('a notification whose JSON data does not parse is dropped, and logged', async () => {
    const answer = await call(host.client, 'bad_notification');
    // Dropped by the backend (and logged), or refused by the instance worker before it leaves: never delivered, never fatal.
    if (answer.isError) expect(answer.text).toMatch(/not valid JSON/);
    else await logged(/intruder: notification dropped: the data is not valid JSON/);
    await expectServing();
  });
});

describe('limits on what a component registers', () => {
  it('at most 10000 tools: a registration past the cap is refused whole', async () => {
    const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ name: `t${from + i}` }));
    const own = (await host.client.listTools()).tools.length;
    expect((await register('tools', batch(0, 6000))).text).not.toMatch(/refused/);
    await refused(await register('tools', batch(6000, 5000)), new RegExp(`register-tools refused: a component may register at most 10000 tools; it has ${own + 6000} and this adds 5000`));
    await refused(await register('tools', batch(20000, 10001)), /register-tools refused: 10001 tools in one call, over the limit of 10000/);
    expect((await host.client.listTools()).tools).toHaveLength(own + 6000);
    await expectServing();
  });

  it('schemas: too deep, too big, or with too many patterns are refused', async () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 100; i++) deep = { type: 'object', properties: { x: deep } };
    await refused(await register('tools', [{ name: 'deep', inputSchema: deep }]), /tool "deep": input-schema is refused: it nests deeper than 64 levels/);
    await refused(
      await register('tools', [{ name: 'big', inputSchema: { type: 'object', description: 'x'.repeat(300 * 1024) } }]),
      /tool "big": input-schema is \d+ bytes, over the limit of 262144/,
    );
    const many = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`p${i}`, { type: 'string', pattern: `^${i}$` }]));
    await refused(await register('tools', [{ name: 'many', inputSchema: { type: 'object', properties: many } }]), /tool "many": input-schema is refused: it has \d+ patterns, over the limit of 1000/);
    const names = (await host.client.listTools()).tools.map((t) => t.name);
    expect(names).not.toContain('deep');
    expect(names).not.toContain('big');
    expect(names).not.toContain('many');
    await expectServing();
  });

  it('names and descriptions: empty, too long, or with control characters are refused', async () => {
    await refused(await register('tools', [{ name: 'n'.repeat(129) }]), /tools\[0\]\.name is 129 characters, over the limit of 128/);
    await refused(await register('tools', [{ name: 'bell\u0007' }]), /tools\[0\]\.name must not contain control characters/);
    await refused(await register('tools', [{ name: 'wordy', description: 'd'.repeat(70 * 1024) }]), /tool "wordy": description is 71680 characters, over the limit of 65536/);
    await refused(await register('resources', [{ uri: `x://${'u'.repeat(9000)}` }]), /resources\[0\]\.uri is 9004 characters, over the limit of 8192/);
    const names = (await host.client.listTools()).tools.map((t) => t.name);
    expect(names).not.toContain('wordy');
    expect(names.some((n) => n.startsWith('bell') || n.length > 128)).toBe(false);
    await expectServing();
  });
});

describe('validation a schema cannot make slow', () => {
  it('uniqueItems is checked in one pass, not pairwise', async () => {
    await register('tools', [{ name: 'unique', inputSchema: { type: 'object', properties: { xs: { type: 'array', uniqueItems: true } } } }]);
    const xs = Array.from({ length: 50_000 }, (_, i) => ({ i }));
    const started = Date.now();
    expect(await call(host.client, 'unique', { xs })).toEqual({ text: 'HIJACKED', isError: false });
    const error = await host.client.callTool({ name: 'unique', arguments: { xs: [...xs, { i: 7 }] } }).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error?.message).toMatch(/Invalid arguments for tool unique/);
    // Pairwise, 50 000 distinct items are 1.25e9 comparisons: tens of seconds.
    expect(Date.now() - started).toBeLessThan(10_000);
    await expectServing();
  });
});
