/**
 * What the host accepts as a tool's input or output schema. The host
 * compiles these (ajv generates and compiles code for each) and runs them on
 * its main thread against every call's arguments and result, so their cost
 * is bounded at registration: size, nesting depth, and every `pattern` must
 * run on the linear-time engine (linear-regex.ts).
 */
import { compileLinear, UnsupportedPattern } from './linear-regex.js';

export const SCHEMA_LIMITS = {
  /** Bytes of one schema's JSON. */
  maxBytes: 256 * 1024,
  /** Nesting of objects and arrays in it. */
  maxDepth: 64,
  /** `pattern`s and `patternProperties` keys in one schema. */
  maxPatterns: 1000,
};

/**
 * Keywords whose values are data, not schemas: a `pattern` key inside them is
 * not a pattern. Everything else is walked, since a `$ref` can point
 * anywhere in the document (`#/x-defs/s`), even under a keyword ajv does not
 * know.
 */
const DATA = new Set(['const', 'enum', 'default', 'examples', 'example']);
/** Why a parsed schema is refused, if it is. */
export function schemaProblem(schema: unknown): string | undefined {
  const depth = depthOver(schema, SCHEMA_LIMITS.maxDepth);
  if (depth) return `it nests deeper than ${SCHEMA_LIMITS.maxDepth} levels`;
  const patterns: string[] = [];
  collectPatterns(schema, patterns);
  if (patterns.length > SCHEMA_LIMITS.maxPatterns) return `it has ${patterns.length} patterns, over the limit of ${SCHEMA_LIMITS.maxPatterns}`;
  for (const pattern of patterns) {
    try {
      compileLinear(pattern);
    } catch (err) {
      if (err instanceof UnsupportedPattern) return err.message;
      throw err;
    }
  }
  return undefined;
}

/**
 * The instructions of all the schema's patterns: a check of a value of n
 * bytes against it takes up to this many times n steps in patterns (without
 * `$ref`s, each pattern meets each string of the value at most once).
 * Infinity if one does not compile.
 */
export function patternProgramSize(schema: unknown): number {
  const patterns: string[] = [];
  collectPatterns(schema, patterns);
  let total = 0;
  for (const pattern of patterns) {
    try {
      total += compileLinear(pattern).programSize;
    } catch {
      return Infinity;
    }
  }
  return total;
}

/** Is the value nested deeper than `max`? Stops descending past it, so a deep value cannot overflow the stack. */
function depthOver(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (max === 0) return true;
  for (const child of Object.values(value)) if (depthOver(child, max - 1)) return true;
  return false;
}

/** Every `pattern` and `patternProperties` key anywhere a subschema can be (not inside `const`, `default`, `examples`…). */
function collectPatterns(schema: unknown, out: string[]): void {
  if (schema === null || typeof schema !== 'object' || out.length > SCHEMA_LIMITS.maxPatterns) return;
  if (Array.isArray(schema)) {
    for (const s of schema) collectPatterns(s, out);
    return;
  }
  const obj = schema as Record<string, unknown>;
  if (typeof obj.pattern === 'string') out.push(obj.pattern);
  if (isObject(obj.patternProperties)) out.push(...Object.keys(obj.patternProperties));
  for (const [key, value] of Object.entries(obj)) if (!DATA.has(key)) collectPatterns(value, out);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
