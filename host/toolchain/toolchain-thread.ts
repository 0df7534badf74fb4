/** Run one toolchain task in a fresh worker thread (see toolchain-worker.ts). */
import { Worker } from 'node:worker_threads';

export type ToolchainRequest =
  | {
      task: 'componentize';
      sourcePath: string;
      witPath: string;
      world: string;
      disableFeatures: ('stdio' | 'random' | 'clocks' | 'http' | 'fetch-event')[];
    }
  | { task: 'guest-types'; witPath: string; world: string };

export type ToolchainReply = { ok: true; files: Record<string, Uint8Array> } | { ok: false; message: string };

export function runToolchainTask(request: ToolchainRequest): Promise<ToolchainReply> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./toolchain-worker.js', import.meta.url), { workerData: request });
    worker.once('message', (reply: ToolchainReply) => {
      resolve(reply);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`toolchain worker exited with code ${code}`)));
  });
}
