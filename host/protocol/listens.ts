/**
 * Resource subscriptions of the 2026-07-28 era. A client subscribes by
 * naming resources in a `subscriptions/listen` request and unsubscribes by
 * ending it (cancelling it, closing its stream). The SDK's serving entries
 * answer the listen and filter what reaches each one; this holds the
 * backend's subscriptions while some listen names a resource: the first
 * listen of a URI subscribes the backend, the last one to end unsubscribes.
 * Transports report listens (they see the request and its end); nothing
 * here knows a transport.
 */
import type { Backend } from '../backend/backend.js';

/** Resources one listen may hold the backend subscribed to (each is a call into the component). */
export const MAX_LISTEN_RESOURCES = 64;
/** Longest URI held. */
const MAX_URI_BYTES = 8192;

export class ResourceListens {
  /** URI → listens naming it. */
  private readonly held = new Map<string, number>();

  constructor(
    private readonly backend: Backend,
    private readonly log: (line: string) => void,
  ) {}

  /** A listen naming `uris` (as the client sent them: unchecked), until `ended` aborts. */
  hold(uris: unknown, ended: AbortSignal): void {
    if (ended.aborted || !Array.isArray(uris)) return;
    const named = [...new Set(uris.filter((u): u is string => typeof u === 'string' && u.length > 0 && Buffer.byteLength(u) <= MAX_URI_BYTES))];
    if (named.length > MAX_LISTEN_RESOURCES) this.log(`subscriptions/listen: ${named.length} resources named, the first ${MAX_LISTEN_RESOURCES} are subscribed`);
    const taken = named.slice(0, MAX_LISTEN_RESOURCES);
    for (const uri of taken) {
      const count = this.held.get(uri) ?? 0;
      this.held.set(uri, count + 1);
      if (count === 0) this.backend.subscribe(uri).catch((err: Error) => this.log(`subscriptions/listen: subscribing to ${uri.slice(0, 200)} failed: ${err.message}`));
    }
    ended.addEventListener(
      'abort',
      () => {
        for (const uri of taken) {
          const count = (this.held.get(uri) ?? 1) - 1;
          if (count > 0) {
            this.held.set(uri, count);
            continue;
          }
          this.held.delete(uri);
          this.backend.unsubscribe(uri).catch(() => {});
        }
      },
      { once: true },
    );
  }

  /** Whether some listen names `uri` (its updates are worth sending). */
  has(uri: string): boolean {
    return this.held.has(uri);
  }
}
