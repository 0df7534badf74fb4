/**
 * The HTTP requests one instance may have at once on preview2-shim's client
 * (`--allow-host`): MAX_HTTP_REQUESTS, each from the moment it is made
 * until the guest is done with all of it. Each holds what nothing else
 * bounds: a body stream of up to 16 KiB in the shim's I/O thread from the
 * moment the request exists, then a socket and its buffers, which the shim
 * keeps open while anything of the exchange lives (dropping a future does
 * not abort its request). Uncapped, one instance held 20,000 sockets, the
 * process's whole file-descriptor limit, and another component could no
 * longer start (EMFILE); 80,000 unsent bodies took the host to 1.6 GB.
 *
 * A request's slot is held by the parts of its exchange the guest has:
 * the answer's side passes along as the guest takes each part (request →
 * future → response → body → body stream), and the request's body, once
 * the guest takes it, holds it too until it is finished or dropped (the
 * shim's request does not end before its body does, and keeps its socket
 * meanwhile). The slot is given back when the last part goes, and what the
 * shim would keep until a garbage collection is disposed then: the body a
 * dropped request never sent, the body stream of a response or body
 * dropped unread; but an exchange whose response was dropped before its
 * body ended keeps its slot until the instance is re-created, as the shim
 * keeps its socket that long. A request handed over without its body taken is sent
 * with an empty one, finished here (else it never ends). A future dropped
 * before it is ready is kept here, not dropped in the shim (whose request
 * would run on): its slot is given back once the shim settles it (looked
 * at whenever the slots run out). Past the cap, a new request traps the
 * call; the instance is then re-created, which ends all its requests.
 */
import { disposeSymbol } from './dispose.js';

type ImportObject = Record<string, Record<string, unknown>>;
type Disposable = Record<symbol, (() => void) | undefined>;
type Method = (this: object, ...args: unknown[]) => unknown;
interface Proto {
  prototype: Record<string | symbol, Method | undefined>;
}

export const MAX_HTTP_REQUESTS = 64;

const dispose = (part: unknown): void => (part as Disposable | undefined)?.[disposeSymbol]?.();

