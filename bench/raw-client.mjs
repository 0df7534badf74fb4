/**
 * A raw JSON-RPC client on a stdio MCP server: newline-delimited JSON written
 * to stdin, answers matched by id from stdout. No SDK, no schema validation,
 * so what it measures is the server and the pipe; the SDK Client's own cost
 * is measured apart (bench/run.mjs has both).
 *
 * Framing is linear: each chunk is scanned once for newlines and a line's
 * chunks are joined once, so a 10 MB answer costs the client one copy, not
 * the SDK ReadBuffer's concat per chunk.
 */
import { spawn } from 'node:child_process';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { now, tail } from './lib.mjs';

const NEWLINE = 0x0a;

export class RawClient {
  #child;
  #nextId = 1;
  #pending = new Map();
  #parts = [];
  #out = [];
  #flushing = false;
  #exited;

  constructor({ command, args, env }) {
    this.#child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.log = tail(this.#child.stderr);
    this.pid = this.#child.pid;
    this.#child.stdout.on('data', (chunk) => this.#onData(chunk));
    this.#exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.once('exit', (code, signal) => this.#failAll(new Error(`server exited (${code ?? signal})\n${this.log.join('\n')}`)));
    this.#child.once('error', (err) => this.#failAll(err));
    this.#child.stdin.on('error', () => {}); // a server that exits mid-write is reported through the pending calls
  }

  /** Spawn and complete the initialize handshake; `ms` is spawn → initialize answered. */
  static async connect(spec) {
    const started = now();
    const client = new RawClient(spec);
    const init = await client.request('initialize', {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: 'mcp-host-bench-raw', version: '1.0.0' },
    });
    if (init.error) throw new Error(`initialize: ${JSON.stringify(init.error)}`);
    client.ms = now() - started;
    client.notify('notifications/initialized');
    return client;
  }

  /** Send a request; resolves with the whole response message (result or error). */
  request(method, params) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.#send({ jsonrpc: '2.0', method, ...(params ? { params } : {}) });
  }

  /** `tools/call`; rejects on a JSON-RPC error or an isError result, resolves with the result. */
  async callTool(name, args) {
    const answer = await this.request('tools/call', { name, arguments: args });
    if (answer.error) throw new Error(`${name}: ${JSON.stringify(answer.error)}`);
    if (answer.result?.isError) throw new Error(`${name}: ${JSON.stringify(answer.result.content)}`);
    return answer.result;
  }

  /**
   * Throughput with `depth` calls in flight: write `depth` requests before
   * reading any answer, send a new one for each answer until `seconds` have
   * passed, then wait for the last ones. Returns calls/s over the whole span.
   */
  inFlight(depth, seconds, name, args) {
    return new Promise((resolve, reject) => {
      const started = now();
      const until = started + seconds * 1000;
      let done = 0;
      let open = 0;
      let failed = false;
      const issue = () => {
        open++;
        this.callTool(name, args).then(answered, (err) => {
          if (!failed) reject(err);
          failed = true;
        });
      };
      const answered = () => {
        open--;
        done++;
        if (now() < until) issue();
        else if (open === 0) {
          const elapsed = (now() - started) / 1000;
          resolve({ depth, calls: done, seconds: elapsed, callsPerSecond: done / elapsed });
        }
      };
      for (let i = 0; i < depth; i++) issue();
    });
  }

  async close() {
    this.#child.stdin.end();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5000);
    if (this.#child.exitCode === null && this.#child.signalCode === null) await this.#exited;
    clearTimeout(timer);
  }

  // Writes made in one tick go out in one write: 64 requests issued together are one pipe write.
  #send(message) {
    this.#out.push(JSON.stringify(message), '\n');
    if (this.#flushing) return;
    this.#flushing = true;
    queueMicrotask(() => {
      this.#flushing = false;
      const data = this.#out.join('');
      this.#out = [];
      this.#child.stdin.write(data);
    });
  }

  #onData(chunk) {
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, nl);
      const line = this.#parts.length ? Buffer.concat([...this.#parts, piece]) : piece;
      this.#parts = [];
      start = nl + 1;
      if (line.length > 0) this.#onLine(line);
    }
    if (start < chunk.length) this.#parts.push(chunk.subarray(start));
  }

  #onLine(line) {
    let message;
    try {
      message = JSON.parse(line.toString('utf8'));
    } catch {
      this.#failAll(new Error(`not JSON on stdout: ${line.toString('utf8', 0, 200)}`));
      return;
    }
    if (message.id === undefined || message.method !== undefined) return; // notifications and server requests: not ours to answer here
    const waiting = this.#pending.get(message.id);
    if (!waiting) return;
    this.#pending.delete(message.id);
    waiting.resolve(message);
  }

  #failAll(err) {
    const waiting = [...this.#pending.values()];
    this.#pending.clear();
    for (const w of waiting) w.reject(err);
  }
}
