/** `mcp-host bundle --target workers|deno <component.wasm> -o <dir>`: wiring for host/edge/bundle.ts. */
import { relative } from 'node:path';
import { UserError } from '../../host/errors.js';
import { parseSize, type GrantOptions } from '../../host/sandbox/grants.js';
import { formatBytes, logLine } from '../report.js';

export interface BundleCommandOptions extends GrantOptions {
  target: string;
  out: string;
  name?: string;
  httpAllowHost?: string[];
  maxMessageBytes?: string;
  stateTtl?: string;
  minify?: boolean;
}

export async function bundleCommand(component: string, opts: BundleCommandOptions): Promise<void> {
  if (opts.target !== 'workers' && opts.target !== 'deno') throw new UserError(`unknown --target "${opts.target}"`, 'Use --target workers (Cloudflare Workers, workerd) or --target deno');
  const stateTtl = opts.stateTtl === undefined ? undefined : Number(opts.stateTtl);
  if (stateTtl !== undefined && (!Number.isFinite(stateTtl) || stateTtl <= 0)) throw new UserError(`--state-ttl must be a positive number of seconds, not "${opts.stateTtl}"`);
  const { bundleWorker } = await import('../../host/edge/bundle.js');
  const started = performance.now();
  const result = await bundleWorker(component, {
    ...opts,
    maxMessageBytes: opts.maxMessageBytes === undefined ? undefined : parseSize(opts.maxMessageBytes, '--max-message-bytes'),
    stateTtlSeconds: stateTtl,
  }, opts.target);
  const where = relative(process.cwd(), result.dir) || result.dir;
  for (const f of result.files) logLine(`  ${f.name} ${formatBytes(f.bytes)}`);
  logLine(`wrote the Worker to ${where} (${formatBytes(result.totalBytes)} of modules) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (opts.target === 'deno') logLine(`run it: (cd ${where} && deno task start)`);
  else logLine(`run it here: (cd ${where} && npx workerd serve workerd.capnp); deploy: (cd ${where} && npx wrangler deploy)`);
}
