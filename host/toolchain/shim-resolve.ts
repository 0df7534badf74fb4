/**
 * Module resolution hook for the toolchain process (registered by
 * toolchain-worker.ts). componentize-js imports preview2-shim without
 * declaring it, and jco may get a nested copy of its own: where npm puts
 * either depends on the user's tree, and a copy that is found at one install
 * is pruned at the next. Every import of preview2-shim in this process is
 * resolved as if mcp-host imported it, so there is one instance (the one
 * mcp-host declares and npm guarantees it can resolve) and the preopens the
 * worker opens are the ones the tools read through.
 */
const SHIM = '@bytecodealliance/preview2-shim';

interface ResolveContext {
  parentURL?: string;
  conditions: string[];
  importAttributes: Record<string, string>;
}
type NextResolve = (specifier: string, context?: Partial<ResolveContext>) => Promise<{ url: string }>;

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<{ url: string }> {
  if (specifier === SHIM || specifier.startsWith(`${SHIM}/`)) {
    return nextResolve(specifier, { ...context, parentURL: import.meta.url });
  }
  return nextResolve(specifier, context);
}
