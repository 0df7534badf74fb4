/** A JSON-RPC error as an HTTP answer (what the host refuses before, or instead of, the SDK). */
import type { Response } from 'express';

export function jsonRpcError(res: Response, status: number, code: number, message: string, id: string | number | null = null): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id });
}

/** The id to echo in an error for this body: a single request's, else null. */
export function requestIdOf(body: unknown): string | number | null {
  const id = (body as { id?: unknown; method?: unknown } | null)?.id;
  return typeof body === 'object' && body !== null && !Array.isArray(body) && (typeof id === 'string' || typeof id === 'number') ? id : null;
}
