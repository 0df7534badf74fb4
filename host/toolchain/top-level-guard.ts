/**
 * Code that cannot run while a component's top level runs: that happens
 * once, at build time (componentize-js snapshots the initialized module with
 * wizer), where there is no randomness and no event loop. Without this,
 * `Math.random()` at top level is a raw wasm trap. The bundle starts with
 * BANNER (the calls throw an Error saying what to do; the build maps its
 * stack to the source line) and ends with FOOTER (the real functions back,
 * for handlers; a reference kept from top level calls through to them).
 */
const GUARDED: [target: string, key: string, shown: string, missing: string][] = [
  ['Math', 'random', 'Math.random()', 'randomness'],
  ['globalThis.crypto', 'getRandomValues', 'crypto.getRandomValues()', 'randomness'],
  ['globalThis.crypto', 'randomUUID', 'crypto.randomUUID()', 'randomness'],
  ['globalThis', 'setTimeout', 'setTimeout()', 'event loop'],
  ['globalThis', 'setInterval', 'setInterval()', 'event loop'],
];

export const BANNER = `const __mcpHostRestore = (() => {
  globalThis.__mcpHostInitializing = true;
  const saved = [];
  const guard = (target, key, shown, missing) => {
    const original = target?.[key];
    if (typeof original !== 'function') return;
    saved.push([target, key, original]);
    try {
      // A reference taken at top level (\`const later = setTimeout\`) still works in a handler.
      target[key] = function (...args) {
        if (!globalThis.__mcpHostInitializing) return original.apply(this, args);
        throw new Error(shown + " cannot run at module top level: the top level runs once, at build time, where there is no " + missing + ". Move it into a handler (or compute the value lazily, on first use)");
      };
    } catch {}
  };
${GUARDED.map(([target, key, shown, missing]) => `  guard(${target}, ${JSON.stringify(key)}, ${JSON.stringify(shown)}, ${JSON.stringify(missing)});`).join('\n')}
  return () => {
    for (const [target, key, original] of saved) target[key] = original;
    globalThis.__mcpHostInitializing = false;
  };
})();`;

export const FOOTER = '__mcpHostRestore();';
