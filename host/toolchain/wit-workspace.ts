/**
 * A WIT directory for building against an author's own WIT package: their
 * `.wit` files, with `wasi:mcp` and the vendored WASI packages added as
 * dependencies, so their worlds can `include wasi:mcp/mcp-backend@0.1.0` or
 * `import wasi:cli/environment@0.2.3` without vendoring anything.
 */
import { cp, mkdir, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { witDir } from '../paths.js';

/** Lay out `dest` as: the author's .wit files, deps/mcp (wasi:mcp), deps/wasi, and the author's own deps. */
export async function witWorkspace(authorWit: string, dest: string): Promise<string> {
  if (!existsSync(authorWit)) throw new UserError(`--wit ${authorWit}: no such directory`);
  const files = (await readdir(authorWit)).filter((f) => f.endsWith('.wit'));
  if (files.length === 0) throw new UserError(`--wit ${authorWit} holds no .wit files`);
  await mkdir(join(dest, 'deps', 'mcp'), { recursive: true });
  for (const f of files) await cp(join(authorWit, f), join(dest, f));
  for (const f of (await readdir(witDir)).filter((f) => f.endsWith('.wit'))) await cp(join(witDir, f), join(dest, 'deps', 'mcp', f));
  await cp(join(witDir, 'deps'), join(dest, 'deps'), { recursive: true });
  if (existsSync(join(authorWit, 'deps'))) await cp(join(authorWit, 'deps'), join(dest, 'deps'), { recursive: true });
  return dest;
}
