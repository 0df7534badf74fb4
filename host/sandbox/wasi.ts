/**
 * The WASI imports of one instance, built from its SandboxPolicy. Runs inside
 * the instance worker. preview2-shim provides most implementations; every
 * setting is explicit because the shim's defaults grant the host's whole
 * environment (DESIGN.md, decision 5). Replaced on top of the shim: the
 * filesystem (fs/: confined directory grants), what wasi:cli says about the
 * host (host-facts.ts), the network policy, a closed stdin, and `exit` as a
 * trap.
 *
 * A component that imports no `wasi:http` gets in-thread io, clocks, random
 * and refused sockets instead of the shim (io.ts says why): the shim is
 * not even loaded.
 *
 * Standard streams: the worker is spawned with its own stdout/stderr pipes
 * (instance.ts labels them onto the host's stderr), so guest output never
 * reaches the protocol stream. Stdin is always at its end (stdin.ts).
 */
import { FdBudget, MAX_OPEN_FDS, MAX_STREAMS, type FdShares } from './fs/fd.js';
import { confinedFilesystem } from './fs/index.js';
import { applyHostFacts } from './host-facts.js';
import { inThreadIo } from './io.js';
import { applyNetworkPolicy, refusedSockets } from './network.js';
import type { SandboxPolicy } from './policy.js';
import { applyClosedStdin } from './stdin.js';

type ImportObject = Record<string, Record<string, unknown>>;

/** Whether a component importing these interfaces needs preview2-shim's WASI: its HTTP client. */
export function needsShim(componentImports: readonly string[]): boolean {
  return componentImports.some((name) => name.startsWith('wasi:http/'));
}

/** `componentImports`: the interfaces the component imports (unversioned), which decide between the shim and io.ts. */
export async function wasiImports(policy: SandboxPolicy, fds: FdShares, componentImports: readonly string[]): Promise<ImportObject> {
  const imports = needsShim(componentImports) ? await shimImports(policy) : { ...inThreadIo(policy.maxMemoryBytes), ...refusedSockets() };
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

async function shimImports(policy: SandboxPolicy): Promise<ImportObject> {
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
  return shim.getImportObject() as unknown as ImportObject;
}
