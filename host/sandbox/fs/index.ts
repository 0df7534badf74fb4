/**
 * The confined filesystem of one instance: `wasi:filesystem/types` and
 * `wasi:filesystem/preopens` for its directory grants, in place of the
 * shim's (which resolves a path and then uses it by name: a component that
 * swaps a symlink in between reads outside its grant). Each preopen is a
 * directory fd opened once at instantiation; see walk.ts for how paths
 * under it are resolved and descriptor.ts for the resources.
 */
import { randomBytes } from 'node:crypto';
import type { DirGrant } from '../policy.js';
import { Descriptor, DirectoryEntryStream, filesystemErrorCode, type FsContext } from './descriptor.js';
import { FdBudget } from './fd.js';
import { confinementUnavailable } from './platform.js';
import { shimIo, spliceFromFileStreams } from './streams.js';
import { countWalkFds } from './walk.js';

type ImportObject = Record<string, Record<string, unknown>>;

export interface ConfinedFilesystem {
  types: { Descriptor: typeof Descriptor; DirectoryEntryStream: typeof DirectoryEntryStream; filesystemErrorCode: typeof filesystemErrorCode };
  preopens: { getDirectories(): [Descriptor, string][] };
}

/** `imports`: the shim's import object, whose stream, error and clock classes the file streams use. */
export function confinedFilesystem(dirs: readonly DirGrant[], imports: ImportObject, budget = new FdBudget()): ConfinedFilesystem {
  const unavailable = dirs.length > 0 ? confinementUnavailable() : undefined;
  if (unavailable) throw new Error(unavailable);
  const io = shimIo(imports);
  spliceFromFileStreams(io);
  const ctx: FsContext = { io, budget, hashKey: randomBytes(32) };
  countWalkFds(() => budget.transient());
  const entries = dirs.map((d): [Descriptor, string] => {
    try {
      return [Descriptor.preopen(ctx, d.host, d.writable), d.guest];
    } catch (err) {
      // The host path stays out of the message: it can reach a client as the reason a start failed.
      // A string: the fd budget's WASI code (the host's descriptors for guests are all taken).
      const code = typeof err === 'string' ? err : ((err as NodeJS.ErrnoException).code ?? 'error');
      throw new Error(`the directory granted at ${d.guest} cannot be opened (${code})`);
    }
  });
  return {
    types: { Descriptor, DirectoryEntryStream, filesystemErrorCode },
    preopens: { getDirectories: () => [...entries] },
  };
}
