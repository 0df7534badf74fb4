/** `mcp-host types [-o dir]`: write the guest typings of `wasi:mcp`. */
import { relative } from 'node:path';
import { writeGuestTypes } from '../../host/toolchain/guest-types.js';
import { logLine } from '../report.js';

export async function typesCommand(opts: { out: string; world: string; wit?: string }): Promise<void> {
  const written = await writeGuestTypes(opts.out, opts.world, opts.wit);
  for (const path of written) logLine(`wrote ${relative(process.cwd(), path)}`);
}
