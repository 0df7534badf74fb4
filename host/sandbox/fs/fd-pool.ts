/**
 * The host fds guests may hold, for the whole process (main-thread side; the
 * workers count in fd.ts). Each instance is capped (fd.ts MAX_OPEN_FDS), but
 * a component served per session has as many instances as sessions, so the
 * sum is capped too: by the process's open-files limit minus a reserve the
 * host keeps for itself (sockets, its own files, the workers' threads).
 * Past it a guest's open fails with a WASI error, and the host never runs
 * out of descriptors.
 *
 * One SharedArrayBuffer holds the count, made once and passed to every
 * worker. A worker stopped at a deadline never runs its own cleanup: Node
 * closes the fds it opened when it exits, and the worker's own count (a
 * second buffer) is given back to the pool then.
 */
import { readFileSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { FdShares } from './fd.js';

/** The least the host keeps for itself, whatever the limit. */
export const MIN_HOST_RESERVE = 512;
/** No limit known (not Linux): only the per-instance caps apply. */
const UNBOUNDED = 0x7fffffff;

/** The soft RLIMIT_NOFILE (Node has no API for it; Linux says in /proc). */
export function openFilesLimit(limits = '/proc/self/limits'): number | undefined {
  let text: string;
  try {
    text = readFileSync(limits, 'utf8');
  } catch {
    return undefined;
  }
  const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(text);
  return m && m[1] !== 'unlimited' ? Number(m[1]) : undefined;
}

/** How many fds all guests together may hold under `limit`: it less 25% of it or MIN_HOST_RESERVE, whichever is more. */
export function guestFdPool(limit: number | undefined): number {
  if (limit === undefined) return UNBOUNDED;
  return Math.max(0, Math.min(UNBOUNDED, limit - Math.max(MIN_HOST_RESERVE, Math.ceil(limit / 4))));
}

let pool: SharedArrayBuffer | undefined;

/** The pool's shares for one new instance worker; its count goes back to the pool when it exits. */
export function workerFdShares(worker: Worker): FdShares {
  if (!pool) {
    pool = new SharedArrayBuffer(8);
    // Read once: the limit is Node's at start-up (it raises the soft limit to the hard one).
    Atomics.store(new Int32Array(pool), 1, guestFdPool(openFilesLimit()));
  }
  const counts = new Int32Array(pool);
  const own = new SharedArrayBuffer(4);
  worker.once('exit', () => {
    Atomics.sub(counts, 0, Atomics.exchange(new Int32Array(own), 0, 0));
  });
  return { pool, own };
}
