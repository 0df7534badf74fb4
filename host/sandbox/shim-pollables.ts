/**
 * preview2-shim's pollables, counted among the handles a guest may hold
 * (io.ts MAX_HANDLES) as the in-thread ones are. Each lives in the shim's
 * I/O thread, outside the worker's heap cap: 900,000 subscriptions kept on
 * one body stream took the host up ~400 MB. Counted where the guest gets
 * one (a `subscribe` of a stream, future or clock), given back when it is
 * dropped; pollables the host makes for itself (fs/streams.ts) are not.
 */
import { disposeSymbol } from './dispose.js';
import { dropped, held } from './io.js';

type ImportObject = Record<string, Record<string, unknown>>;
type Method = (this: unknown, ...args: unknown[]) => unknown;

export function countShimPollables(imports: ImportObject): void {
  const counted = new WeakSet<object>();
  const count = (pollable: unknown): unknown => {
    if (pollable && typeof pollable === 'object') counted.add(held(pollable));
    return pollable;
  };
  const counting = (fn: Method): Method =>
    function (this: unknown, ...args: unknown[]) {
      return count(fn.apply(this, args));
    };
  const protos = [
    (imports['wasi:io/streams']?.InputStream as { prototype: Record<string, Method> } | undefined)?.prototype,
    (imports['wasi:io/streams']?.OutputStream as { prototype: Record<string, Method> } | undefined)?.prototype,
    (imports['wasi:http/types']?.FutureIncomingResponse as { prototype: Record<string, Method> } | undefined)?.prototype,
    (imports['wasi:http/types']?.FutureTrailers as { prototype: Record<string, Method> } | undefined)?.prototype,
  ];
  for (const proto of protos) if (proto?.subscribe) proto.subscribe = counting(proto.subscribe);
  const clock = imports['wasi:clocks/monotonic-clock'];
  if (clock) {
    imports['wasi:clocks/monotonic-clock'] = {
      ...clock,
      subscribeDuration: counting(clock.subscribeDuration as Method),
      subscribeInstant: counting(clock.subscribeInstant as Method),
    };
  }
  const Pollable = imports['wasi:io/poll']?.Pollable as { prototype: Record<symbol, Method | undefined> } | undefined;
  if (!Pollable) return;
  const dispose = Pollable.prototype[disposeSymbol];
  Pollable.prototype[disposeSymbol] = function (this: unknown): void {
    if (counted.delete(this as object)) dropped();
    dispose?.call(this);
  };
}
