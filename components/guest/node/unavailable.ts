/**
 * What a Node builtin the component cannot have (http, child_process, …) is
 * in the bundle: importing it works (servers import modules they use only
 * on some paths, e.g. an HTTP transport), using any of its members throws an
 * Error naming the module and why.
 */
export function unavailable(name: string, why: string): unknown {
  const fail = (member: string): never => {
    throw Object.assign(new Error(`node:${name}${member ? `.${member}` : ''} is not available in an mcp-host component: ${why}`), { code: 'ERR_MCP_HOST_UNAVAILABLE' });
  };
  const member = (key: string): unknown =>
    new Proxy(function () {}, {
      apply: () => fail(key),
      construct: () => fail(key),
      get: (_t, inner) => (inner === 'prototype' ? {} : typeof inner === 'symbol' ? undefined : fail(`${key}.${inner}`)),
    });
  // Members are looked up through the prototype: esbuild's CommonJS interop
  // copies own properties into an object made from this module's prototype.
  const members = new Proxy(
    {},
    {
      get: (_t, key, receiver) => {
        // Asked by esbuild's interop and by `await import()`: the module itself, not a failure.
        if (key === '__esModule' || key === 'then' || typeof key === 'symbol') return undefined;
        if (key === 'default') return receiver;
        return member(key);
      },
    },
  );
  return Object.create(members) as unknown;
}
