/** `mcp-host build <entry> -o <out.wasm>`: wiring for buildComponent and buildFromModule. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { UserError } from '../../host/errors.js';
import { buildComponent, DEFAULT_FEATURES, WORLD_EXPORTS, type EngineFeature } from '../../host/toolchain/componentize.js';
import { buildFromModule, isModuleInput } from '../../host/toolchain/core-module.js';
import { formatBytes, logLine } from '../report.js';

export interface BuildCommandOptions {
  out: string;
  world: string;
  wit?: string;
  enableHttp?: boolean;
  snapshot?: boolean;
}

export async function buildCommand(entry: string, opts: BuildCommandOptions): Promise<void> {
  if (!opts.wit && !(opts.world in WORLD_EXPORTS)) {
    throw new UserError(`unknown world "${opts.world}"`, `Use one of: ${Object.keys(WORLD_EXPORTS).join(', ')}, or pass --wit with your own package`);
  }
  const started = performance.now();
  const onProgress = (line: string): void => logLine(`${line}…`);
  let component: Uint8Array;
  if (isModuleInput(entry)) {
    if (opts.enableHttp) throw new UserError('--enable-http is for JavaScript handlers', 'A module imports wasi:http itself if it uses it');
    if (opts.snapshot) throw new UserError('--snapshot is for an SDK server (JavaScript)', 'A core module has no top level to snapshot');
    ({ component } = await buildFromModule({ input: entry, world: opts.world, wit: opts.wit, onProgress }));
  } else if (/\.(m?[jt]s)$/.test(entry)) {
    const features: EngineFeature[] = [...DEFAULT_FEATURES, ...(opts.enableHttp ? (['http'] as const) : [])];
    ({ component } = await buildComponent({ entry, world: opts.world, wit: opts.wit, features, onProgress, snapshot: opts.snapshot }));
  } else {
    throw new UserError(`${entry} is neither a .ts/.js module nor a core module (.wasm) or WebAssembly text (.wat)`, 'Pass the entry module of your handlers');
  }
  await mkdir(dirname(opts.out), { recursive: true });
  await writeFile(opts.out, component);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  logLine(`wrote ${relative(process.cwd(), opts.out) || opts.out} (${formatBytes(component.byteLength)}) in ${seconds} s`);
}
