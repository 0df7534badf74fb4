import { mapSections, readLeb, sections } from '../wasm-binary.js';

/**
 * One cap shared by every memory (or table) of a component: a component may
 * define many, in many core modules (a copy of a module costs a few bytes
 * of the file), so a cap on each would multiply. Their minimums must fit in
 * the cap; what is left is shared evenly by those that may grow.
 */
export interface Limit {
  min: number;
  /** Infinity when the module declares none. */
  max: number;
}

/** The maximum each limit gets, in order; undefined when the minimums alone exceed the cap. */
function shareCap(limits: Limit[], cap: number): number[] | undefined {
  const needed = limits.reduce((n, l) => n + l.min, 0);
  if (needed > cap) return undefined;
  const growable = limits.filter((l) => l.max > l.min).length;
  const share = growable > 0 ? Math.floor((cap - needed) / growable) : 0;
  return limits.map((l) => Math.min(l.max, l.min + share));
}

/** The sum of the minimums, for the error when they do not fit. */
const minimums = (limits: Limit[]): number => limits.reduce((n, l) => n + l.min, 0);

/** Limits as the binary format writes them after their flags byte (bit 0: a maximum follows), and where they end. */
export function readLimits(bytes: Uint8Array, offset: number, flags: number): Limit & { end: number } {
  const [min, minLength] = readLeb(bytes, offset);
  let end = offset + minLength;
  let max = Infinity;
  if (flags & 0x01) {
    const [value, maxLength] = readLeb(bytes, end);
    max = value;
    end += maxLength;
  }
  return { min, max, end };
}

/**
 * Every module with its section `id` re-encoded so that its entries' maxima,
 * over all the modules, share `cap`; `{ needed }` when the minimums do not fit.
 */
export function capSections<T extends Limit>(
  modules: Uint8Array[],
  id: number,
  read: (content: Uint8Array) => T[],
  encode: (entries: T[], maxes: number[]) => Uint8Array,
  cap: number,
): { modules: Uint8Array[] } | { needed: number } {
  const parsed = modules.map((m) => [...sections(m)].filter((s) => s.id === id).flatMap((s) => read(s.content)));
  const maxes = shareCap(parsed.flat(), cap);
  if (!maxes) return { needed: minimums(parsed.flat()) };
  let next = 0;
  return {
    modules: modules.map((module, i) => {
      const entries = parsed[i]!;
      if (entries.length === 0) return module;
      return mapSections(module, (sectionId) => (sectionId === id ? encode(entries, maxes.slice(next, (next += entries.length))) : undefined));
    }),
  };
}
