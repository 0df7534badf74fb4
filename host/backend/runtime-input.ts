/**
 * The fire-and-forget runtime calls (log, send-notification), checked on the
 * main thread before anything uses them: a payload that is not JSON, a tag
 * the host does not know, a field of the wrong type is a reason to drop the
 * call (the caller logs it), never an exception.
 */
import type { LoggingLevel } from '@modelcontextprotocol/server';
import type { WitVariant } from '../worker/messages.js';

type Parsed<T> = ({ ok: true } & T) | { ok: false; reason: string };

/** Bytes of one log message's JSON data, and characters of its text. */
export const MAX_LOG_BYTES = 1024 * 1024;
/** URIs in one resources-updated notification. */
export const MAX_UPDATED_URIS = 1000;

const LEVELS = new Set<string>(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A log call's level and the data the client gets: the JSON data if given, else the message. */
export function guestLogData(level: unknown, message: unknown, data: unknown): Parsed<{ level: LoggingLevel; data: unknown }> {
  if (typeof level !== 'string' || !LEVELS.has(level)) return { ok: false, reason: `unknown level ${JSON.stringify(String(level)).slice(0, 40)}` };
  if (data === undefined) {
    if (typeof message !== 'string') return { ok: false, reason: 'the message is not a string' };
    if (message.length > MAX_LOG_BYTES) return { ok: false, reason: `the message is ${message.length} characters, over the limit of ${MAX_LOG_BYTES}` };
    return { ok: true, level: level as LoggingLevel, data: message };
  }
  if (!(data instanceof Uint8Array)) return { ok: false, reason: 'the data is not bytes' };
  if (data.byteLength > MAX_LOG_BYTES) return { ok: false, reason: `the data is ${data.byteLength} bytes, over the limit of ${MAX_LOG_BYTES}` };
  try {
    return { ok: true, level: level as LoggingLevel, data: JSON.parse(utf8.decode(data)) };
  } catch (err) {
    return { ok: false, reason: `the data is not valid JSON: ${(err as Error).message}` };
  }
}

export type GuestNotification =
  | { kind: 'list-changed'; list: 'tools' | 'resources' | 'prompts' }
  | { kind: 'resources-updated'; uris: string[] }
  | { kind: 'progress'; token: string; update: { progress: number; total?: number; message?: string } }
  | { kind: 'message'; level: LoggingLevel; data: unknown };

export function guestNotification(n: unknown): Parsed<GuestNotification> {
  const { tag, val } = (n ?? {}) as WitVariant;
  switch (tag) {
    case 'tools-list-changed':
      return { ok: true, kind: 'list-changed', list: 'tools' };
    case 'resources-list-changed':
      return { ok: true, kind: 'list-changed', list: 'resources' };
    case 'prompts-list-changed':
      return { ok: true, kind: 'list-changed', list: 'prompts' };
    case 'resources-updated': {
      if (!Array.isArray(val) || !val.every((u) => typeof u === 'string')) return { ok: false, reason: 'resources-updated needs a list of URIs' };
      if (val.length > MAX_UPDATED_URIS) return { ok: false, reason: `resources-updated names ${val.length} URIs, over the limit of ${MAX_UPDATED_URIS}` };
      return { ok: true, kind: 'resources-updated', uris: val as string[] };
    }
    case 'progress': {
      const p = (val ?? {}) as { progressToken?: unknown; progress?: unknown; total?: unknown; message?: unknown };
      if (typeof p.progressToken !== 'string' || typeof p.progress !== 'number' || !Number.isFinite(p.progress)) {
        return { ok: false, reason: 'progress needs a token and a finite number' };
      }
      const update: { progress: number; total?: number; message?: string } = { progress: p.progress };
      if (typeof p.total === 'number' && Number.isFinite(p.total)) update.total = p.total;
      if (typeof p.message === 'string') update.message = p.message;
      return { ok: true, kind: 'progress', token: p.progressToken, update };
    }
    case 'message': {
      const m = (val ?? {}) as { level?: unknown; message?: unknown; data?: unknown };
      const parsed = guestLogData(m.level, m.message, m.data);
      return parsed.ok ? { ok: true, kind: 'message', level: parsed.level, data: parsed.data } : parsed;
    }
    default:
      return { ok: false, reason: `unknown notification ${JSON.stringify(String(tag)).slice(0, 40)}` };
  }
}
