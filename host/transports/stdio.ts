/**
 * MCP over stdio: newline-delimited JSON-RPC on stdin/stdout.
 *
 * Why not the SDK's StdioServerTransport: it drops a line that is not JSON,
 * or not JSON-RPC, with no answer (only `onerror`), and the client waits
 * forever. JSON-RPC 2.0 requires a Parse error (-32700) or Invalid Request
 * (-32600) response; this transport sends it and goes on. Otherwise it does
 * what the SDK's does, with the SDK's Transport contract and serializer.
 *
 * Framing is linear and bounded (line-framer.ts): a line over
 * `maxMessageBytes` is answered with Invalid Request (id null) as soon as it
 * goes over, and dropped up to its newline without being held.
 *
 * stdout carries protocol messages only; everything else goes to stderr.
 */
import { ProtocolErrorCode as ErrorCode, serializeMessage, SUBSCRIPTION_ID_META_KEY, type JSONRPCMessage, type McpServerFactory, type Transport } from '@modelcontextprotocol/server';
import { serveStdio as serveStdioEntry } from '@modelcontextprotocol/server/stdio';
import { JSONRPCMessageSchema } from '@modelcontextprotocol/core';
import type { Readable, Writable } from 'node:stream';
import { DEFAULT_MAX_BACKLOG_BYTES, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_LIST_BYTES, isListRequest, isNotification, listenFilterBytes, listenFilterTooLarge, listTooLarge, MAX_LISTEN_FILTER_BYTES, MAX_MESSAGE_DEPTH, MAX_UNANSWERED_REQUESTS, messageTooDeep, messageTooLarge, notificationsDropped, overBacklog, unansweredBytesBudget } from './limits.js';
import { jsonDeeperThan } from '../json-depth.js';
import { LineFramer } from './line-framer.js';

export interface StdioOptions {
  /** Largest line accepted, bytes. */
  maxMessageBytes?: number;
  /** Most bytes written to stdout and not yet flushed before notifications are dropped. */
  maxBacklogBytes?: number;
  /** Largest list answer sent (tools/list...), bytes as serialized: --max-result-bytes. */
  maxListBytes?: number;
  /** Host diagnostics (default: stderr). */
  log?: (line: string) => void;
  /**
   * Told of each `subscriptions/listen` (2026-07-28) the server acknowledged,
   * with the resources it names (unchecked) and a signal that aborts when the
   * listen ends: cancelled, closed by the server, replaced by another listen
   * of the same id, or the connection ends. A refused listen is never told.
   */
  onListen?: (resources: unknown, ended: AbortSignal) => void;
}

export class StdioTransport implements Transport {
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  private readonly framer: LineFramer;
  private closed = false;
  private markEnded!: () => void;
  /** Settles when the connection has ended (end of input, stdout gone, or close). */
  readonly ended = new Promise<void>((resolve) => (this.markEnded = resolve));
  /** Requests received and not yet answered, by id, with their size: answered before closing at end of input. */
  private readonly unanswered = new Map<string | number, number>();
  private unansweredBytes = 0;
  private readonly maxUnansweredBytes: number;
  /** Reading stdin is paused: too many requests wait for an answer. */
  private throttled = false;
  private drained: (() => void) | undefined;
  private readonly maxBacklogBytes: number;
  private readonly log: (line: string) => void;
  private dropping = false;
  /** Ids of list requests not yet answered: their answers are capped. */
  private readonly lists = new Set<string | number>();
  private readonly maxListBytes: number;
  /** Writes to stdout not flushed yet. */
  private waiting = 0;
  /** stdout is corked until the end of this turn (corkForThisTurn). */
  private corked = false;
  /**
   * Listens by request id: asked (their filter, until the server acknowledges
   * or refuses them) and open (acknowledged, until they end). A listen is
   * answered only when it ends, so it is not `unanswered`.
   */
  private readonly askedListens = new Map<string | number, unknown>();
  private readonly listens = new Map<string | number, AbortController>();
  private readonly onListen: StdioOptions['onListen'];

