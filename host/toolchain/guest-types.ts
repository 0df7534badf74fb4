/**
 * `mcp-host types`: TypeScript declarations of the `wasi:mcp` interfaces as a
 * guest sees them (`declare module 'wasi:mcp/runtime@0.1.0' { ... }`), from
 * the WIT, with jco's guest-types.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { witDir } from '../paths.js';
import { runToolchainTask } from './toolchain-process.js';
import { witWorkspace } from './wit-workspace.js';

/** `wit`: the author's own WIT package (see wit-workspace.ts); default: wasi:mcp's. */
export async function writeGuestTypes(outDir: string, world = 'mcp-backend', wit?: string): Promise<string[]> {
  const scratch = wit ? await mkdtemp(join(tmpdir(), 'mcp-host-types-')) : undefined;
  let reply;
  try {
    const witPath = wit && scratch ? await witWorkspace(wit, join(scratch, 'wit')) : witDir;
    reply = await runToolchainTask({ task: 'guest-types', witPath, world });
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
  if (!reply.ok) throw new UserError(`cannot write the typings of world ${world}: ${reply.message.split('\n')[0]}`);
  const written: string[] = [];
  for (const [name, content] of Object.entries(reply.files)) {
    const path = join(outDir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    written.push(path);
  }
  return written.sort();
}
