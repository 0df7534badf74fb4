/**
 * What a component may reach. Everything is denied unless granted here:
 * the defaults grant nothing but clocks and randomness.
 */

export interface SandboxPolicy {
  /** Label for the component's stdout/stderr lines on the host's stderr. */
  label: string;
  /** Guest path → host path. Default: none. */
  preopens: Record<string, string>;
  /** Environment variables the guest sees. Default: none. */
  env: Record<string, string>;
}

export function denyAllPolicy(label: string): SandboxPolicy {
  return { label, preopens: {}, env: {} };
}
