/** `mcp-host build <entry> -o <out.wasm>`: wiring for buildComponent. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { UserError } from '../../host/errors.js';
import { buildComponent, DEFAULT_FEATURES, WORLD_EXPORTS, type EngineFeature } from '../../host/toolchain/componentize.js';
import { logLine } from '../report.js';

export interface BuildCommandOptions {
  out: string;
  world: string;
  wit?: string;
  enableHttp?: boolean;
}

export async function buildCommand(entry: string, opts: BuildCommandOptions): Promise<void> {
  if (!opts.wit && !(opts.world in WORLD_EXPORTS)) {
    throw new UserError(`unknown world "${opts.world}"`, `Use one of: ${Object.keys(WORLD_EXPORTS).join(', ')}, or pass --wit with your own package`);
  }
  if (!/\.(m?[jt]s)$/.test(entry)) throw new UserError(`${entry} is not a .ts or .js module`, 'Pass the entry module of your handlers');
  const features: EngineFeature[] = [...DEFAULT_FEATURES, ...(opts.enableHttp ? (['http'] as const) : [])];
  const started = performance.now();
  const result = await buildComponent({
    entry,
    world: opts.world,
    wit: opts.wit,
    features,
    onProgress: (line) => logLine(`${line}…`),
  });
  await mkdir(dirname(opts.out), { recursive: true });
  await writeFile(opts.out, result.component);
  const mb = (result.component.byteLength / 1024 / 1024).toFixed(1);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  logLine(`wrote ${relative(process.cwd(), opts.out) || opts.out} (${mb} MB) in ${seconds} s`);
}
