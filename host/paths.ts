/**
 * Where the package's own files are (the WIT, the guest library) and where
 * caches go. Computed from this module's location so it works from `dist/`
 * and from an installed package alike.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: this file is `<root>/dist/host/paths.js`. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The `wasi:mcp` WIT package with its vendored WASI dependencies. */
export const witDir = join(packageRoot, 'wit');

/** The guest library components import as `mcp-host/guest`. */
export const guestLibraryEntry = join(packageRoot, 'components', 'guest', 'index.ts');

/** What `process.env` becomes in a component (esbuild inject; see bundle.ts). */
export const guestProcessEnv = join(packageRoot, 'components', 'guest', 'process-env.ts');

/**
 * Root of mcp-host's on-disk caches. `MCP_HOST_CACHE_DIR` overrides it;
 * otherwise `$XDG_CACHE_HOME/mcp-host` or `~/.cache/mcp-host`.
 */
export function cacheRoot(): string {
  const explicit = process.env.MCP_HOST_CACHE_DIR;
  if (explicit) return explicit;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.cache'), 'mcp-host');
}

/** The Node layer of unchanged SDK servers (components/guest/node; see toolchain/node-server.ts). */
export const guestNodeDir = join(packageRoot, 'components', 'guest', 'node');
