/**
 * The 2025-11-25 era over HTTP: a session table of the SDK's
 * NodeStreamableHTTPServerTransport, one per session (initialize,
 * mcp-session-id, the GET stream, DELETE). It owns what the SDK leaves to
 * the application: at most `maxSessions` open or being opened (503 past
 * that), an idle sweep, and the release of what `openSession` made (an
 * instance, with --instances per-session) unless a session the client can
 * use came of it: when the SDK transport refuses the initialize (406, 415, a
 * batch...), when it fails, and when the client goes away before it has the
 * initialize answer. Each session's answers are capped (outbound.ts) and
 * what waits for its client is bounded (backlog.ts).
 */
import { randomUUID } from 'node:crypto';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { isInitializeRequest, type Server } from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import { SessionBacklog } from './backlog.js';
import { jsonRpcError } from './http-errors.js';
import { capOutbound } from './outbound.js';

export interface Session {
  /** A server for this session alone (it is connected to the session's transport). */
  server: Server;
  /** Release what the session held (its component instance, if it had its own). */
  release(): Promise<void>;
}

export interface SessionOptions {
  openSession: () => Promise<Session>;
  sessionIdleMs: number;
  maxSessions: number;
  maxBacklogBytes: number;
  maxListBytes: number;
  log: (line: string) => void;
}

export interface SessionTable {
  has(id: string): boolean;
  /** Serve a 2025 request (its body already parsed). */
  handle(req: Request, res: Response): Promise<void>;
  size(): number;
  close(): Promise<void>;
}

type Open = { transport: NodeStreamableHTTPServerTransport; backlog: SessionBacklog; lastSeen: number };

export const sessionNotFound = (res: Response, id: string): void =>
  jsonRpcError(res, 404, -32001, `Session not found: ${id}. Start a new one with initialize`);
export const noSession = (res: Response): void =>
  jsonRpcError(res, 400, -32000, 'Bad Request: no mcp-session-id header; the first request of a session must be initialize');

export function sessionTable(opts: SessionOptions): SessionTable {
  const sessions = new Map<string, Open>();
  /** Sessions whose initialize is being served: they count against the cap too. */
  let opening = 0;
  const sweep = setInterval(
    () => {
      const cutoff = Date.now() - opts.sessionIdleMs;
      for (const [id, open] of sessions) {
        if (open.lastSeen >= cutoff) continue;
        opts.log(`http: session ${id} idle for ${Math.round(opts.sessionIdleMs / 1000)} s, closed`);
        void open.transport.close();
      }
    },
    Math.min(opts.sessionIdleMs / 2, 60_000),
  );
  sweep.unref();

  /** Open a session for this initialize request, or release what was made for it. */
  const initialize = async (req: Request, res: Response): Promise<void> => {
    // The client may go away at any point: while the instance starts, or before its initialize is answered.
    let gone = false;
    let transport: NodeStreamableHTTPServerTransport | undefined;
    res.once('close', () => {
      if (res.writableFinished) return;
      gone = true;
      if (transport?.sessionId) {
        opts.log(`http: session ${transport.sessionId} closed: the client went away before its initialize was answered`);
        void transport.close();
      }
    });
    const session = await opts.openSession();
    let released: Promise<void> | undefined;
    const release = (): Promise<void> => (released ??= session.release());
    if (gone) {
      opts.log('http: a session was not opened: the client went away before its initialize was answered');
      return release();
    }
    const backlog = new SessionBacklog(opts.maxBacklogBytes, opts.log, () => `session ${made.sessionId ?? '(opening)'}`);
    const made = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, { transport: made, backlog, lastSeen: Date.now() }),
    });
    transport = made;
    backlog.track(res);
    made.onclose = () => {
      if (made.sessionId) sessions.delete(made.sessionId);
      void release();
    };
    try {
      await session.server.connect(made);
      capOutbound(made, backlog, opts.maxListBytes);
      await made.handleRequest(req, res, req.body);
    } finally {
      // No session id: the transport refused the request, or failed; no one can use this session.
      if (!made.sessionId || gone) await made.close();
    }
  };

  return {
    has: (id) => sessions.has(id),
    size: () => sessions.size,
    async handle(req, res) {
      const sessionId = req.header('mcp-session-id');
      if (sessionId) {
        const open = sessions.get(sessionId);
        if (!open) return sessionNotFound(res, sessionId);
        open.lastSeen = Date.now();
        open.backlog.track(res);
        return open.transport.handleRequest(req, res, req.body);
      }
      if (req.method !== 'POST' || !isInitializeRequest(req.body)) return noSession(res);
      if (sessions.size + opening >= opts.maxSessions) {
        res.setHeader('retry-after', '5');
        return jsonRpcError(res, 503, -32000, `Too many sessions: ${opts.maxSessions} are open, the maximum (--max-sessions). End one (DELETE) or try again later`);
      }
      opening++;
      try {
        await initialize(req, res);
      } finally {
        opening--;
      }
    },
    async close() {
      clearInterval(sweep);
      for (const { transport } of [...sessions.values()]) await transport.close();
    },
  };
}
