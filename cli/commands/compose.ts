/** `mcp-host compose <socket.wasm> --plug <plug.wasm>... -o <out.wasm>`: wiring for composeFile. */
import { relative } from 'node:path';
import { composeFile } from '../../host/compose/compose-file.js';
import { UserError } from '../../host/errors.js';
import { formatBytes, logLine } from '../report.js';

export async function composeCommand(socket: string, opts: { plug?: string[]; out: string }): Promise<void> {
  if (!opts.plug?.length) throw new UserError('no --plug given', 'Example: mcp-host compose app.wasm --plug kv.wasm -o composed.wasm');
  const result = await composeFile(socket, opts.plug, opts.out);
  for (const p of result.plugged) logLine(`${p.iface}: provided by ${p.plug}`);
  logLine(`wrote ${relative(process.cwd(), opts.out) || opts.out} (${formatBytes(result.component.byteLength)}); it imports ${result.imports.length} interfaces`);
}
