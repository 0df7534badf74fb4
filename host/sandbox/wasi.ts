/**
 * The WASI imports of one instance, built from its SandboxPolicy. Runs inside
 * the instance worker. preview2-shim provides most implementations; every
 * setting is explicit because the shim's defaults grant the host's whole
 * environment (DESIGN.md, decision 5). Replaced on top of the shim: the
 * filesystem (fs/: confined directory grants), what wasi:cli says about the
 * host (host-facts.ts), the network policy, a closed stdin, and `exit` as a
 * trap.
 *
 * Standard streams: the worker is spawned with its own stdout/stderr pipes
 * (instance.ts labels them onto the host's stderr), so guest output never
 * reaches the protocol stream. Stdin is always at its end (stdin.ts).
 */
import { FdBudget, MAX_OPEN_FDS, MAX_STREAMS, type FdShares } from './fs/fd.js';
import { confinedFilesystem } from './fs/index.js';
import { applyHostFacts } from './host-facts.js';
import { applyNetworkPolicy } from './network.js';
import type { SandboxPolicy } from './policy.js';
import { applyClosedStdin } from './stdin.js';

type ImportObject = Record<string, Record<string, unknown>>;

export async function wasiImports(policy: SandboxPolicy, fds: FdShares): Promise<ImportObject> {
  const { WASIShim } = await import('@bytecodealliance/preview2-shim/instantiation');
  const shim = new WASIShim({
    sandbox: {
      // The shim's filesystem is not used (fs/ replaces it): give it nothing.
      preopens: {},
      env: { ...policy.env },
      args: [policy.label],
      // The shim's network switch is process-wide and its "off" is broken;
      // network.ts decides instead, and needs the shim's client for allowed hosts.
      enableNetwork: policy.allowHosts.length > 0,
    },
  });
  const imports = shim.getImportObject() as unknown as ImportObject;
  const fs = confinedFilesystem(policy.dirs, imports, new FdBudget(MAX_OPEN_FDS, MAX_STREAMS, fds));
  imports['wasi:filesystem/types'] = fs.types;
  imports['wasi:filesystem/preopens'] = fs.preopens;
  applyHostFacts(imports, policy);
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
