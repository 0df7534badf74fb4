/**
 * A lifted `list<u8>` is an ArrayBuffer of its own (jco: memory.buffer.slice),
 * outside the instance worker's heap cap: 3,000 image blocks whose data is
 * the same 1 MiB of guest memory took the host to 3.1 GB (at 3515ebe).
 * worker/lifted-bytes.ts bounds this isolate's live buffers; the call traps
 * mid-lift, the next call gets a new instance. Legitimately large bytes and
 * text still pass at the edges of the caps (test/fixtures/lift-review). A raw
 * client: the SDK's refuses messages over 10 MiB.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { RawClient } from '../helpers/raw-client.js';
import { testCacheDir } from '../helpers/server.js';
import { peakRss } from '../helpers/proc.js';

const MB = 1024 * 1024;

let client: RawClient | undefined;
afterEach(() => client?.close());
const start = async (args: string[] = []): Promise<RawClient> =>
  (client = await RawClient.start(componentPath('lift-review'), { cacheDir: testCacheDir(), args }));

type Block = { type: string; text?: string; data?: string };
let ids = 0;
async function lift(op: string, extra: Record<string, unknown> = {}): Promise<{ content: Block[]; isError?: boolean }> {
  const id = `c${ids++}`;
  client!.callTool(id, 'lift', { op, ...extra });
  return (await client!.response(id)).result as { content: Block[]; isError?: boolean };
}

describe('bytes a guest hands the host, multiplied by the lift', () => {
  it('traps a lift of shared bytes past the instance buffers, and serves the next call', async () => {
    const { pid } = await start();
    await lift('k');
    const before = peakRss(pid);
    const answer = await lift('I:3000'); // 3,000 copies of one MiB, from ~2 MB of guest memory
    expect(answer.isError).toBe(true);
    expect(answer.content[0]!.text).toContain('the component trapped'); // mid-lift, whichever bound stops it
    expect(peakRss(pid) - before).toBeLessThan(1000 * MB); // 3 GB before
    expect((await lift('k')).content).toEqual([{ type: 'text', text: 'done' }]);
  });

  it('still hands over large legitimate bytes and text at the caps', async () => {
    await start(['--max-memory', '64M', '--max-result-bytes', '100M']);
    const image = await lift('I:60'); // 60 MiB, 84 MB as base64
    expect(image.content.length).toBe(60);
    expect(image.content[59]!.data!.length).toBe(4 * Math.ceil(MB / 3));
    expect((await lift('A:60000000')).content[0]!.text!.length).toBe(60_000_000);
    client!.close();
    await start();
    expect((await lift('A:16000000')).content[0]!.text!.length).toBe(16_000_000);
    expect((await lift('k', { pad: 'a'.repeat(16_000_000) })).content).toEqual([{ type: 'text', text: 'done' }]);
  });
});
