/**
 * JSON bytes a guest hands over (structured content, an error's data) are
 * parsed on the main thread, where each `{}` (3 bytes) costs ~100 bytes and
 * ~1 µs: at 3515ebe, 15 MB of `[{},…]` as structured content held the main
 * thread 3.3 s and 550 MB (60 MB: 25 s and 1.7 GB) before the result cap
 * refused it, and an error went out whole at up to 4 times the result cap.
 * Now the worker counts objects and arrays (wit-size.ts jsonSize) and bounds
 * an error by the cap itself (test/fixtures/lift-review, ops J and K).
 * And a text of control characters is 6 times its length as JSON: the
 * result cap's count serialized it whole (60 MB: +900 MB), now a piece at a
 * time (host/json-size.ts). Runtime calls' JSON (log data here) is counted
 * the same way against the call's 32 MB budget (runtime-imports.ts charge):
 * 203 logs of 55,000 empty objects fit it, 11 M objects for the main thread
 * to parse (2.9 s), now 32 do.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { RawClient } from '../helpers/raw-client.js';
import { testCacheDir } from '../helpers/server.js';
import { peakRss } from '../helpers/proc.js';

const MB = 1024 * 1024;

let client: RawClient;
beforeEach(async () => {
  client = await RawClient.start(componentPath('lift-review'), { cacheDir: testCacheDir() });
});
afterEach(() => client?.close());

type Answer = { result?: { content: { text: string }[]; isError?: boolean }; error?: { message: string; data?: unknown } };
let ids = 0;
async function lift(op: string): Promise<Answer> {
  const id = `c${ids++}`;
  client.callTool(id, 'lift', { op });
  return (await client.response(id)) as Answer;
}

describe('JSON a guest hands the host, multiplied by the parse', () => {
  it('refuses dense structured content in the worker, before the main thread parses it', async () => {
    await lift('k');
    const before = peakRss(client.pid);
    const answer = await lift('J:5000000'); // 15 MB of empty objects
    expect(answer.result?.isError).toBe(true);
    expect(answer.result?.content[0]?.text).toContain('far over the cap of 16777216 bytes');
    expect(peakRss(client.pid) - before).toBeLessThan(250 * MB); // 550 MB before
    expect((await lift('k')).result?.content).toEqual([{ type: 'text', text: 'done' }]);
  });

  it('bounds an error by the result cap itself', async () => {
    const answer = await lift('K:6000000'); // 18 MB of data: went to the client whole
    expect(answer.error).toBeUndefined();
    expect(answer.result?.isError).toBe(true);
    expect(answer.result?.content[0]?.text).toContain('returned an error of over 16777216 bytes');
    const small = await lift('K:2'); // a small error still goes out as it is
    expect(small.error).toMatchObject({ message: 'done', data: [{}, {}] });
  });

  it('counts the JSON of a text of control characters without serializing it whole', async () => {
    await lift('k');
    const before = peakRss(client.pid);
    const answer = await lift('T:60000000'); // 360 MB as JSON
    expect(answer.result?.content[0]?.text).toContain('returned 360000039 bytes, over the cap of 16777216 bytes');
    expect(peakRss(client.pid) - before).toBeLessThan(500 * MB); // 900 MB before
    expect((await lift('k')).result?.content).toEqual([{ type: 'text', text: 'done' }]);
  });

  it("counts a log's JSON data by its objects against the call's budget", async () => {
    expect((await lift('L:300')).result?.content).toEqual([{ type: 'text', text: 'done' }]);
    const logs = client.all.filter((m) => m.method === 'notifications/message').length;
    expect(logs).toBeGreaterThan(0);
    expect(logs).toBeLessThanOrEqual(32);
    expect(client.stderr).toContain('log and every later runtime call of this call refused');
  });
});
