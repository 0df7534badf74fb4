/**
 * `mcp-host check <file>` (for CI: exits 1 unless `mcp-host run` can serve
 * it) and `mcp-host inspect <file>` (describes any component).
 */
import { describeComponent, type ComponentDescription } from '../../host/toolchain/describe.js';
import { UserError } from '../../host/errors.js';
import { formatBytes } from '../report.js';

export async function checkCommand(path: string, opts: { json?: boolean }): Promise<void> {
  const description = await describeComponent(path);
  print(description, opts.json);
  if (description.problem) throw new UserError(description.problem);
}

export async function inspectCommand(path: string, opts: { json?: boolean }): Promise<void> {
  print(await describeComponent(path), opts.json);
}

function print(d: ComponentDescription, json: boolean | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(d, null, 2)}\n`);
    return;
  }
  const lines = [
    `${d.path}: ${d.problem ? 'a component mcp-host run cannot serve' : 'a wasi:mcp component mcp-host run can serve'}`,
    `  world:      ${d.world === 'none' ? 'not a wasi:mcp world' : `wasi:mcp/${d.world}`}${d.wasiMcpVersion ? ` (wasi:mcp@${d.wasiMcpVersion})` : ''}`,
    `  size:       ${formatBytes(d.bytes)} (${d.bytes} bytes)`,
    `  exports:    ${grouped(d.exports) || '(none)'}`,
    `  imports:    ${grouped(d.imports) || '(none)'}`,
    `  could use:  ${d.grants.join('; ') || 'nothing that needs a grant'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `wasi:cli/exit@0.2.12, wasi:cli/stdin@0.2.12` → `wasi:cli@0.2.12 {exit, stdin}`, one package a line. */
function grouped(names: string[]): string {
  const packages = new Map<string, string[]>();
  for (const name of names) {
    const m = /^([\w-]+:[\w-]+)\/([\w-]+)(@.+)?$/.exec(name);
    const key = m ? `${m[1]}${m[3] ?? ''}` : name;
    packages.set(key, [...(packages.get(key) ?? []), ...(m ? [m[2]!] : [])]);
  }
  return [...packages].map(([pkg, ifaces]) => (ifaces.length ? `${pkg} {${ifaces.join(', ')}}` : pkg)).join('\n              ');
}
