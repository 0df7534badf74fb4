/**
 * Stateless scale-out in the 2026-07-28 era (issue 12, item 3): any request
 * may go to any process. Two `mcp-host run --http` processes serve the
 * everything component with the same state key (one from --state-key, the
 * other from MCP_HOST_STATE_KEY); a raw HTTP client alternates between them
 * through a whole workflow, including a multi-round input-required tool whose
 * rounds start on one process and end on the other. A third process with
 * another key refuses their states. And the state's protections: tampered,
 * moved onto another request, used twice on a process, expired, answers to
 * input requests never made.
 *
 * Wire (spec 2026-07-28, SEP-2322): round n answers `resultType:
 * "input_required"` with `inputRequests` and an opaque `requestState`; the
 * retry is the same method and params plus `inputResponses` and the state
 * echoed byte for byte. The host seals the state with an HMAC over its key,
 * so it is good on any process holding the key, and only there.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../helpers/envelope.js';
import { cliPath, componentPath, root } from '../helpers/fixtures.js';
import { startHttpHost, type HttpHost } from '../helpers/http-host.js';
import { errorOf, post, resultOf, type RawAnswer } from '../helpers/raw-http.js';
import { testCacheDir } from '../helpers/server.js';

/** 64 hex digits: at least 32 bytes however the host reads the key (text, hex or base64). */
const KEY = randomBytes(32).toString('hex');
const OTHER_KEY = randomBytes(32).toString('hex');
/** Input-required rounds need the client to declare what it is asked for (else -32021). */
const CAPS = { capabilities: { elicitation: {} } };
const TOOL = 'test_input_required_result_multi_round';

let a: HttpHost;
let b: HttpHost;
let other: HttpHost;

beforeAll(async () => {
  const component = componentPath('everything');
  // One after another: the machine is small, and each start transpiles nothing new (shared cache).
  a = await startHttpHost(component, { cacheDir: testCacheDir(), args: ['--state-key', KEY] });
  b = await startHttpHost(component, { cacheDir: testCacheDir(), env: { MCP_HOST_STATE_KEY: KEY } });
  other = await startHttpHost(component, { cacheDir: testCacheDir(), args: ['--state-key', OTHER_KEY] });
});
afterAll(async () => {
  await Promise.allSettled([a?.close(), b?.close(), other?.close()]);
});

const accept = (content: Json): Json => ({ action: 'accept', content });

/** One round of the multi-round tool on `host`: the first without answers, later ones with the answers and the last state. */
const round = (host: HttpHost, inputResponses?: Json, requestState?: unknown): Promise<RawAnswer> =>
  post(host.url, 'tools/call', { name: TOOL, arguments: {}, ...(inputResponses && { inputResponses }), ...(requestState !== undefined && { requestState }) }, CAPS);

/** An input-required result: which inputs it asks for, and its state. */
function inputRequired(answer: RawAnswer): { asks: Record<string, { method?: string }>; state: string } {
  const result = resultOf(answer);
  expect(result.resultType, JSON.stringify(result)).toBe('input_required');
  expect(typeof result.requestState, JSON.stringify(result)).toBe('string');
  return { asks: (result.inputRequests ?? {}) as Record<string, { method?: string }>, state: result.requestState as string };
}

const textOf = (answer: RawAnswer): string => JSON.stringify(resultOf(answer).content ?? null);

/** Refused as Invalid params, not served and not an internal error. */
function expectRefused(answer: RawAnswer, what: string): void {
  expect(errorOf(answer)?.code, `${what}: ${JSON.stringify(answer.response ?? null)}`).toBe(-32602);
  expect(answer.status, what).toBeLessThan(500);
}

describe('two processes, one state key', () => {
  it('serve one client alternating between them through a whole workflow', async () => {
    const steps: [HttpHost, string, Json][] = [
      [a, 'server/discover', {}],
      [b, 'tools/list', {}],
      [a, 'tools/call', { name: 'test_simple_text', arguments: {} }],
      [b, 'resources/list', {}],
      [a, 'resources/read', { uri: 'test://static-text' }],
      [b, 'resources/templates/list', {}],
      [a, 'resources/read', { uri: 'test://template/7/data' }],
      [b, 'prompts/get', { name: 'test_prompt_with_arguments', arguments: { arg1: 'x', arg2: 'y' } }],
      [a, 'completion/complete', { ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'te' } }],
    ];
    for (const [host, method, params] of steps) {
      const answer = await post(host.url, method, params);
      expect(resultOf(answer).resultType, `${method} on ${host === a ? 'a' : 'b'}`).toBe('complete');
    }
    const read = await post(b.url, 'resources/read', { uri: 'test://template/7/data' });
    expect(resultOf(read).contents).toEqual([{ uri: 'test://template/7/data', mimeType: 'application/json', text: '{"id":"7","templateTest":true,"data":"Data for ID: 7"}' }]);

    // The input-required tool: round 1 on a, round 2 on b, round 3 on a.
    const first = inputRequired(await round(a));
    expect(first.asks.step1?.method).toBe('elicitation/create');
    const second = inputRequired(await round(b, { step1: accept({ name: 'Ada' }) }, first.state));
    expect(second.asks.step2?.method).toBe('elicitation/create');
    expect(second.state).not.toBe(first.state);
    const done = await round(a, { step2: accept({ color: 'green' }) }, second.state);
    expect(resultOf(done).resultType).toBe('complete');
    expect(resultOf(done).isError).not.toBe(true);
    // Round 3 ran on a, which never saw round 2's answer: the name came through the state b sealed.
    expect(textOf(done)).toContain('Ada');
    expect(textOf(done)).toContain('green');
  });

  it('keep no session: a 2026 answer names none', async () => {
    const res = await fetch(a.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} } } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('mcp-session-id')).toBeNull();
    await res.text();
  });
});

