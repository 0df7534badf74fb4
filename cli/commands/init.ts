/** `mcp-host init [dir]`: write a new component project (see host/scaffold.ts). */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { UserError } from '../../host/errors.js';
import { scaffold } from '../../host/scaffold.js';
import { logLine } from '../report.js';

export async function initCommand(dir: string | undefined): Promise<void> {
  const target = resolve(dir ?? '.');
  const { files, clientConfig } = scaffold(target);
  const taken = files.filter((f) => existsSync(join(target, f.path))).map((f) => f.path);
  if (taken.length > 0) {
    throw new UserError(`${target} already has ${taken.join(', ')}`, 'Run init in a new or empty directory');
  }
  await mkdir(target, { recursive: true });
  for (const file of files) await writeFile(join(target, file.path), file.content);
  const shown = relative(process.cwd(), target) || '.';
  logLine(`wrote ${files.map((f) => f.path).join(', ')} in ${shown}`);
  logLine(`next: cd ${shown} && npm install && npm run build && npm start   (npm run typecheck checks server.ts)`);
  logLine(`client configuration (also in mcp-client.json; paths are absolute):\n${JSON.stringify(clientConfig, null, 2)}`);
}
