/**
 * Guest-controlled patterns run on the host's main thread: a schema's
 * `pattern` (checked against every call's arguments and result) and a
 * resource template (matched against every read's URI). On a backtracking
 * engine, `^(a+)+$` against 40 a's and a "!" takes hours and stalls every
 * request; the host runs them on RE2, so each is answered at once and the
 * other requests with it. And since a schema can make checking slow in
 * other ways (`$ref`s applied twice at each of 40 levels), checks run on
 * their own thread under the call deadline.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

/** Far below what a backtracking check of 40 characters takes (2^40 steps), far above what RE2 needs. */
const FAST_MS = 10_000;
const evil = `${'a'.repeat(40)}!`;

let host: RunningServer;

beforeAll(async () => {
  host = await startServer(componentPath('intruder'), { cacheDir: testCacheDir() });
});
afterAll(() => host?.close());

/** Run `attack` alongside a ping and another tool call; all answered within FAST_MS. */
async function whileServing<T>(attack: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const [result, pong] = await Promise.all([attack(), host.client.ping().then(() => call(host.client, 'ping_tool'))]);
  expect(pong.text).toBe('pong');
  expect(Date.now() - started).toBeLessThan(FAST_MS);
  return result;
}

describe('a pattern in an output schema', () => {
  it('is checked in linear time: the mismatch is answered at once, other requests with it', async () => {
    const result = await whileServing(() => call(host.client, 'slow_output', { n: 40 }));
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/does not match its output schema/);
  });

  it('still matches what it should', async () => {
    // 40 a's and nothing else match ^(a+)+$: the tool's result is then valid.
    const result = await host.client.callTool({ name: 'slow_output', arguments: { n: 0 } });
    expect(result.isError).toBe(true); // "!" alone does not match either
    const registered = await call(host.client, 'register', {
      kind: 'tools',
      defs: [{ name: 'anchored', outputSchema: { type: 'object', properties: { s: { type: 'string', pattern: '^a+!$' } } } }],
    });
    expect(registered.text).not.toMatch(/refused/);
    const ok = await host.client.callTool({ name: 'anchored', arguments: {} });
    expect(ok.isError).toBeFalsy();
    expect(ok.structuredContent).toEqual({ s: evil });
  });
});

describe('a pattern in an input schema', () => {
  it('rejects the evil argument at once, other requests answered with it', async () => {
    const error = await whileServing(() => host.client.callTool({ name: 'slow_input', arguments: { s: evil } }).then(() => undefined, (err: Error) => err));
    expect(error?.message).toMatch(/Invalid arguments for tool slow_input/);
    expect(await call(host.client, 'slow_input', { s: 'aaaa' })).toEqual({ text: 'accepted', isError: false });
  });

  it('refuses a registration whose pattern needs backtracking (lookahead, backreference), saying why', async () => {
    for (const pattern of ['^(?=a)a+$', '^(a)\\1$', '(?<!x)y']) {
      const result = await call(host.client, 'register', { kind: 'tools', defs: [{ name: 'looks', inputSchema: { type: 'object', properties: { s: { type: 'string', pattern } } } }] });
      if (result.text.startsWith('refused')) expect(result.text).toMatch(/linear-time engine/);
    }
    const refusals = () => host.stderr().match(/register-tools refused: tool "looks": input-schema is refused: .*linear-time engine/g) ?? [];
    await vi.waitFor(() => expect(refusals()).toHaveLength(3), { timeout: 5000 });
    expect((await host.client.listTools()).tools.map((t) => t.name)).not.toContain('looks');
  });

  it('checks patternProperties keys on the linear engine too', async () => {
    await call(host.client, 'register', {
      kind: 'tools',
      defs: [{ name: 'keyed', inputSchema: { type: 'object', patternProperties: { '^(a+)+$': { type: 'number' } } } }],
    });
    const error = await whileServing(() => host.client.callTool({ name: 'keyed', arguments: { [evil.slice(0, -1)]: 'not a number' } }).then(() => undefined, (err: Error) => err));
    expect(error?.message).toMatch(/Invalid arguments for tool keyed/);
  });
});

