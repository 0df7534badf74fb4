/**
 * Components bundled by `mcp-host bundle --target workers` and served by the
 * real workerd on localhost, driven by the SDK v2 Client (2026-07-28) and
 * the v1 Client (2025-11-25, the SDK's stateless legacy serving): the WAT
 * and tools examples list and call; the hostile fixture is denied a host
 * (wasi:http's HTTP-request-denied), has no files and only the granted
 * variables, and traps and exits without stopping the Worker: each fault is
 * answered and the next call is served by a fresh instance.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { connectV2Http } from '../helpers/v2-client.js';
import { startHangingServer, startLocalServer, type HangingServer, type LocalServer } from '../helpers/http-server.js';
import { modernRequest, postModern, postWithHost } from '../helpers/modern-http.js';
import { bundle, startWorkerd, type Workerd } from './workerd.js';

const running: Workerd[] = [];
const clients: Client[] = [];

async function serve(fixture: Parameters<typeof componentPath>[0], args: string[] = [], env: Record<string, string> = {}) {
  const { dir } = await bundle(componentPath(fixture), args);
  const worker = await startWorkerd(dir, env);
  running.push(worker);
  const client = await connectV2Http(worker.url);
  clients.push(client);
  return { dir, worker, client };
}

type Served = Awaited<ReturnType<typeof serve>>;

const text = (result: { content?: unknown }): string =>
  ((result.content ?? []) as { type: string; text?: string }[]).filter((c) => c.type === 'text').map((c) => c.text).join('');

let wat: Served;
let tools: Served;
let hostile: Served;
let everything: Served;
/** The one host the hostile fixture may reach: a loopback server, allowed by host and port. */
let allowed: LocalServer;
/** An allowed host that accepts and never answers. */
let hanging: HangingServer;


beforeAll(async () => {
  allowed = await startLocalServer('allowed page');
  hanging = await startHangingServer();
  [wat, tools, everything, hostile] = await Promise.all([
    serve('wat'),
    serve('tools'),
    serve('everything'),
    serve('hostile', ['--timeout', '3000', '--allow-host', `127.0.0.1:${allowed.port}`, '--allow-host', `127.0.0.1:${hanging.port}`, '--env', 'GRANTED', '--env', 'FIXED=fixed value', '--env-optional', 'MAYBE'], {
      GRANTED: 'from the Worker',
      HOME: '/root',
      SECRET_NOT_GRANTED: 'nope',
    }),
  ]);
}, 240_000);

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await Promise.allSettled(running.map((w) => w.close()));
  await allowed?.close();
  await hanging?.close();
});

