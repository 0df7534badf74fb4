/**
 * What waits for one HTTP session's client to read it: the bytes written to
 * its open responses (its GET stream, the POSTs being answered) that Node has
 * not flushed to the socket yet, measured as the responses' writableLength.
 * A 2026-07-28 request (no session) is metered alone the same way.
 *
 * The SDK's transport queues each message on a ReadableStream as it is sent
 * (its send resolves at once), and the stream's reader waits for the
 * response to drain: the backlog would pile up in that queue, unbounded and
 * out of sight. So a tracked response never asks its writer to wait; the
 * backlog lands in Node's buffer, where it is measured and bounded here:
 * past the limit, notifications are dropped (`admit`), and a stream that is
 * written more is ended (its client does not read; a client that does gets
 * the bytes at socket speed).
 * Writes waiting are counted too (each costs far more than its bytes).
 */
import type { ServerResponse } from 'node:http';
import { notificationsDropped, overBacklog } from './limits.js';

export class SessionBacklog {
  /** Open responses, and how many writes each has waiting. */
  private readonly open = new Map<ServerResponse, { waiting: number }>();
  private dropping = false;

  constructor(
    private readonly limit: number,
    private readonly log: (line: string) => void,
    /** What log lines call it: `session <id>` (known only after initialize), or a 2026 request. */
    private readonly label: () => string,
  ) {}

  /** Bytes written to this session's responses and not flushed yet, and in how many writes. */
  waiting(): { writes: number; bytes: number } {
    let writes = 0;
    let bytes = 0;
    for (const [res, counted] of this.open) {
      writes += counted.waiting;
      bytes += res.writableLength;
    }
    return { writes, bytes };
  }

  private over(): boolean {
    const { writes, bytes } = this.waiting();
    return overBacklog(writes, bytes, this.limit);
  }

  /** Meter a response of this session until it closes. */
  track(res: ServerResponse): void {
    const writes = { waiting: 0 };
    this.open.set(res, writes);
    res.once('close', () => this.open.delete(res));
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    // Called once the chunk is flushed (or the response failed).
    const flushed = (callback: unknown) => (err?: Error | null) => {
      writes.waiting--;
      if (typeof callback === 'function') callback(err);
    };
    res.write = ((...args: unknown[]): boolean => {
      if (res.destroyed) return true;
      if (this.over()) {
        const { writes, bytes } = this.waiting();
        this.log(`http: ${this.label()}: a stream ended: ${writes} writes, ${bytes} bytes wait for a client that does not read them`);
        res.destroy();
        return true;
      }
      writes.waiting++;
      const last = args.at(-1);
      if (typeof last === 'function') write(...args.slice(0, -1), flushed(last));
      else write(...args, flushed(undefined));
      return true;
    }) as typeof res.write;
  }

  /** Whether a notification may go now; past the limit it is dropped, with one log line a burst. */
  admit(): boolean {
    if (!this.over()) {
      this.dropping = false;
      return true;
    }
    const { writes, bytes } = this.waiting();
    if (!this.dropping) this.log(`http: ${this.label()}: ${notificationsDropped(writes, bytes, this.limit)}`);
    this.dropping = true;
    return false;
  }
}
