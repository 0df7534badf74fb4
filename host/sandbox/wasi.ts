/**
 * The WASI imports of one instance, built from its SandboxPolicy. Runs inside
 * the instance worker. preview2-shim provides the implementations; every
 * setting is explicit because the shim's defaults grant the host's whole
 * environment (DESIGN.md, decision 5). On top of the shim: read-only
 * directories, the network policy, a closed stdin, and `exit` as a trap.
 *
 * Standard streams: the worker is spawned with its own stdout/stderr pipes
 * (instance.ts labels them onto the host's stderr), so guest output never
 * reaches the protocol stream. Stdin is always at its end (stdin.ts).
 */
import { applyNetworkPolicy } from './network.js';
import type { SandboxPolicy } from './policy.js';
import { applyReadOnlyDirs } from './readonly-fs.js';
import { applyClosedStdin } from './stdin.js';

type ImportObject = Record<string, Record<string, unknown>>;

export async function wasiImports(policy: SandboxPolicy): Promise<ImportObject> {
  const { WASIShim } = await import('@bytecodealliance/preview2-shim/instantiation');
  const shim = new WASIShim({
    sandbox: {
      preopens: Object.fromEntries(policy.dirs.map((d) => [d.guest, d.host])),
      env: { ...policy.env },
      args: [policy.label],
      // The shim's network switch is process-wide and its "off" is broken;
      // network.ts decides instead, and needs the shim's client for allowed hosts.
      enableNetwork: policy.allowHosts.length > 0,
    },
  });
  const imports = shim.getImportObject() as unknown as ImportObject;
  applyReadOnlyDirs(imports, new Set(policy.dirs.filter((d) => !d.writable).map((d) => d.guest)));
  applyNetworkPolicy(imports, policy.allowHosts);
  applyClosedStdin(imports);
  // The shim's exit() ends the whole thread with process.exit; make it a trap
  // of the call instead, so the host reports it and re-creates the instance.
  imports['wasi:cli/exit'] = {
    exit(status: { tag: string }): never {
      throw new Error(`component called wasi:cli/exit (${status.tag === 'ok' ? 'success' : 'failure'})`);
    },
  };
  return imports;
}
