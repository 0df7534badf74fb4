/**
 * process.stdin/stdout/stderr of a Node server inside a component. The
 * server's own stdio transport (the SDK's StdioServerTransport) reads and
 * writes these, so it runs unchanged; bridge.ts is its peer: it writes
 * JSON-RPC lines into stdin and reads the server's lines from stdout.
 * stderr goes to the component's stderr (the host's log, labelled).
 */
import { Buffer } from 'buffer';
import { EventEmitter } from 'events';

class Stdin extends EventEmitter {
  readonly fd = 0;
  readonly isTTY = false;
  readable = true;
  paused = false;
  pause(): this {
    this.paused = true;
    return this;
  }
  resume(): this {
    this.paused = false;
    return this;
  }
  setEncoding(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  /** From the bridge: one JSON-RPC message, as the line a client writes. */
  deliver(line: string): void {
    this.emit('data', Buffer.from(`${line}\n`));
  }
}

type WriteCallback = (err?: Error | null) => void;

class LineWriter extends EventEmitter {
  readonly isTTY = false;
  writable = true;
  private pending = '';
  constructor(
    readonly fd: number,
    private onLine: (line: string) => void,
  ) {
    super();
  }
  /** Where complete lines go (the bridge takes stdout's). */
  sink(onLine: (line: string) => void): void {
    this.onLine = onLine;
  }
  write(chunk: string | Uint8Array, encoding?: string | WriteCallback, callback?: WriteCallback): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.onLine(line);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (done) queueMicrotask(() => done(null));
    return true;
  }
  end(chunk?: string | Uint8Array): this {
    if (chunk !== undefined) this.write(chunk);
    if (this.pending) this.onLine(this.pending);
    this.pending = '';
    return this;
  }
  cork(): void {}
  uncork(): void {}
}

export const stdin = new Stdin();
/** Until the bridge takes it, a line on stdout is a line of the component's stdout. */
export const stdout = new LineWriter(1, (line) => console.log(line));
export const stderr = new LineWriter(2, (line) => console.error(line));
