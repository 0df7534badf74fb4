/**
 * Guest stdout/stderr, bounded at both ends. A guest can write without end
 * and without newlines: in the worker, output waits while the guest runs
 * (the thread is busy, so nothing is flushed), and on the main thread a line
 * reader would buffer a line until its newline (hundreds of MiB without one
 * took the host down with `RangeError: Invalid string length`). So the
 * worker drops what is beyond MAX_PENDING_BYTES waiting, the main thread
 * cuts lines at MAX_LINE_BYTES, and each instance may put at most a burst
 * of OUTPUT_BURST_BYTES, then OUTPUT_RATE_BYTES a second, and of
 * OUTPUT_BURST_LINES, then OUTPUT_RATE_LINES a second, on the host's
 * stderr. Whatever is dropped is said so, once per stretch.
 */
import type { Readable } from 'node:stream';
import { DIAGNOSTIC_BURST_LINES, DIAGNOSTIC_LINES_PER_SECOND, formatDiagnostic, LineBucket } from '../diagnostics.js';

/** Output waiting in the worker for the main thread. */
export const MAX_PENDING_BYTES = 1024 * 1024;
/** A longer line is cut here and marked so. */
export const MAX_LINE_BYTES = 16 * 1024;
export const OUTPUT_BURST_BYTES = 1024 * 1024;
export const OUTPUT_RATE_BYTES = 64 * 1024;

/** Once a write is in flight, smaller guest writes are gathered into writes of this many bytes. */
export const GATHER_BYTES = 64 * 1024;

/**
 * In the worker: writes beyond MAX_PENDING_BYTES waiting are dropped (the
 * rest of a chunk that does not fit, and every chunk after it), and a note
 * of how much goes out with the next write that fits. Each write waiting
 * also costs the host its own objects (a few hundred bytes) and an empty
 * one no bytes at all: a guest writing one byte or none in a loop grew the
 * host by ~40 MB a second. So empty writes are dropped, and while one is in
 * flight smaller ones are gathered into GATHER_BYTES (the rest goes out
 * when the thread is next free, i.e. when the guest's call returns).
 */
export function boundPendingOutput(stream: NodeJS.WritableStream & { writableLength: number }): void {
  const write = stream.write.bind(stream) as (chunk: string | Uint8Array) => boolean;
  let dropped = 0;
  const pass = (chunk: string | Uint8Array): boolean => {
    const room = MAX_PENDING_BYTES - stream.writableLength;
    const size = typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    if (room <= 0) {
      dropped += size;
      return false;
    }
    if (dropped > 0) {
      write(`\n[mcp-host: ${dropped} bytes of this component's output dropped: over ${MAX_PENDING_BYTES} bytes were waiting]\n`);
      dropped = 0;
    }
    if (size <= room) return write(chunk);
    dropped += size - room;
    return write(chunk.slice(0, room));
  };
  const gathered = new Uint8Array(GATHER_BYTES);
  let filled = 0;
  const flush = (): void => {
    if (filled > 0) pass(gathered.slice(0, filled));
    filled = 0;
  };
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const done = rest.find((r): r is () => void => typeof r === 'function');
    if (done) queueMicrotask(done); // nobody waits for guest output to be written
    if (chunk.length === 0) return true;
    if (filled === 0 && stream.writableLength === 0) return pass(chunk);
    if (typeof chunk === 'string' || filled + chunk.byteLength > GATHER_BYTES) flush();
    if (typeof chunk === 'string' || chunk.byteLength >= GATHER_BYTES) return pass(chunk);
    if (filled === 0) queueMicrotask(flush);
    gathered.set(chunk, filled);
    filled += chunk.byteLength;
    return false;
  }) as typeof stream.write;
}

/**
 * Lines an instance may put on the host's stderr: a burst, then a rate. Half
 * of what the host's diagnostics about one component may be (diagnostics.ts),
 * so output alone never silences the host's notes about that component.
 */
export const OUTPUT_BURST_LINES = DIAGNOSTIC_BURST_LINES / 2;
export const OUTPUT_RATE_LINES = DIAGNOSTIC_LINES_PER_SECOND / 2;

/**
 * How much one instance may write to the host's stderr: token buckets of
 * bytes and of lines. A line is charged what it costs on the host's stderr
 * (prefix, label, escapes and newline), not its own bytes: an empty line
 * is never free.
 */
export class OutputBudget {
  private tokens = OUTPUT_BURST_BYTES;
  private last = Date.now();
  private readonly lines = new LineBucket(OUTPUT_BURST_LINES, OUTPUT_RATE_LINES);
  private droppedLines = 0;

  constructor(
    private readonly label: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Log a line of output if the budget allows, else count it as dropped. */
  emit(text: string): void {
    const line = `${this.label}| ${text}`;
    const cost = Buffer.byteLength(formatDiagnostic(line));
    const now = Date.now();
    this.tokens = Math.min(OUTPUT_BURST_BYTES, this.tokens + ((now - this.last) / 1000) * OUTPUT_RATE_BYTES);
    this.last = now;
    if (this.tokens < cost || !this.lines.take()) {
      if (this.droppedLines++ === 0) {
        this.log(`${this.label}| [mcp-host: output over ${OUTPUT_RATE_BYTES} bytes or ${OUTPUT_RATE_LINES} lines a second, dropping it]`);
      }
      return;
    }
    this.tokens -= cost;
    if (this.droppedLines > 0) {
      this.log(`${this.label}| [mcp-host: ${this.droppedLines} lines of output were dropped]`);
      this.droppedLines = 0;
    }
    this.log(line);
  }
}

/** Guest output, a line at a time (cut at MAX_LINE_BYTES), to the instance's budget. */
export function pipeLines(stream: Readable, budget: OutputBudget): void {
  const decoder = new TextDecoder();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** The current line was cut: skip the rest of it, up to its newline. */
  let skipping = false;

  const flush = (cut: boolean): void => {
    let text = decoder.decode(Buffer.concat(pending, pendingBytes));
    if (text.endsWith('\r')) text = text.slice(0, -1);
    pending = [];
    pendingBytes = 0;
    budget.emit(cut ? `${text} [mcp-host: line cut at ${MAX_LINE_BYTES} bytes]` : text);
  };
  const add = (part: Buffer): void => {
    if (skipping || part.length === 0) return;
    const room = MAX_LINE_BYTES - pendingBytes;
    if (part.length <= room) {
      pending.push(part);
      pendingBytes += part.length;
      return;
    }
    pending.push(part.subarray(0, room));
    pendingBytes += room;
    flush(true);
    skipping = true;
  };

  stream.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      add(chunk.subarray(start, nl));
      if (!skipping) flush(false);
      skipping = false;
      start = nl + 1;
    }
    add(chunk.subarray(start));
  });
  stream.on('end', () => {
    if (pendingBytes > 0) flush(false);
  });
}
