/**
 * A component's stdin: always at end of stream. The shim's stdin reads the
 * thread's process stdin, which in a worker never ends, so a guest read would
 * block until its deadline. This stream answers every read with WASI's
 * `closed` and is always ready.
 */

import { shimIo } from './fs/streams.js';
import { dropped, held } from './io.js';
import { disposeSymbol } from './dispose.js';

type ImportObject = Record<string, Record<string, unknown>>;


export function applyClosedStdin(imports: ImportObject): void {
  // It must be an instance of the shim's InputStream class for jco to pass it
  // to the guest as that resource; every method it has is replaced here.
  const io = shimIo(imports);
  const closed = (): never => {
    throw { tag: 'closed' };
  };
  const stdin = Object.assign(Object.create(io.inputStream) as object, {
    read: closed,
    blockingRead: closed,
    skip: closed,
    blockingSkip: closed,
    subscribe: io.ready,
    [disposeSymbol]: dropped,
  });
  imports['wasi:cli/stdin'] = { ...imports['wasi:cli/stdin'], getStdin: () => held(stdin) };
}