describe('the WAT example on workerd', () => {
  it('lists and calls its tool and reads its resource (2026-07-28)', async () => {
    expect((await wat.client.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
    const echo = await wat.client.callTool({ name: 'echo', arguments: { text: 'from the edge' } });
    expect(echo.isError).toBeFalsy();
    expect(echo.structuredContent).toEqual({ text: 'from the edge' });
    const read = await wat.client.readResource({ uri: 'hello://greeting' });
    expect(JSON.stringify(read.contents)).toContain('hello://greeting');
  });

  it('serves a 2025-11-25 client too, statelessly', async () => {
    const client = new V1Client({ name: 'edge-v1', version: '0' });
    await client.connect(new V1Transport(new URL(wat.worker.url)));
    try {
      expect(client.getServerVersion()?.name).toBe('wat-hello');
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
    } finally {
      await client.close();
    }
  });

  it('is a bundle under 1 MB of modules', () => {
    const files = ['worker.js', 'component.core.wasm', 'component.core2.wasm', 'component.core3.wasm'];
    const bytes = files.reduce((n, f) => n + readFileSync(join(wat.dir, f)).byteLength, 0);
    expect(bytes).toBeLessThan(1024 * 1024);
  });
});

describe('the tools example (componentize-js) on workerd', () => {
  it('lists and calls its tools; a failing tool is an error result', async () => {
    expect((await tools.client.listTools()).tools.map((t) => t.name)).toEqual(['echo', 'add', 'count', 'content_kinds', 'fail']);
    const add = await tools.client.callTool({ name: 'add', arguments: { a: 2, b: 40 } });
    expect(add.structuredContent).toEqual({ sum: 42 });
    const fail = await tools.client.callTool({ name: 'fail', arguments: {} });
    expect(fail.isError).toBe(true);
    expect(text(fail)).toContain('something went wrong');
  });

  it('answers bad requests with JSON-RPC errors and keeps serving', async () => {
    await expect(tools.client.callTool({ name: 'add', arguments: { a: 'two', b: 40 } })).rejects.toThrow(/-32602|Invalid arguments/);
    await expect(tools.client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/Unknown tool/);
    const malformed = await fetch(tools.worker.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{not json' });
    expect(JSON.stringify(await malformed.json())).toContain('-32700');
    const made = modernRequest('tools/list');
    const post = (body: string) => fetch(tools.worker.url, { method: 'POST', headers: made.headers, body });
    const huge = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { pad: 'x'.repeat(5 * 1024 * 1024) } }));
    expect(huge.status).toBe(413);
    expect(JSON.stringify(await huge.json())).toContain('-32600');
    const deep = await post(`{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`);
    expect(deep.status).toBe(400);
    expect(JSON.stringify(await deep.json())).toMatch(/-32600.*nests deeper/);
    const unknown = await postModern(tools.worker.url, 'no/such/method');
    expect(await unknown.text()).toContain('-32601');
    expect((await tools.client.callTool({ name: 'echo', arguments: { text: 'still here' } })).isError).toBeFalsy();
  });

  it('refuses a cross-origin request and a rebound Host (DNS-rebinding protection)', async () => {
    const res = await postModern(tools.worker.url, 'tools/list', {}, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    const made = modernRequest('tools/list');
    const rebound = await postWithHost(tools.worker.url, 'evil.example', { ...made.headers, origin: 'http://evil.example' }, made.body);
    expect(rebound.status).toBe(403);
    const local = await postWithHost(tools.worker.url, 'localhost', made.headers, made.body);
    expect(local.status).toBe(200);
  });
});

describe('client input on workerd (everything component)', () => {
  it('answers a blocking request of the guest (sampling, 2025-11-25 client) with a WIT error that says to ask with input-required', async () => {
    const client = new V1Client({ name: 'edge-v1', version: '0' }, { capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, () => {
      throw new Error('the Worker must not send this request');
    });
    await client.connect(new V1Transport(new URL(everything.worker.url)));
    try {
      const result = await client.callTool({ name: 'test_sampling', arguments: { prompt: 'hi' } });
      expect(result.isError).toBe(true);
      expect(text(result as { content?: unknown })).toMatch(/cannot be sent while the component waits.*input-required/);
      expect((await client.callTool({ name: 'test_simple_text', arguments: {} })).isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });
});

describe('the sandbox on workerd (hostile fixture)', () => {
  it('refuses a host not allowed before any request is made, and keeps serving', async () => {
    const local = await startLocalServer('secret page');
    try {
      for (const url of [local.url, 'http://denied.example/']) {
        const denied = await hostile.client.callTool({ name: 'fetch', arguments: { url } });
        expect(denied.isError, url).toBe(true);
        expect(text(denied)).toMatch(/^refused: /);
      }
      expect(local.requests).toBe(0);
    } finally {
      await local.close();
    }
    const metadata = await hostile.client.callTool({ name: 'fetch', arguments: { url: 'http://169.254.169.254/latest/meta-data/' } });
    expect(metadata.isError).toBe(true);
    expect(text(metadata)).toMatch(/refused/);
    expect((await hostile.client.callTool({ name: 'get_env', arguments: { name: 'GRANTED' } })).isError).toBeFalsy();
  });

  it("reaches an allowed host through the Worker's fetch (the guest waits on JSPI), and keeps its state", async () => {
    const before = Number(text(await hostile.client.callTool({ name: 'calls', arguments: {} })));
    const got = await hostile.client.callTool({ name: 'fetch', arguments: { url: allowed.url } });
    expect(got.isError, text(got)).toBeFalsy();
    expect(text(got)).toBe('200 allowed page');
    expect(allowed.requests).toBe(1);
    expect(Number(text(await hostile.client.callTool({ name: 'calls', arguments: {} })))).toBe(before + 1);
  });

  it('stops a call that waits past its deadline (an allowed host that never answers) and serves the next from a fresh instance', async () => {
    await hostile.client.callTool({ name: 'calls', arguments: {} });
    const started = Date.now();
    const late = await hostile.client.callTool({ name: 'fetch', arguments: { url: `http://127.0.0.1:${hanging.port}/` } });
    expect(late.isError).toBe(true);
    expect(text(late)).toMatch(/deadline of 3000 ms/);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(text(await hostile.client.callTool({ name: 'calls', arguments: {} }))).toBe('1');
  });

  it('has no files', async () => {
    for (const path of ['/etc/passwd', '/bundle/worker.js', 'worker.js', '/tmp/x']) {
      const read = await hostile.client.callTool({ name: 'read_file', arguments: { path } });
      expect(read.isError, path).toBe(true);
      expect(text(read)).toMatch(/refused/);
    }
    const write = await hostile.client.callTool({ name: 'write_file', arguments: { path: '/tmp/x', text: 'x' } });
    expect(write.isError).toBe(true);
  });

  it('sees only the granted variables: from the Worker, fixed, and optional when absent', async () => {
    const env = async (name: string) => text(await hostile.client.callTool({ name: 'get_env', arguments: { name } }));
    expect(await env('GRANTED')).toBe('from the Worker');
    expect(await env('FIXED')).toBe('fixed value');
    expect(await env('MAYBE')).toBe('(unset)');
    expect(await env('HOME')).toBe('(unset)');
    expect(await env('SECRET_NOT_GRANTED')).toBe('(unset)');
    expect(await env('MCP_HOST_STATE_KEY')).toBe('(unset)');
  });

  it('answers a trap and serves the next call from a fresh instance', async () => {
    await hostile.client.callTool({ name: 'calls', arguments: {} });
    const before = Number(text(await hostile.client.callTool({ name: 'calls', arguments: {} })));
    expect(before).toBeGreaterThanOrEqual(2);
    const trap = await hostile.client.callTool({ name: 'trap', arguments: {} });
    expect(trap.isError).toBe(true);
    expect(text(trap)).toMatch(/trapped/);
    expect(text(await hostile.client.callTool({ name: 'calls', arguments: {} }))).toBe('1');
    const exit = await hostile.client.callTool({ name: 'exit', arguments: {} });
    expect(exit.isError).toBe(true);
    expect(text(exit)).toMatch(/wasi:cli\/exit/);
    expect(text(await hostile.client.callTool({ name: 'calls', arguments: {} }))).toBe('1');
  });

  it('meets the memory cap written into the modules (64 MiB: the isolate has 128 MB), and keeps serving', async () => {
    const result = await hostile.client.callTool({ name: 'allocate', arguments: {} });
    expect(result.isError).toBe(true);
    // memory.grow fails at the cap; SpiderMonkey makes that a catchable out-of-memory error: the instance lives.
    expect(text(result)).toBe('out of memory');
    expect((await hostile.client.callTool({ name: 'calls', arguments: {} })).isError).toBeFalsy();
  });

  it('writes the grants into wrangler.toml and workerd.capnp: fixed values as vars, the rest as secrets', () => {
    const toml = readFileSync(join(hostile.dir, 'wrangler.toml'), 'utf8');
    expect(toml).toMatch(/^FIXED = "fixed value"$/m);
    expect(toml).not.toMatch(/GRANTED =/);
    expect(toml).toMatch(/^no_bundle = true$/m);
    expect(toml).toMatch(/^cpu_ms = 3000$/m);
    const capnp = readFileSync(join(hostile.dir, 'workerd.capnp'), 'utf8');
    expect(capnp).toContain('(name = "GRANTED", fromEnvironment = "GRANTED")');
    expect(capnp).toContain('(name = "MAYBE", fromEnvironment = "MAYBE")');
    expect(capnp).not.toContain('HOME');
  });
});
