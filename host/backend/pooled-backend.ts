/**
 * A small pool of identical backends served as one (`--instances pool:N`):
 * each request goes to the member with the fewest requests in flight, so a
 * slow call holds up only the calls queued on its own instance, not every
 * session's (an instance runs one call at a time).
 *
 * The members are instances of the same components, started alike, so what
 * the client sees (server info, capabilities, lists) is the first member's.
 * State is per instance: a write handled by one member is not seen by a read
 * handled by another. A pool is for stateless servers.
 *
 * Subscriptions reach every member (any of them may report the update);
 * list-changed and resource-updated notifications, which say only "look
 * again", are coalesced: the same one from several members within
 * COALESCE_MS reaches the client once, at the end of that window (so one
 * always follows the last change). Log messages are relayed as they come.
 */
import type { Backend, BackendNotification, CallContext, CompletionReference } from './backend.js';

/** Long enough to absorb the members reporting one change, short enough that no client notices the delay. */
export const COALESCE_MS = 50;

export class PooledBackend implements Backend {
  /** Requests in flight (running or queued) on each member. */
  private readonly busy: number[];
  /** Where the search for the least busy member starts: ties go round the pool. */
  private next = 0;
  private readonly listeners = new Set<(n: BackendNotification) => void>();
  private readonly stops: (() => void)[];
  /** Coalesced notifications waiting to go out, by what they say. */
  private readonly pending = new Map<string, NodeJS.Timeout>();

  private constructor(private readonly members: Backend[]) {
    this.busy = members.map(() => 0);
    this.stops = members.map((m) => m.onNotification((n) => this.relay(n)));
  }

  /** Start `size` members with `start`; if one fails, close the others and fail with its reason. */
  static async start(size: number, start: () => Promise<Backend>): Promise<PooledBackend> {
    const started = await Promise.allSettled(Array.from({ length: size }, () => start()));
    const members = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await Promise.allSettled(members.map((m) => m.close()));
      throw failed.reason;
    }
    return new PooledBackend(members);
  }

  private get first(): Backend {
    return this.members[0]!;
  }

  serverInfo() {
    return this.first.serverInfo();
  }
  instructions() {
    return this.first.instructions();
  }
  capabilities() {
    return this.first.capabilities();
  }
  listTools() {
    return this.first.listTools();
  }
  listResources() {
    return this.first.listResources();
  }
  listResourceTemplates() {
    return this.first.listResourceTemplates();
  }
  listPrompts() {
    return this.first.listPrompts();
  }

  callTool(name: string, args: Record<string, unknown>, ctx: CallContext) {
    return this.onLeastBusy((m) => m.callTool(name, args, ctx));
  }
  readResource(uri: string, ctx: CallContext) {
    return this.onLeastBusy((m) => m.readResource(uri, ctx));
  }
  getPrompt(name: string, args: Record<string, string> | undefined, ctx: CallContext) {
    return this.onLeastBusy((m) => m.getPrompt(name, args, ctx));
  }
  complete(ref: CompletionReference, argument: { name: string; value: string }, contextArguments: Record<string, string> | undefined, signal?: AbortSignal) {
    return this.onLeastBusy((m) => m.complete(ref, argument, contextArguments, signal));
  }

  /** On every member; if one refuses, the others are unsubscribed again and its error is the answer. */
  async subscribe(uri: string): Promise<void> {
    const results = await Promise.allSettled(this.members.map((m) => m.subscribe(uri)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (!failed) return;
    await Promise.allSettled(this.members.filter((_, i) => results[i]!.status === 'fulfilled').map((m) => m.unsubscribe(uri)));
    throw failed.reason;
  }

  async unsubscribe(uri: string): Promise<void> {
    const results = await Promise.allSettled(this.members.map((m) => m.unsubscribe(uri)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  onNotification(listener: (n: BackendNotification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    for (const stop of this.stops) stop();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    await Promise.all(this.members.map((m) => m.close()));
  }

  private async onLeastBusy<T>(request: (member: Backend) => Promise<T>): Promise<T> {
    const index = this.leastBusy();
    this.busy[index]!++;
    try {
      return await request(this.members[index]!);
    } finally {
      this.busy[index]!--;
    }
  }

  private leastBusy(): number {
    let best = this.next;
    for (let k = 1; k < this.members.length; k++) {
      const i = (this.next + k) % this.members.length;
      if (this.busy[i]! < this.busy[best]!) best = i;
    }
    this.next = (best + 1) % this.members.length;
    return best;
  }

  private relay(n: BackendNotification): void {
    if (n.kind === 'log') return this.emit(n);
    const key = n.kind === 'list-changed' ? `list ${n.list}` : `updated ${n.uri}`;
    if (this.pending.has(key)) return;
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.emit(n);
      }, COALESCE_MS),
    );
  }

  private emit(n: BackendNotification): void {
    for (const listener of this.listeners) listener(n);
  }
}
