/**
 * A raw line-level client for `mcp-host run`: write any line to stdin, read
 * JSON-RPC messages from stdout. For what the SDK client cannot send
 * (malformed input) or hides (a response that must not come).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { cliPath, root } from './fixtures.js';

export type Message = Record<string, unknown>;

export class RawClient {
  readonly received: Message[] = [];
  /** Every message in arrival order, responses included (`received` loses the responses taken). */
  readonly all: Message[] = [];
  stderr = '';
  private readonly child: ChildProcessWithoutNullStreams;
  private waiters: (() => void)[] = [];

  constructor(component: string, opts: { cacheDir: string; args?: string[] }) {
    this.child = spawn(process.execPath, [cliPath, 'run', component, ...(opts.args ?? [])], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', MCP_HOST_CACHE_DIR: opts.cacheDir },
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as Message;
      this.received.push(message);
      this.all.push(message);
      const waiting = this.waiters;
      this.waiters = [];
      for (const wake of waiting) wake();
    });
  }

  /** Start and complete the initialize handshake. */
  static async start(component: string, opts: { cacheDir: string; args?: string[] }): Promise<RawClient> {
    const client = new RawClient(component, opts);
    client.send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });
    await client.response(0);
    client.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return client;
  }

  /** Process id of `mcp-host run`. */
  get pid(): number {
    return this.child.pid!;
  }

  /** Write raw bytes to stdin, no newline added; resolves once the pipe has taken them. */
  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.child.stdin.write(data, (err) => (err ? reject(err) : resolve())));
  }

  /** Bytes written to stdin that the host has not read yet (waiting in this process). */
  pendingInput(): number {
    return this.child.stdin.writableLength;
  }

  send(message: Message | string): void {
    this.child.stdin.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
  }

  /** The next message with this id (taken out of `received`); with `withinMs`, a failure naming the id if none comes by then. */
  async response(id: number | string | null, withinMs?: number): Promise<Message> {
    const deadline = withinMs === undefined ? undefined : Date.now() + withinMs;
    for (;;) {
      const index = this.received.findIndex((m) => m.id === id && ('result' in m || 'error' in m));
      if (index >= 0) return this.received.splice(index, 1)[0]!;
      const left = deadline === undefined ? undefined : deadline - Date.now();
      if (left !== undefined && left <= 0) throw new Error(`no response to id ${JSON.stringify(id)} within ${withinMs} ms; stderr:\n${this.stderr.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        if (left !== undefined) setTimeout(resolve, left);
      });
    }
  }

  /** Send a tools/call request with this id. */
  callTool(id: string, name: string, args: object = {}): void {
    this.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });
  }

  /** The answer to tools/call `id` as one line: its first text, prefixed `error: ` for an error result. */
  async toolText(id: string): Promise<string> {
    const answer = (await this.response(id)) as { result?: { content: { text: string }[]; isError?: boolean } };
    return `${answer.result?.isError ? 'error: ' : ''}${answer.result?.content[0]?.text}`;
  }

  /** Stop reading the host's stdout (a client that does not keep up), and start again. */
  pauseReading(): void {
    this.child.stdout.pause();
  }
  resumeReading(): void {
    this.child.stdout.resume();
  }

  /** Close stdin, as a client that is done does. */
  endInput(): void {
    this.child.stdin.end();
  }

  /** The host's exit code, when it exits. */
  exited(): Promise<number | null> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  close(): void {
    this.child.kill();
  }
}
