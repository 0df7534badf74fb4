/**
 * Newline-delimited framing of a byte stream, linear and bounded.
 *
 * Each chunk is scanned once, from where the last newline left off; the bytes
 * of an unfinished line are kept as a list of chunks and joined once, when
 * its newline arrives. (Appending to a string and searching it from the start
 * is quadratic: a 50 MiB line took 18 s and 700 MiB of RSS.) They are
 * copied into one buffer that doubles as needed (amortized linear, and at
 * most twice the limit however the bytes arrive: a list of the chunks
 * themselves would cost an object per chunk, a lot for one-byte writes,
 * and pin whole chunks for a few bytes of them). A line longer
 * than `maxLineBytes` is not kept: it is reported once, as soon as it goes
 * over, and its bytes are dropped up to the next newline, so a client cannot
 * make the host buffer more than the limit.
 *
 * Lines are split on the byte 0x0A, which never occurs inside a multi-byte
 * UTF-8 sequence, so each line decodes on its own.
 */
const NEWLINE = 0x0a;

export interface LineHandlers {
  /** A complete line, without its newline (nor a trailing carriage return). */
  line(text: string): void;
  /** A line went over the limit; its bytes up to the next newline are dropped. */
  oversized(limit: number): void;
}

/** Above this, the line buffer is let go after each line rather than kept for the next. */
const KEEP_BYTES = 1024 * 1024;

export class LineFramer {
  private buffer = Buffer.alloc(0);
  private size = 0;
  /** Dropping the rest of an oversized line. */
  private discarding = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly handlers: LineHandlers,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      this.keep(chunk, start, end);
      if (newline === -1) return;
      this.finishLine();
      start = newline + 1;
    }
  }

  private keep(chunk: Buffer, start: number, end: number): void {
    const length = end - start;
    if (this.discarding || length === 0) return;
    if (this.size + length > this.maxLineBytes) {
      this.reset();
      this.discarding = true;
      this.handlers.oversized(this.maxLineBytes);
      return;
    }
    if (this.size + length > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.maxLineBytes, Math.max(this.size + length, this.buffer.length * 2, 4096)));
      this.buffer.copy(grown, 0, 0, this.size);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, this.size, start, end);
    this.size += length;
  }

  private finishLine(): void {
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    const end = this.size > 0 && this.buffer[this.size - 1] === 0x0d ? this.size - 1 : this.size;
    const text = this.buffer.toString('utf8', 0, end);
    this.reset();
    this.handlers.line(text);
  }

  private reset(): void {
    this.size = 0;
    if (this.buffer.length > KEEP_BYTES) this.buffer = Buffer.alloc(0);
  }
}