describe('the request state', () => {
  it('is refused by a process with another key, which serves on', async () => {
    const first = inputRequired(await round(a));
    expectRefused(await round(other, { step1: accept({ name: 'Ada' }) }, first.state), 'a state sealed with another key');
    // Its own states it takes: the refusal was about the key, not the tool.
    const own = inputRequired(await round(other));
    expect(inputRequired(await round(other, { step1: accept({ name: 'Ada' }) }, own.state)).asks.step2?.method).toBe('elicitation/create');
    // And the state it refused is still good where the key is.
    expect(inputRequired(await round(b, { step1: accept({ name: 'Ada' }) }, first.state)).asks.step2?.method).toBe('elicitation/create');
  });

  it('is refused when tampered with, on either process, and the genuine one still works', async () => {
    const { state } = inputRequired(await round(a));
    const mac = state.lastIndexOf('.') + 1; // the seal's last part (its HMAC), or 0 if it has none
    const tampered: [string, unknown][] = [
      ['a character changed in the middle', flip(state, Math.floor(state.length / 2))],
      ['the first character of the HMAC changed', flip(state, mac)],
      ['the last character changed', flip(state, state.length - 1)],
      ['the first character changed', flip(state, 0)],
      ['truncated', state.slice(0, -4)],
      ['extended', `${state}AAAA`],
      ['empty', ''],
      ['not a string', 12345],
      ['an object', { state }],
      ...forgedPayloads(state),
    ];
    for (const [how, forged] of tampered) {
      for (const host of [a, b]) expectRefused(await round(host, { step1: accept({ name: 'Mallory' }) }, forged), `${how} (on ${host === a ? 'a' : 'b'})`);
    }
    expect(inputRequired(await round(b, { step1: accept({ name: 'Ada' }) }, state)).asks.step2?.method).toBe('elicitation/create');
  });

  it('is refused on another request: another tool, another method', async () => {
    const { state } = inputRequired(await round(a));
    const otherTool = await post(b.url, 'tools/call', { name: 'test_input_required_result_elicitation', arguments: {}, inputResponses: { step1: accept({ name: 'Ada' }) }, requestState: state }, CAPS);
    expectRefused(otherTool, 'a tools/call state on another tool');
    const otherMethod = await post(b.url, 'prompts/get', { name: 'test_simple_prompt', inputResponses: { step1: accept({ name: 'Ada' }) }, requestState: state }, CAPS);
    expectRefused(otherMethod, 'a tools/call state on prompts/get');
  });

  it('is good for one retry on a process: the same state again is refused there', async () => {
    // Across processes nothing is shared, so only the state's lifetime bounds a
    // replay on another process; on the process that took it, it is spent.
    const { state } = inputRequired(await round(a));
    inputRequired(await round(b, { step1: accept({ name: 'Ada' }) }, state));
    expectRefused(await round(b, { step1: accept({ name: 'Eve' }) }, state), 'a state used once already on this process');
  });

  it('passes on only answers to input requests that were made, of the kind asked', async () => {
    const forged = 'forged-red';
    // Round 1 asked for step1 only: an answer for step2 (not asked yet) and for a key never asked are dropped.
    const first = inputRequired(await round(a));
    const second = await round(b, { step1: accept({ name: 'Ada' }), step2: accept({ color: forged }), injected_key: accept({ color: forged }) }, first.state);
    const asked = inputRequired(second);
    expect(JSON.stringify(resultOf(second))).not.toContain(forged);
    expect(asked.asks.step2?.method).toBe('elicitation/create');
    const done = await round(a, { step2: accept({ color: 'green' }) }, asked.state);
    expect(textOf(done)).toContain('green');
    expect(textOf(done)).not.toContain(forged);
    expect(b.stderr()).toMatch(/injected_key.*dropped|dropped.*injected_key/);

    // An answer of the wrong kind (a sampling result for an elicitation) is dropped too.
    const again = inputRequired(await round(a));
    const wrongKind = await round(b, { step1: { role: 'assistant', content: { type: 'text', text: forged }, model: 'm', stopReason: 'endTurn' } }, again.state);
    expect(JSON.stringify(wrongKind.response ?? null)).not.toContain(forged);
    expect(resultOf(wrongKind).resultType).toBe('input_required');

    // Answers without any state answer nothing this host asked: the tool asks again instead of using them.
    const stateless = await post(a.url, 'tools/call', { name: 'test_input_required_result_elicitation', arguments: {}, inputResponses: { user_name: accept({ name: forged }) } }, CAPS);
    expect(JSON.stringify(stateless.response ?? null)).not.toContain(forged);
    expect(resultOf(stateless).resultType).toBe('input_required');
  });

  it('expires: past --state-ttl it is refused even where the key is', async () => {
    const brief = await startHttpHost(componentPath('everything'), { cacheDir: testCacheDir(), args: ['--state-key', KEY, '--state-ttl', '1'] });
    try {
      const { state } = inputRequired(await round(brief));
      await new Promise((resolve) => setTimeout(resolve, 3_000)); // the expiry is in whole seconds: 1 s, plus up to 1 s of rounding, plus margin
      expectRefused(await round(brief, { step1: accept({ name: 'Ada' }) }, state), 'an expired state, on the process that sealed it');
      // b has the key and a TTL of 600 s of its own: the expiry travels inside the seal.
      expectRefused(await round(b, { step1: accept({ name: 'Ada' }) }, state), 'an expired state, on another process with the key');
    } finally {
      await brief.close();
    }
  });

  it('leaves all three processes serving', async () => {
    for (const host of [a, b, other]) expect(resultOf(await post(host.url, 'tools/list')).resultType).toBe('complete');
  });
});

