/**
 * Starting instance worker threads (instance-worker.ts), and the one
 * started ahead of need. Its own small module, so the CLI can start that
 * worker before it loads the host.
 *
 * The prewarmed worker waits in a global slot, not in module state: the CLI
 * loads `mcp-host run` as one bundled file (scripts/bundle-host.mjs), which
 * holds its own copy of this module.
 */
import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_MEMORY_BYTES, instanceHeapMb } from '../sandbox/policy.js';

const SLOT = Symbol.for('mcp-host.prewarmed-instance-worker');
const slot = globalThis as { [SLOT]?: { worker: Worker; heapMb: number } };

/** A worker whose JavaScript heap may reach `heapMb` (sandbox/policy.ts instanceHeapMb). */
export function newInstanceWorker(heapMb: number): Worker {
  return new Worker(new URL('./instance-worker.js', import.meta.url), {
    // Own pipes: guest stdout must never reach the protocol stream.
    stdout: true,
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
}

/**
 * Start one instance worker now, before the component is even loaded: its
 * thread boots on the other core while this one
 * loads the host. The first instance started takes it. For `mcp-host run`,
 * where start-up time is what a client waits for.
 */
export function prewarmWorker(): void {
  const heapMb = instanceHeapMb({ maxMemoryBytes: DEFAULT_MAX_MEMORY_BYTES }); // the usual case; another cap starts its own
  slot[SLOT] ??= { worker: newInstanceWorker(heapMb), heapMb };
  slot[SLOT].worker.unref(); // never keeps the process alive if unused
}

/** The prewarmed worker, if there is one with this heap cap (one with another is stopped). */
export function takePrewarmed(heapMb: number): Worker | undefined {
  const prewarmed = slot[SLOT];
  slot[SLOT] = undefined;
  if (prewarmed && prewarmed.heapMb !== heapMb) {
    void prewarmed.worker.terminate();
    return undefined;
  }
  prewarmed?.worker.ref();
  return prewarmed?.worker;
}
