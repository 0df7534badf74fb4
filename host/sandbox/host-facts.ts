/**
 * What `wasi:cli` tells a component about where it runs: only what was
 * granted. The environment is the granted variables, the arguments are the
 * component's name and those it was given (`-- args`), and there is no initial working directory: the shim
 * answers with the host's cwd (a host path), and the guest has no cwd on the
 * host to begin with; a guest's libc then starts at `/` and reaches a grant
 * by its guest path. No terminal either: stdin is closed and stdout/stderr
 * go to a labelled pipe, whatever the host's own streams are.
 */
import type { SandboxPolicy } from './policy.js';

type ImportObject = Record<string, Record<string, unknown>>;

export function applyHostFacts(imports: ImportObject, policy: SandboxPolicy): void {
  const environment = Object.entries(policy.env);
  imports['wasi:cli/environment'] = {
    getEnvironment: (): [string, string][] => environment.map(([k, v]) => [k, v]),
    getArguments: (): string[] => [policy.label, ...policy.args],
    initialCwd: (): string | undefined => undefined,
  };
  imports['wasi:cli/terminal-stdin'] = { getTerminalStdin: () => undefined };
  imports['wasi:cli/terminal-stdout'] = { getTerminalStdout: () => undefined };
  imports['wasi:cli/terminal-stderr'] = { getTerminalStderr: () => undefined };
}
