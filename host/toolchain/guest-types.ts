/**
 * `mcp-host types`: TypeScript declarations of the `wasi:mcp` interfaces as a
 * guest sees them (`declare module 'wasi:mcp/runtime@0.1.0' { ... }`), from
 * the WIT, with jco's guest-types.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { witDir } from '../paths.js';
import { runToolchainTask } from './toolchain-process.js';

export async function writeGuestTypes(outDir: string, world = 'mcp-backend'): Promise<string[]> {
  const reply = await runToolchainTask({ task: 'guest-types', witPath: witDir, world });
  if (!reply.ok) throw new Error(`jco guest-types failed: ${reply.message}`);
  const written: string[] = [];
  for (const [name, content] of Object.entries(reply.files)) {
    const path = join(outDir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    written.push(path);
  }
  return written.sort();
}
