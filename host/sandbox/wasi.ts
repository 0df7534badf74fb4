/**
 * The WASI imports of one instance, built from its SandboxPolicy. Runs inside
 * the instance worker. preview2-shim provides most implementations; every
 * setting is explicit because the shim's defaults grant the host's whole
 * environment (DESIGN.md, decision 5). Replaced on top of the shim: the
 * filesystem (fs/: confined directory grants), what wasi:cli says about the
 * host (host-facts.ts), the network policy, a closed stdin, `exit` as a
 * trap; and on the shim's path, its HTTP headers, requests and streams
 * held to bounds (shim-http.ts, shim-requests.ts, shim-streams.ts,
 * shim-pollables.ts).
 *
 * A component that may reach no host (no `wasi:http` import, or no
 * `--allow-host`) gets in-thread io, clocks, random, refused sockets and
 * refused HTTP instead of the shim (io.ts says why): the shim is not even
 * loaded.
 *
 * Standard streams: the worker is spawned with its own stdout/stderr pipes
 * (instance.ts labels them onto the host's stderr), so guest output never
 * reaches the protocol stream. Stdin is always at its end (stdin.ts).
 */
import { FdBudget, MAX_OPEN_FDS, MAX_STREAMS, type FdShares } from './fs/fd.js';
import { confinedFilesystem } from './fs/index.js';
import { shimIo } from './fs/streams.js';
import { applyHostFacts } from './host-facts.js';
import { inThreadIo, randomImports } from './io.js';
import { applyNetworkPolicy, refusedHttp, refusedSockets } from './network.js';
import type { SandboxPolicy } from './policy.js';
import { boundShimHeaders } from './shim-http.js';
import { countShimPollables } from './shim-pollables.js';
import { trackShimRequests } from './shim-requests.js';
import { boundShimStreams } from './shim-streams.js';
import { applyClosedStdin } from './stdin.js';

type ImportObject = Record<string, Record<string, unknown>>;

/** `shim`: policy.ts needsWasiShim's answer, which the main thread gives. */
export async function wasiImports(policy: SandboxPolicy, fds: FdShares, shim: boolean): Promise<ImportObject> {
  // The shim's random bytes are any length asked (2 GiB a call): io.ts's are bounded by the memory cap.
  const imports = shim ? { ...(await shimImports(policy)), ...randomImports(policy.maxMemoryBytes) } : inThreadImports(policy);
  const fs = confinedFilesystem(policy.dirs, imports, new FdBudget(MAX_OPEN_FDS, MAX_STREAMS, fds));
  imports['wasi:filesystem/types'] = fs.types;
  imports['wasi:filesystem/preopens'] = fs.preopens;
  applyHostFacts(imports, policy);
  if (shim) {
    boundShimHeaders(imports);
    trackShimRequests(imports);
    boundShimStreams(imports);
    countShimPollables(imports);
  }
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

function inThreadImports(policy: SandboxPolicy): ImportObject {
  const io = inThreadIo(policy.maxMemoryBytes);
  return { ...io, ...refusedSockets(), ...refusedHttp(shimIo(io)) };
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
