/**
 * A registration is applied whole or not at all, and the guest hears which:
 * the host checks it on the main thread, synchronously, while the guest
 * waits. A slow main thread (here: 100 templates at the limits, checked
 * under a short deadline) must never leave the guest told "refused
 * (timeout)" of a registration the host then applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

let host: RunningServer;
beforeAll(async () => {
  host = await startServer(componentPath('intruder'), { cacheDir: testCacheDir(), args: ['--timeout', '400'] });
});
afterAll(() => host?.close());

describe('a registration under a short deadline', () => {
  it('is never reported refused by a timeout and applied anyway', async () => {
    const body = Array.from({ length: 31 }, (_, i) => `{v${i}}a`).join('');
    const defs = Array.from({ length: 100 }, (_, i) => ({ uriTemplate: `x://{k${i}}a${body}`, name: `t${i}` }));
    const answer = await host.client.callTool({ name: 'register', arguments: { kind: 'templates', defs } }).then(
      (r) => JSON.stringify(r.content),
      (err: Error) => err.message,
    );
    const listed = (await host.client.listResourceTemplates()).resourceTemplates.filter((t) => t.uriTemplate.startsWith('x://')).length;
    expect(answer).not.toMatch(/refused \(timeout\)/);
    if (answer.includes('registered')) expect(listed).toBe(100);
    if (/refused/.test(answer)) expect(listed).toBe(0);
    // And it keeps serving. A timed-out registration re-creates the instance, and a call made
    // meanwhile has its own 400 ms deadline for that wait (on a busy machine a re-creation takes
    // longer): the host must answer again once the instance is back, so ask until it does.
    const deadline = Date.now() + 60_000;
    let pong = await call(host.client, 'ping_tool');
    while (pong.isError && /re-created/.test(pong.text) && Date.now() < deadline) pong = await call(host.client, 'ping_tool');
    expect(pong).toEqual({ text: 'pong', isError: false });
  });
});
