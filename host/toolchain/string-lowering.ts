/**
 * A workaround for componentize-js 0.23's guest bindings, applied to the
 * bindings it generates during a build. To size a string it passes to the
 * host, `_utf8AllocateAndEncode` loops over every character in the JS
 * interpreter (~136 ms for 1 MB, measured in bench/), then encodes it with
 * TextEncoder anyway. This version lets TextEncoder do both (1.5 ms for
 * 1 MB). Same bytes, same result: lone surrogates become U+FFFD either way.
 * If a componentize-js version writes the function differently, the
 * bindings are left as they are.
 */
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

const SLOW_SIZING = /  let len = 0;\n  let codepoints = 0;\n  for \(let i = 0; i < s\.length; i\+\+\) \{[\s\S]*?\n  \}\n  const ptr = realloc\(0, 0, 1, len\);\n  const \{ read, written \} = TEXT_ENCODER_UTF8\.encodeInto\(\n  s,\n  new Uint8Array\(memory\.buffer, ptr, len\),\n  \);\n  if \(read !== s\.length \|\| written !== len\) \{\n    throw new Error\('failed to encode whole string'\);\n  \}\n  const res = \{ ptr, len, codepoints \};/;

const FAST_SIZING = `  const bytes = TEXT_ENCODER_UTF8.encode(s);
  const len = bytes.length;
  const ptr = realloc(0, 0, 1, len);
  new Uint8Array(memory.buffer, ptr, len).set(bytes);
  const res = { ptr, len, codepoints: s.length };`;

export function fasterStringLowering(bindings: string): string {
  return bindings.replace(SLOW_SIZING, FAST_SIZING);
}

/**
 * Rewrite the bindings as componentize-js writes them (to `initializer.js`).
 * For the toolchain process only: it patches this process's fs module.
 */
export function patchBindingsOnWrite(): void {
  const writeFile = fsp.writeFile;
  fsp.writeFile = ((path: Parameters<typeof writeFile>[0], data: Parameters<typeof writeFile>[1], ...rest: unknown[]) =>
    writeFile(
      path,
      typeof path === 'string' && path.endsWith('initializer.js') && typeof data === 'string' ? fasterStringLowering(data) : data,
      ...(rest as []),
    )) as typeof writeFile;
  syncBuiltinESMExports();
}