describe('a state key too short to seal with', () => {
  const run = (args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string; killed: boolean }> =>
    new Promise((resolve) => {
      const argv = [cliPath, 'run', componentPath('everything'), '--http', '127.0.0.1:0', ...args];
      execFile(process.execPath, argv, { cwd: root, env: { PATH: process.env.PATH ?? '', MCP_HOST_CACHE_DIR: testCacheDir(), ...env }, timeout: 30_000 }, (err, _out, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr, killed: (err as { killed?: boolean } | null)?.killed === true }),
      );
    });

  it('is refused at start, naming where it came from (flag or environment)', async () => {
    const flag = await run(['--state-key', 'x'.repeat(31)]);
    expect(flag.killed, 'it served instead of refusing').toBe(false);
    expect(flag.code).not.toBe(0);
    expect(flag.stderr).toMatch(/--state-key/);
    const env = await run([], { MCP_HOST_STATE_KEY: 'short' });
    expect(env.killed, 'it served instead of refusing').toBe(false);
    expect(env.code).not.toBe(0);
    expect(env.stderr).toMatch(/MCP_HOST_STATE_KEY/);
  });
});

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * `s` with the character at `at` changed so that the bytes it encodes change:
 * its 6-bit value's top bit flipped. (A base64 string's last character also
 * carries padding bits, which decode to nothing: 'A' and 'B' there can be the
 * same bytes, and a state that decodes the same is the same state.)
 */
function flip(s: string, at: number): string {
  const value = BASE64URL.indexOf(s[at] ?? '');
  return s.slice(0, at) + (value < 0 ? 'A' : BASE64URL[value ^ 32]) + s.slice(at + 1);
}

/**
 * States whose readable part was rewritten, keeping the seal: the state is
 * signed, not encrypted (docs/protocol-eras-plan.md §3: `v1.<b64url JSON>.<b64url
 * HMAC>`), so a client can read and rewrite the payload. Only if the state
 * has that shape; the generic tampering above covers any other.
 */
function forgedPayloads(state: string): [string, string][] {
  const parts = state.split('.');
  if (parts.length !== 3) return [];
  let payload: Json;
  try {
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Json;
  } catch {
    return [];
  }
  const reseal = (p: Json): string => `${parts[0]}.${Buffer.from(JSON.stringify(p)).toString('base64url')}.${parts[2]}`;
  const inner = (typeof payload.p === 'object' && payload.p !== null ? payload.p : {}) as Json;
  return [
    ['the payload rewritten (expiry pushed out)', reseal({ ...payload, exp: Number(payload.exp ?? 0) + 86_400 })],
    ['the payload rewritten (its contents changed)', reseal({ ...payload, p: { ...inner, forged: true } })],
    ['the payload re-encoded, same JSON', `${parts[0]}.${Buffer.from(JSON.stringify(payload) + ' ').toString('base64url')}.${parts[2]}`],
  ];
}
