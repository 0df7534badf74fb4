/**
 * `process.env` in a component: `mcp-host build` replaces `process.env` with
 * this (esbuild define + inject), so `process.env.API_KEY` reads a granted
 * variable (`mcp-host run --env API_KEY`) and is undefined otherwise, as in
 * Node. Empty while the module's top level runs: that is at build time, and
 * the builder's environment must not end up in the component.
 */
import { getEnvironment } from 'wasi:cli/environment@0.2.3';

const initializing = (): boolean => (globalThis as { __mcpHostInitializing?: boolean }).__mcpHostInitializing === true;
const current = (): Record<string, string> => (initializing() ? {} : Object.fromEntries(getEnvironment()));

export const __mcpHostProcessEnv: Record<string, string | undefined> = /* @__PURE__ */ new Proxy(
  {},
  {
    get: (_t, name) => (typeof name === 'string' ? current()[name] : undefined),
    has: (_t, name) => typeof name === 'string' && name in current(),
    ownKeys: () => Object.keys(current()),
    getOwnPropertyDescriptor: (_t, name) =>
      typeof name === 'string' && name in current() ? { value: current()[name], enumerable: true, configurable: true, writable: false } : undefined,
    set: () => false,
  },
);
