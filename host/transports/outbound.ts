/**
 * What one HTTP client is sent, capped the same way in both protocol eras:
 * a list answer (tools/list...) over --max-result-bytes becomes an error
 * naming the cap, and a notification for a client that does not read what
 * it was sent is dropped (backlog.ts). Applied to the transport a server is
 * connected to: a 2025 session's, or a 2026 request's own per-request one.
 */
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';
import { jsonByteLength } from '../json-size.js';
import type { SessionBacklog } from './backlog.js';
import { isListRequest, isNotification, listTooLarge } from './limits.js';

/** Wrap a connected transport's delivery (onmessage, set by connect) and its send. */
export function capOutbound(transport: Transport, backlog: SessionBacklog, maxListBytes: number): void {
  /** Ids of list requests not yet answered: their answers are measured. */
  const lists = new Set<string | number>();
  const deliver = transport.onmessage;
  if (deliver) {
    transport.onmessage = (message: JSONRPCMessage, extra) => {
      if (isListRequest(message)) lists.add(message.id);
      deliver.call(transport, message, extra);
    };
  }
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    if (isNotification(message)) return backlog.admit() ? send(message, options) : Promise.resolve();
    // Any answer ends the request; only a result is measured.
    if (isAnswer(message) && lists.delete(message.id) && 'result' in message) {
      const bytes = jsonByteLength(message);
      if (bytes > maxListBytes) return send(listTooLarge(message.id, bytes, maxListBytes), options);
    }
    return send(message, options);
  };
}

const isAnswer = (message: JSONRPCMessage): message is JSONRPCMessage & { id: string | number } =>
  !('method' in message) && 'id' in message && (typeof message.id === 'string' || typeof message.id === 'number');
