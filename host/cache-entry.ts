/**
 * Writing one entry (a directory of files) of an on-disk cache: into a
 * fresh directory, then renamed into place, so a concurrent start never
 * sees half an entry. Whoever renames first wins; the others' copies are
 * removed (they hold the same content: an entry's name is its inputs' key).
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export async function writeCacheEntry(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  const staging = `${dir}.${process.pid}.${Date.now()}.tmp`;
  await mkdir(staging, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    await mkdir(dirname(join(staging, file)), { recursive: true });
    await writeFile(join(staging, file), content);
  }
  await mkdir(dirname(dir), { recursive: true });
  try {
    await rename(staging, dir);
  } catch {
    await rm(staging, { recursive: true, force: true }); // another process won the race
  }
}