  constructor(
    private readonly stdin: Readable = process.stdin,
    private readonly stdout: Writable = process.stdout,
    options: StdioOptions = {},
  ) {
    this.maxBacklogBytes = options.maxBacklogBytes ?? DEFAULT_MAX_BACKLOG_BYTES;
    this.maxListBytes = options.maxListBytes ?? DEFAULT_MAX_LIST_BYTES;
    this.log = options.log ?? ((line) => void process.stderr.write(`${line}\n`));
    this.onListen = options.onListen;
    this.maxUnansweredBytes = unansweredBytesBudget(options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
    this.framer = new LineFramer(options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES, {
      line: (line) => {
        if (line.trim().length > 0) this.onLine(line);
      },
      oversized: (limit) => void this.replyError(null, ErrorCode.InvalidRequest, messageTooLarge(limit)),
    });
  }

  async start(): Promise<void> {
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onError);
    // stdout failing (EPIPE: the client closed it) means the client is gone: close, as at end of input.
    // Never removed: writes already queued fail too, and an 'error' with no listener would end the host.
    this.stdout.on('error', this.onStdoutError);
    // At end of input, answer what was asked before closing: `printf ... | mcp-host run`
    // sends everything and closes at once.
    this.stdin.once('end', () => {
      if (this.unanswered.size === 0) void this.close();
      else this.drained = () => void this.close();
    });
  }