describe('a resource template', () => {
  it('is matched in linear time: a URI it almost matches is answered at once', async () => {
    // On a backtracking engine this template is ^x://(.+)(.+)…(.+)!$: polynomial of degree 12 in the URI.
    const template = `x://${Array.from({ length: 12 }, (_, i) => `{+v${i}}`).join('')}!`;
    const registered = await call(host.client, 'register', { kind: 'templates', defs: [{ uriTemplate: template }] });
    expect(registered.text).not.toMatch(/refused/);
    const error = await whileServing(() =>
      host.client.readResource({ uri: `x://${'a'.repeat(60)}` }).then(
        () => undefined,
        (err: Error) => err,
      ),
    );
    expect(error?.message).toMatch(/Resource not found/);
    // …and one it matches reaches the component.
    expect(await host.client.readResource({ uri: `x://${'a'.repeat(60)}!` })).toMatchObject({ contents: [{ text: 'HIJACKED' }] });
  });

  it('has bounds: too long, or too many expressions, is refused', async () => {
    await call(host.client, 'register', { kind: 'templates', defs: [{ uriTemplate: `x://${'{a}'.repeat(33)}` }] });
    await vi.waitFor(() => expect(host.stderr()).toMatch(/register-resource-templates refused: .*more than 32 expressions/), { timeout: 5000 });
    await call(host.client, 'register', { kind: 'templates', defs: [{ uriTemplate: `x://${'a'.repeat(2000)}{b}` }] });
    await vi.waitFor(() => expect(host.stderr()).toMatch(/register-resource-templates refused: .*over the limit of 1024/), { timeout: 5000 });
    expect(await call(host.client, 'ping_tool')).toEqual({ text: 'pong', isError: false });
  });

  it('has a bound on all of a component’s templates together: each read is matched against every one', async () => {
    // ~1,000 instructions each: nine would make every 8 KB read under x:// cost the main thread ~60 ms.
    const defs = Array.from({ length: 9 }, (_, i) => ({ uriTemplate: `y${i}://{a}${'b'.repeat(1000)}` }));
    const result = await call(host.client, 'register', { kind: 'templates', defs });
    expect(result.text).toMatch(/^refused.*may compile to at most 8192 instructions in all/);
    expect((await host.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate).filter((t) => t.startsWith('y'))).toEqual([]);
  });
});

describe('a schema whose checking takes exponential time', () => {
  let slow: RunningServer;
  beforeAll(async () => {
    slow = await startServer(componentPath('intruder'), { cacheDir: testCacheDir(), args: ['--timeout', '3000'] });
  });
  afterAll(() => slow?.close());

  it('is checked off the main thread under the call deadline: the host answers meanwhile, the check fails, checks go on', async () => {
    // 3 KB: d40 applies d39 twice, which applies d38 twice…: 2^40 checks of one string.
    const definitions: Record<string, unknown> = { d0: { type: 'string' } };
    for (let i = 1; i <= 40; i++) definitions[`d${i}`] = { allOf: [{ $ref: `#/definitions/d${i - 1}` }, { $ref: `#/definitions/d${i - 1}` }] };
    const inputSchema = { type: 'object', definitions, properties: { s: { $ref: '#/definitions/d40' } } };
    expect((await call(slow.client, 'register', { kind: 'tools', defs: [{ name: 'exponential', inputSchema }] })).text).not.toMatch(/refused/);
    const started = Date.now();
    const attack = slow.client.callTool({ name: 'exponential', arguments: { s: 'x' } }).then(
      () => undefined,
      (err: Error) => err,
    );
    // While the check runs, the host answers (this component's own next checks wait behind it, up to the deadline).
    await slow.client.ping();
    expect(Date.now() - started).toBeLessThan(2500);
    const next = call(slow.client, 'ping_tool');
    expect((await attack)?.message).toMatch(/Invalid arguments for tool exponential: the value could not be checked: checking a value against a schema took over 3000 ms/);
    expect(Date.now() - started).toBeLessThan(FAST_MS);
    // A new checker takes the checks queued behind it, and the next ones.
    expect(await next).toEqual({ text: 'pong', isError: false });
    expect(await call(slow.client, 'slow_input', { s: 'aaa' })).toEqual({ text: 'accepted', isError: false });
    await vi.waitFor(() => expect(slow.stderr()).toMatch(/intruder: schema checks stopped \(checking a value against a schema took over 3000 ms\); a new checker takes the others/), { timeout: 5000 });
  });
});

