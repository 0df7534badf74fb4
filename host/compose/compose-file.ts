/**
 * `mcp-host compose` as a library call: check the plugs fit the socket
 * (names and types), compose, write the file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { transpileCached } from '../toolchain/transpile.js';
import { composeComponents, type ComposeResult } from './composer.js';
import { checkTypes, type Linkable } from './links.js';

export async function composeFile(socketPath: string, plugPaths: string[], outPath: string): Promise<ComposeResult> {
  const linkable = async (path: string): Promise<Linkable> => ({ name: basename(path, '.wasm'), transpiled: await transpileCached(await readFile(path)) });
  const socket = await linkable(socketPath);
  const result = await composeComponents(socketPath, plugPaths, async (iface, plugPath) =>
    checkTypes(socket, await linkable(plugPath), iface.replace(/@[^/]*$/, '')),
  );
  await writeFile(outPath, result.component);
  return result;
}
