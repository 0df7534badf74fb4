/**
 * A component's stdin: always at end of stream. The shim's stdin reads the
 * thread's process stdin, which in a worker never ends, so a guest read would
 * block until its deadline. This stream answers every read with WASI's
 * `closed` and is always ready.
 */

import { dropped, held } from './io.js';

type ImportObject = Record<string, Record<string, unknown>>;

const disposeSymbol: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('dispose');

export function applyClosedStdin(imports: ImportObject): void {
  // It must be an instance of the shim's InputStream class for jco to pass it
  // to the guest as that resource; every method it has is replaced here.
  const { InputStream } = imports['wasi:io/streams'] as { InputStream: { prototype: object } };
  const { subscribeDuration } = imports['wasi:clocks/monotonic-clock'] as { subscribeDuration(ns: bigint): unknown };
  const closed = (): never => {
    throw { tag: 'closed' };
  };
  const stdin = Object.assign(Object.create(InputStream.prototype) as object, {
    read: closed,
    blockingRead: closed,
    skip: closed,
    blockingSkip: closed,
    subscribe: () => subscribeDuration(0n),
    [disposeSymbol]: dropped,
  });
  imports['wasi:cli/stdin'] = { ...imports['wasi:cli/stdin'], getStdin: () => held(stdin) };
}
