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

const SLOT = Symbol.for('mcp-host.prewarmed-instance-worker');
const slot = globalThis as { [SLOT]?: Worker };

export function newInstanceWorker(): Worker {
  return new Worker(new URL('./instance-worker.js', import.meta.url), {
    // Own pipes: guest stdout must never reach the protocol stream.
    stdout: true,
    stderr: true,
  });
}

/**
 * Start one instance worker now, before the component is even loaded: its
 * thread boots on the other core while this one
 * loads the host. The first instance started takes it. For `mcp-host run`,
 * where start-up time is what a client waits for.
 */
export function prewarmWorker(): void {
  slot[SLOT] ??= newInstanceWorker();
  slot[SLOT].unref(); // never keeps the process alive if unused
}

export function takePrewarmed(): Worker | undefined {
  const worker = slot[SLOT];
  slot[SLOT] = undefined;
  worker?.ref();
  return worker;
}
