/**
 * Regular expressions a guest supplies (a `pattern` in a schema, a URI
 * template) run on the host's main thread, where a backtracking engine lets
 * ~35 characters of input block every request for seconds. These run on RE2
 * (re2js, a pure-JS port): time linear in the input, whatever the pattern.
 * RE2 has no lookaround and no backreferences; a pattern that needs them
 * does not compile here, and the caller refuses it.
 */
import { RE2JS } from 're2js';

/** Longest pattern the host compiles: RE2's program grows with it. */
export const MAX_PATTERN_LENGTH = 4096;

/**
 * Most instructions in a compiled program. RE2's time is linear in the input
 * but each character costs up to one step per instruction, and counted
 * repetitions multiply them: `(?:a|aa){1000}` three times is 12,003
 * instructions from 44 characters, ~1 s per 16 KB of input.
 */
export const MAX_PROGRAM_SIZE = 5000;

/** A pattern the linear engine cannot run (or that is too long). */
export class UnsupportedPattern extends Error {}

export interface LinearRegExp {
  /** Does the pattern match somewhere in `s` (RegExp#test semantics)? */
  test(s: string): boolean;
  /** Instructions in the compiled program: the most steps one character of input costs. */
  readonly programSize: number;
  toString(): string;
}

// A backreference (`\1`, `\k<name>`) outside a character class: RE2 has none,
// and translateRegExp would turn `\k<x>` into the literal `k<x>` silently.
const BACKREFERENCE = /\\(?:[1-9]|k<)/;

/** Compile an ECMAScript pattern (JSON Schema's dialect) for linear-time matching; throws UnsupportedPattern. */
export function compileLinear(pattern: string, flags = 0): LinearRegExp {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new UnsupportedPattern(`pattern is ${pattern.length} characters, over the limit of ${MAX_PATTERN_LENGTH}`);
  }
  if (BACKREFERENCE.test(stripClasses(pattern))) {
    throw new UnsupportedPattern(`pattern ${JSON.stringify(clip(pattern))} uses a backreference, which the host's linear-time engine (RE2) does not support`);
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(RE2JS.translateRegExp(pattern), flags);
  } catch (err) {
    throw new UnsupportedPattern(
      `pattern ${JSON.stringify(clip(pattern))} cannot run on the host's linear-time engine (RE2: no lookaround, no backreferences): ${(err as Error).message}`,
    );
  }
  const programSize = programSizeOf(compiled);
  if (programSize > MAX_PROGRAM_SIZE) {
    throw new UnsupportedPattern(
      `pattern ${JSON.stringify(clip(pattern))} compiles to ${programSize} instructions, over the limit of ${MAX_PROGRAM_SIZE} (counted repetitions multiply a pattern's size)`,
    );
  }
  return { test: (s) => compiled.test(s), programSize, toString: () => pattern };
}

/**
 * The compiled program's instruction count. re2js keeps it on an internal
 * field; if a version moves it, no size can be known and the pattern is
 * refused rather than run unbounded.
 */
function programSizeOf(compiled: RE2JS): number {
  const prog = (compiled as unknown as { re2Input?: { prog?: { numInst?: () => number } } }).re2Input?.prog;
  const size = typeof prog?.numInst === 'function' ? prog.numInst() : NaN;
  return Number.isInteger(size) && size > 0 ? size : Infinity;
}

/**
 * Ajv's `code.regExp` engine. Ajv caches compiled patterns by `toString()`,
 * so each keeps its own source as its string.
 */
export const ajvRegExpEngine = Object.assign((pattern: string) => compileLinear(pattern), {
  // Only used for standalone code generation, which the host never does.
  code: 'require("re2js").RE2JS',
});

/** The pattern without its character classes (`[...]`), where `\1` means something else. */
function stripClasses(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      if (!inClass) out += pattern.slice(i, i + 2);
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else {
      out += c;
    }
  }
  return out;
}

const clip = (s: string): string => (s.length > 80 ? `${s.slice(0, 80)}…` : s);