describe('a pattern whose program is large (counted repetitions)', () => {
  let big: RunningServer;
  beforeAll(async () => {
    big = await startServer(componentPath('intruder'), { cacheDir: testCacheDir(), args: ['--timeout', '3000'] });
  });
  afterAll(() => big?.close());

  const schemaWith = (pattern: string) => ({ type: 'object', properties: { s: { type: 'string', pattern } } });

  it('is refused past the program size limit, saying why', async () => {
    // 44 characters, 12,003 instructions: each character of input costs up to 12,003 steps.
    const pattern = '(?:a|aa){1000}(?:a|aa){1000}(?:a|aa){1000}$';
    const result = await call(big.client, 'register', { kind: 'tools', defs: [{ name: 'huge', inputSchema: schemaWith(pattern) }] });
    expect(result.text).toMatch(/refused.*compiles to 12003 instructions, over the limit of 5000/);
    expect((await big.client.listTools()).tools.map((t) => t.name)).not.toContain('huge');
  });

  it('within the limit, is checked off the main thread when program size × value size is not small', async () => {
    // 4,002 instructions × 30,000 characters: seconds of work, which must not stall the host.
    const registered = await call(big.client, 'register', { kind: 'tools', defs: [{ name: 'costly', inputSchema: schemaWith('(?:a|aa){1000}$') }] });
    expect(registered.text).not.toMatch(/refused/);
    const started = Date.now();
    const attack = big.client.callTool({ name: 'costly', arguments: { s: `${'a'.repeat(30_000)}!` } }).then(
      () => undefined,
      (err: Error) => err,
    );
    await big.client.ping();
    expect(Date.now() - started).toBeLessThan(2500);
    expect((await attack)?.message).toMatch(/Invalid arguments for tool costly/);
    expect(Date.now() - started).toBeLessThan(FAST_MS);
    expect(await call(big.client, 'ping_tool')).toEqual({ text: 'pong', isError: false });
  });
});

describe('a pattern means what ECMAScript says (JSON Schema’s dialect), and a schema that does not compile fails closed', () => {
  const schemaWith = (pattern: string) => ({ type: 'object', properties: { s: { type: 'string', pattern } } });
  const outcome = (name: string, s: string) =>
    host.client.callTool({ name, arguments: { s } }).then(
      () => 'accepted',
      (err: Error) => err.message,
    );

  it('reads \\s, \\S, . and [\\b] as ECMAScript does', async () => {
    const cases: [string, string, boolean][] = [
      ['^\\S+$', 'a\u00a0b', false],
      ['^\\S+$', 'a\ufeffb', false],
      ['^[^\\s]+$', 'a\u2028b', false],
      ['^\\s+$', '\u3000\u00a0', true],
      ['^.+$', 'a\rb', false],
      ['^.+$', 'a\u2028b', false],
      ['^.+$', 'ab', true],
      ['^[\\b]$', '\b', true],
    ];
    for (const [i, [pattern, s, matches]] of cases.entries()) {
      const name = `ecma_${i}`;
      expect((await call(host.client, 'register', { kind: 'tools', defs: [{ name, inputSchema: schemaWith(pattern) }] })).text).toBe('registered');
      const result = await outcome(name, s);
      if (matches) expect(result, `${pattern} on ${JSON.stringify(s)}`).toBe('accepted');
      else expect(result, `${pattern} on ${JSON.stringify(s)}`).toMatch(/Invalid arguments/);
    }
  });

  it('refuses a pattern the engine cannot run wherever it hides (a $ref target under an unknown keyword)', async () => {
    const inputSchema = { type: 'object', required: ['id'], properties: { s: { $ref: '#/x-defs/s' } }, 'x-defs': { s: { type: 'string', pattern: '(?<=a)b' } } };
    const result = await call(host.client, 'register', { kind: 'tools', defs: [{ name: 'hidden', inputSchema }] });
    expect(result.text).toMatch(/^refused.*linear-time engine/);
  });

  it('fails every check of a schema that does not compile, rather than accepting everything', async () => {
    const inputSchema = { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, s: { $ref: '#/nowhere' } } };
    expect((await call(host.client, 'register', { kind: 'tools', defs: [{ name: 'uncompilable', inputSchema }] })).text).toBe('registered');
    expect(await outcome('uncompilable', 'x')).toMatch(/Invalid arguments for tool uncompilable: the value could not be checked: the schema does not compile/);
    expect(await call(host.client, 'ping_tool')).toEqual({ text: 'pong', isError: false });
  });
});