export function trackShimRequests(imports: ImportObject, max: number = MAX_HTTP_REQUESTS): void {
  if (!imports['wasi:http/types'] || !imports['wasi:http/outgoing-handler']) return;
  const types = (imports['wasi:http/types'] = { ...imports['wasi:http/types'] });
  const handler = (imports['wasi:http/outgoing-handler'] = { ...imports['wasi:http/outgoing-handler'] });
  /**
   * One request's slot, and how many parts of its exchange the guest still
   * has. `answered`: a response came; `ended`: its body was read to the end.
   * The shim closes a response's connection only at the end of its body:
   * dropping any part before that only makes it forget the stream, and the
   * socket stays open (a review held 2,023 sockets that way, the process's
   * descriptor limit). So an exchange answered and not read to its end keeps
   * its slot until the instance is re-created.
   */
  interface Exchange {
    parts: number;
    answered: boolean;
    ended: boolean;
  }
  const holders = new WeakMap<object, Exchange>();
  let held = 0;
  /** Futures the guest dropped before they were ready: their requests run on in the shim. */
  const abandoned = new Set<object>();

  /** `part` is gone: true if it held a slot. */
  const drop = (part: object): boolean => {
    const exchange = holders.get(part);
    if (!exchange) return false;
    holders.delete(part);
    if (--exchange.parts === 0 && (exchange.ended || !exchange.answered)) held--;
    return true;
  };
  /** `to` takes over what `from` held (the guest took it out of `from`). */
  const pass = (from: object, to: unknown): void => {
    const exchange = holders.get(from);
    if (!exchange || !to || typeof to !== 'object') return;
    holders.delete(from);
    holders.set(to, exchange);
  };
  /** `part` holds a slot with `of` (the guest took it, and `of` stays). */
  const share = (of: object, part: object): void => {
    const exchange = holders.get(of);
    if (!exchange) return;
    exchange.parts++;
    holders.set(part, exchange);
  };

  const OutgoingRequest = types.OutgoingRequest as new (headers: unknown) => { body(): object } & Disposable;
  const OutgoingBody = types.OutgoingBody as unknown as Proto & { finish(body: object, trailers: unknown): void };
  const FutureIncomingResponse = types.FutureIncomingResponse as unknown as Proto;
  const IncomingResponse = types.IncomingResponse as unknown as Proto;
  const IncomingBody = types.IncomingBody as unknown as Proto & { finish(body: object): unknown };
  const InputStream = (imports['wasi:io/streams'] as { InputStream: Proto }).InputStream;
  const original = {
    sendBody: { finish: OutgoingBody.finish.bind(OutgoingBody), dispose: OutgoingBody.prototype[disposeSymbol] },
    future: { get: FutureIncomingResponse.prototype.get!, dispose: FutureIncomingResponse.prototype[disposeSymbol] },
    response: { consume: IncomingResponse.prototype.consume!, dispose: IncomingResponse.prototype[disposeSymbol] },
    body: { stream: IncomingBody.prototype.stream!, dispose: IncomingBody.prototype[disposeSymbol], finish: IncomingBody.finish.bind(IncomingBody) },
    stream: { dispose: InputStream.prototype[disposeSymbol] },
  };
  /** A body's stream, if the guest never took it: the shim closes it only when collected. */
  const dropBodyStream = (body: object): void => {
    try {
      dispose(original.body.stream.call(body));
    } catch {
      // the guest has it: its own drop closes it
    }
  };
  const dropResponse = (response: object): void => {
    try {
      dropBodyStream(original.response.consume.call(response) as object);
    } catch {
      // consumed: the body holds the rest
    }
    original.response.dispose?.call(response);
  };
  /** Abandoned futures the shim has settled: their responses dropped, their slots given back. */
  const reclaim = (): void => {
    for (const future of abandoned) {
      let settled: unknown;
      try {
        settled = original.future.get.call(future);
      } catch {
        settled = null; // failed: settled either way
      }
      if (settled === undefined) continue;
      abandoned.delete(future);
      const response = (settled as { val?: { tag?: string; val?: unknown } } | null)?.val;
      if (response?.tag === 'ok' && response.val && typeof response.val === 'object') {
        holders.get(future)!.answered = true;
        dropResponse(response.val);
      }
      drop(future);
      original.future.dispose?.call(future);
    }
  };

  class TrackedRequest extends OutgoingRequest {
    /** The body, until the guest takes it: the shim makes it with the request. */
    unsent: object | undefined;
    constructor(headers: unknown) {
      super(headers);
      if (held >= max) reclaim();
      if (held >= max) {
        throw new Error(
          `wasi:http: the component has ${max} HTTP requests at once (made, in flight, or with a part of them not yet dropped; a future dropped before its answer counts until the host answers, and a response dropped before its body was read to the end, whose connection stays open, until the instance is re-created); drop some`,
        );
      }
      held++;
      holders.set(this, { parts: 1, answered: false, ended: false });
      this.unsent = super.body();
    }
    override body(): object {
      const body = this.unsent;
      if (!body) return super.body(); // taken already: the shim's error
      this.unsent = undefined;
      share(this, body);
      return body;
    }
    [disposeSymbol](): void {
      if (drop(this)) dispose(this.unsent); // never sent: what the shim made for it goes too
      super[disposeSymbol]?.();
    }
  }
  types.OutgoingRequest = TrackedRequest;

  OutgoingBody.finish = (body: object, trailers: unknown): void => {
    drop(body);
    original.sendBody.finish(body, trailers);
  };
  OutgoingBody.prototype[disposeSymbol] = function (this: object): void {
    drop(this);
    original.sendBody.dispose?.call(this);
  };

  const handle = handler.handle as (request: object, options: unknown) => unknown;
  handler.handle = (request: object, options: unknown): unknown => {
    if (request instanceof TrackedRequest && request.unsent) {
      // Its body was never taken: sent empty, else the shim's request never ends.
      const body = request.unsent;
      request.unsent = undefined;
      try {
        original.sendBody.finish(body, undefined);
      } catch {
        // a content-length the empty body does not meet: the shim reports it
      }
    }
    let future: unknown;
    try {
      future = handle(request, options);
    } catch (err) {
      drop(request); // refused: taken, and done with
      throw err;
    }
    pass(request, future);
    return future;
  };

  FutureIncomingResponse.prototype.get = function (this: object): unknown {
    const settled = original.future.get.call(this) as { tag: string; val?: { tag: string; val?: unknown } } | undefined;
    if (settled?.tag === 'ok' && settled.val?.tag === 'ok') {
      const exchange = holders.get(this);
      if (exchange) exchange.answered = true;
      pass(this, settled.val.val);
    }
    else if (settled !== undefined) drop(this); // an HTTP error, or taken already: the answer's side is over
    return settled;
  };
  FutureIncomingResponse.prototype[disposeSymbol] = function (this: object): void {
    if (holders.has(this)) {
      abandoned.add(this); // not ready: disposing it would not stop its request
      return;
    }
    original.future.dispose?.call(this);
  };

  /** The guest takes the next part of the answer out of this one: it takes over the slot. */
  const handsOn = (Class: Proto, name: 'consume' | 'stream'): void => {
    const take = Class.prototype[name]!;
    Class.prototype[name] = function (this: object): unknown {
      const part = take.call(this);
      pass(this, part);
      return part;
    };
  };
  handsOn(IncomingResponse, 'consume');
  handsOn(IncomingBody, 'stream');
  IncomingResponse.prototype[disposeSymbol] = function (this: object): void {
    if (drop(this)) dropResponse(this);
    else original.response.dispose?.call(this);
  };

  IncomingBody.prototype[disposeSymbol] = function (this: object): void {
    if (drop(this)) dropBodyStream(this);
    original.body.dispose?.call(this);
  };
  IncomingBody.finish = (body: object): unknown => {
    if (drop(body)) dropBodyStream(body);
    return original.body.finish(body);
  };

  // The end of a response's body: its connection is the shim's to reuse or close.
  const isClosed = (err: unknown): boolean => (err as { tag?: string; payload?: { tag?: string } } | undefined)?.tag === 'closed' || (err as { payload?: { tag?: string } } | undefined)?.payload?.tag === 'closed';
  const ends = (stream: unknown): void => {
    const exchange = stream && typeof stream === 'object' ? holders.get(stream) : undefined;
    if (exchange) exchange.ended = true;
  };
  for (const name of ['read', 'blockingRead', 'skip', 'blockingSkip']) {
    const read = InputStream.prototype[name]!;
    InputStream.prototype[name] = function (this: object, ...args: unknown[]): unknown {
      try {
        return read.apply(this, args);
      } catch (err) {
        if (isClosed(err)) ends(this);
        throw err;
      }
    };
  }
  const OutputStream = (imports['wasi:io/streams'] as { OutputStream: Proto }).OutputStream;
  for (const name of ['splice', 'blockingSplice']) {
    const splice = OutputStream.prototype[name]!;
    OutputStream.prototype[name] = function (this: object, src: unknown, ...rest: unknown[]): unknown {
      try {
        return splice.call(this, src, ...rest);
      } catch (err) {
        // Which end closed? A read of nothing from the source says whether it did.
        if (isClosed(err) && src && typeof src === 'object') {
          try {
            (src as { read(len: bigint): unknown }).read(0n);
          } catch {
            // its end (marked by the read above), or it failed: either way not ours to mark
          }
        }
        throw err;
      }
    };
  }

  InputStream.prototype[disposeSymbol] = function (this: object): void {
    drop(this);
    original.stream.dispose?.call(this);
  };
}
