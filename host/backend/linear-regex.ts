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
    compiled = RE2JS.compile(ecmaClasses(RE2JS.translateRegExp(pattern)), flags);
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

/** ECMAScript's WhiteSpace and LineTerminator code points (`\s`), in RE2 syntax, for use inside a class. */
const ECMA_SPACE = '\\t\\n\\x0B\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
/** Every other code point (`\S`), inside a class. */
const ECMA_NOT_SPACE =
  '\\x00-\\x08\\x0E-\\x1F\\x21-\\x{9F}\\x{A1}-\\x{167F}\\x{1681}-\\x{1FFF}\\x{200B}-\\x{2027}\\x{202A}-\\x{202E}\\x{2030}-\\x{205E}\\x{2060}-\\x{2FFF}\\x{3001}-\\x{FEFE}\\x{FF00}-\\x{10FFFF}';
/** `.` without the `s` flag: anything but a line terminator. */
const ECMA_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';

/**
 * Where RE2 and ECMAScript (JSON Schema's dialect) read the same text
 * differently, the ECMAScript meaning, spelled out for RE2: `\s` and `\S`
 * (RE2's are ASCII only: `\u00a0` or `\ufeff` would pass `^\S+$`), `.`
 * (RE2's matches `\r` and `\u2028`), `[\b]` (a backspace; RE2 has none) and
 * `[]` (matches nothing; RE2 reads `]` as its first member). Takes and
 * gives RE2 syntax (after translateRegExp).
 */
function ecmaClasses(re2: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < re2.length; i++) {
    const c = re2[i]!;
    if (c === '\\') {
      const next = re2[i + 1] ?? '';
      i++;
      if (next === 's') out += inClass ? ECMA_SPACE : `[${ECMA_SPACE}]`;
      else if (next === 'S') out += inClass ? ECMA_NOT_SPACE : `[${ECMA_NOT_SPACE}]`;
      else if (next === 'b' && inClass) out += '\\x08';
      else out += c + next;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      const negated = re2[i + 1] === '^';
      const start = i + (negated ? 2 : 1);
      if (re2[start] === ']') {
        // `[]` matches nothing, `[^]` anything.
        out += negated ? '[\\x00-\\x{10FFFF}]' : '[^\\x00-\\x{10FFFF}]';
        i = start;
        continue;
      }
      inClass = true;
      out += negated ? '[^' : '[';
      i = start - 1;
    } else if (c === '.') {
      out += ECMA_DOT;
    } else {
      out += c;
    }
  }
  return out;
}

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