  /**
   * Written at once, never waiting for stdout to drain: what the client has
   * not read waits in stdout's buffer, where it is measured, and past
   * `maxBacklogBytes` (or MAX_BACKLOG_WRITES writes) notifications are
   * dropped (one log line a burst).
   * Waiting would keep it unmeasured, in the senders' queue, as many
   * notifications as they queue, however large.
   */
  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return;
    this.trackListen(message);
    if (isNotification(message) && !this.admit()) return;
    let line = serializeMessage(message);
    if ('result' in message && this.lists.delete(message.id)) {
      const bytes = Buffer.byteLength(line);
      if (bytes > this.maxListBytes) line = serializeMessage(listTooLarge(message.id, bytes, this.maxListBytes) as unknown as JSONRPCMessage);
    }
    this.waiting++;
    this.corkForThisTurn();
    this.stdout.write(line, () => this.waiting--);
    if ('result' in message || 'error' in message) this.forget(message.id as string | number);
  }

  /**
   * What is sent in one turn of the event loop (the answers to the results
   * the worker posted meanwhile) goes out in one write (writev) at its end
   * (setImmediate), not one syscall and one wake-up of the client each.
   * Corked bytes count in writableLength, so the backlog sees them.
   */
  private corkForThisTurn(): void {
    if (this.corked) return;
    this.corked = true;
    this.stdout.cork();
    setImmediate(() => {
      this.corked = false;
      this.stdout.uncork();
    });
  }

  /**
   * Follow the server's side of each listen: its acknowledgement opens it
   * (reported then, with the filter it was asked with), its closing result
   * ends it, and an answer for its id that is neither (a refusal) drops an
   * asked one. The ids are the client's, so another request may reuse one:
   * only the listen's own messages count, each carrying its subscription id.
   */
  private trackListen(message: JSONRPCMessage): void {
    const subscription = (message as { params?: { _meta?: Record<string, unknown> }; result?: { _meta?: Record<string, unknown> } });
    if ('method' in message && message.method === 'notifications/subscriptions/acknowledged') {
      const id = subscription.params?._meta?.[SUBSCRIPTION_ID_META_KEY] as string | number | undefined;
      if (id === undefined || !this.askedListens.has(id)) return;
      const filter = this.askedListens.get(id);
      this.askedListens.delete(id);
      this.endListen(id); // the same id listening again replaces the filter, as the server does
      if (!this.onListen) return;
      const ended = new AbortController();
      this.listens.set(id, ended);
      this.onListen((filter as { resourceSubscriptions?: unknown } | undefined)?.resourceSubscriptions, ended.signal);
      return;
    }
    if (!('id' in message) || !('result' in message || 'error' in message)) return;
    if ('error' in message) { if (message.id !== undefined) this.askedListens.delete(message.id); }
    else if (subscription.result?._meta?.[SUBSCRIPTION_ID_META_KEY] === message.id) this.endListen(message.id);
  }

  private endListen(id: string | number | undefined): void {
    if (id === undefined) return;
    this.listens.get(id)?.abort();
    this.listens.delete(id);
  }

  /**
   * Whether notifications are being dropped now (the client does not keep
   * up): a sender may skip making them at all. Dropping is said on stderr
   * once a burst, by the send that first found the backlog over its bound.
   */
  congested(): boolean {
    return this.dropping && overBacklog(this.waiting, this.stdout.writableLength, this.maxBacklogBytes);
  }

  private admit(): boolean {
    const bytes = this.stdout.writableLength;
    if (!overBacklog(this.waiting, bytes, this.maxBacklogBytes)) {
      this.dropping = false;
      return true;
    }
    if (!this.dropping) this.log(`stdio: ${notificationsDropped(this.waiting, bytes, this.maxBacklogBytes)}`);
    this.dropping = true;
    return false;
  }

  private forget(id: string | number | undefined): void {
    if (id === undefined || !this.unanswered.has(id)) return;
    this.unansweredBytes -= this.unanswered.get(id)!;
    this.unanswered.delete(id);
    if (this.throttled && !this.overUnanswered()) {
      this.throttled = false;
      if (!this.closed) this.stdin.resume();
    }
    if (this.unanswered.size === 0) this.drained?.();
  }

  private overUnanswered(): boolean {
    return this.unanswered.size >= MAX_UNANSWERED_REQUESTS || this.unansweredBytes >= this.maxUnansweredBytes;
  }

  /** A request to answer: past the bound, stop reading until some are answered. */
  private expectAnswer(id: string | number, bytes: number): void {
    this.unansweredBytes += bytes - (this.unanswered.get(id) ?? 0); // a reused id replaces the one before
    this.unanswered.set(id, bytes);
    if (this.throttled || !this.overUnanswered()) return;
    this.throttled = true;
    this.stdin.pause();
    this.log(`stdio: ${this.unanswered.size} requests (${this.unansweredBytes} bytes) wait for an answer: not reading more until some are answered`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onError);
    this.stdin.pause();
    for (const id of [...this.listens.keys()]) this.endListen(id);
    this.askedListens.clear();
    this.onclose?.();
    this.markEnded();
  }

  private readonly onError = (error: Error): void => this.onerror?.(error);

  private readonly onStdoutError = (error: Error): void => {
    if (this.closed) return;
    this.log(`stdio: stdout failed (${(error as NodeJS.ErrnoException).code ?? error.message}): the client is gone, closing`);
    void this.close();
  };

  // Bytes, not strings: a stream that set an encoding would hand over strings.
  private readonly onData = (chunk: Buffer | string): void => this.framer.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);

  private onLine(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      void this.replyError(null, ErrorCode.ParseError, `Parse error: ${(err as Error).message}`);
      return;
    }
    if (jsonDeeperThan(line, MAX_MESSAGE_DEPTH)) {
      const id = (value as { id?: unknown } | null)?.id;
      void this.replyError(typeof id === 'string' || typeof id === 'number' ? id : null, ErrorCode.InvalidRequest, messageTooDeep());
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      const id = (value as { id?: unknown } | null)?.id;
      void this.replyError(
        typeof id === 'string' || typeof id === 'number' ? id : null,
        ErrorCode.InvalidRequest,
        'Invalid Request: expected a JSON-RPC 2.0 request, notification or response object',
      );
      return;
    }
    const message = parsed.data;
    if ('method' in message && 'id' in message && message.method === 'subscriptions/listen') {
      // Held by the server for as long as the listen is open: bounded as over HTTP.
      const bytes = listenFilterBytes(message);
      if (bytes > MAX_LISTEN_FILTER_BYTES) {
        void this.replyError(message.id, ErrorCode.InvalidParams, listenFilterTooLarge(bytes));
        return;
      }
      this.askedListens.set(message.id, (message.params as { notifications?: unknown } | undefined)?.notifications);
    } else if ('method' in message && 'id' in message) this.expectAnswer(message.id, line.length);
    if (isListRequest(message)) this.lists.add(message.id);
    // A cancelled request gets no answer (MCP): stop waiting for one.
    if ('method' in message && message.method === 'notifications/cancelled' && !('id' in message)) {
      const requestId = (message.params as { requestId?: string | number } | undefined)?.requestId;
      this.forget(requestId);
      this.endListen(requestId);
      if (requestId !== undefined) this.askedListens.delete(requestId);
    }
    this.onmessage?.(message);
  }

  private replyError(id: string | number | null, code: number, message: string): Promise<void> {
    // `id: null` is what JSON-RPC 2.0 prescribes when the id is unknown; the
    // SDK's message type has no room for it, hence the cast.
    return this.send({ jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage);
  }
}

/**
 * Serve MCP on stdio until the client closes stdin: the SDK's stdio entry
 * (it decides the connection's era from its first message, answers
 * `server/discover` and `subscriptions/listen`, and asks `factory` for the
 * instance) over this file's transport.
 */
export async function serveStdio(factory: McpServerFactory, transport = new StdioTransport(), onerror?: (error: Error) => void): Promise<void> {
  const handle = serveStdioEntry(factory, { transport, legacy: 'serve', onerror });
  await transport.ended;
  await handle.close();
}
