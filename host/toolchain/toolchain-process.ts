/**
 * Run one toolchain task in a child process (see toolchain-worker.ts for
 * why not in this one). A process, not a worker thread: componentize-js
 * spawns wizer with the parent's stdio, which a worker thread does not have.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type ToolchainRequest =
  | {
      task: 'componentize';
      sourcePath: string;
      witPath: string;
      world: string;
      disableFeatures: ('stdio' | 'random' | 'clocks' | 'http' | 'fetch-event')[];
    }
  | { task: 'guest-types'; witPath: string; world: string }
  | {
      task: 'componentize-module';
      module: Uint8Array;
      witPath: string;
      /** The world to embed; none when the module carries its own type information. */
      world: string | undefined;
      adapter: 'command' | 'reactor' | undefined;
    };

export type ToolchainReply = { ok: true; files: Record<string, Uint8Array> } | { ok: false; message: string };

export function runToolchainTask(request: ToolchainRequest): Promise<ToolchainReply> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./toolchain-worker.js', import.meta.url)), [], {
      // Structured clone keeps Uint8Array intact; the tools' stdout goes to our stderr.
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    child.stdout?.pipe(process.stderr, { end: false });
    let reply: ToolchainReply | undefined;
    child.once('message', (message) => {
      reply = message as ToolchainReply;
      child.disconnect();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (reply) resolve(reply);
      else reject(new Error(`toolchain process exited (${signal ?? `code ${code}`}) without an answer`));
    });
    child.send(request);
  });
}
