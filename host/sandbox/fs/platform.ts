/**
 * Where confined directory grants work. The confinement (walk.ts) needs
 * Linux's /proc/self/fd magic links and O_PATH; elsewhere mcp-host refuses
 * directory grants rather than fall back to resolving paths by name, which
 * a component can race out of its directory.
 */
import { existsSync } from 'node:fs';

/** Why directories cannot be granted on this host, or undefined when they can. */
export function confinementUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `granting a directory needs Linux; this host is ${process.platform}`;
  if (!existsSync('/proc/self/fd')) return 'granting a directory needs /proc (/proc/self/fd is missing)';
  return undefined;
}
