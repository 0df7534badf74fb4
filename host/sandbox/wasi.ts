/**
 * The WASI imports of one instance, built from its SandboxPolicy. Runs inside
 * the instance worker. preview2-shim provides the implementations; every
 * setting is passed explicitly because the shim's defaults grant the host's
 * whole environment (see DESIGN.md, decision 5).
 *
 * Standard streams: the worker is spawned with its own stdout/stderr pipes
 * (instance.ts labels them onto the host's stderr), so guest output can never
 * reach the protocol stream. Stdin: workers get none unless asked.
 */
import type { SandboxPolicy } from './policy.js';

type ImportObject = Record<string, Record<string, unknown>>;

export async function wasiImports(policy: SandboxPolicy): Promise<ImportObject> {
  const { WASIShim } = await import('@bytecodealliance/preview2-shim/instantiation');
  const shim = new WASIShim({
    sandbox: {
      preopens: { ...policy.preopens },
      env: { ...policy.env },
      args: [policy.label],
      enableNetwork: false,
    },
  });
  const imports = shim.getImportObject() as unknown as ImportObject;
  // The shim's exit() ends the whole thread with process.exit; make it a trap
  // of the call instead, so the host reports it and re-creates the instance.
  imports['wasi:cli/exit'] = {
    exit(status: { tag: string }): never {
      throw new Error(`component called wasi:cli/exit (${status.tag === 'ok' ? 'success' : 'failure'})`);
    },
  };
  return imports;
}
