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
export function shareCap(limits: Limit[], cap: number): number[] | undefined {
  const needed = limits.reduce((n, l) => n + l.min, 0);
  if (needed > cap) return undefined;
  const growable = limits.filter((l) => l.max > l.min).length;
  const share = growable > 0 ? Math.floor((cap - needed) / growable) : 0;
  return limits.map((l) => Math.min(l.max, l.min + share));
}

/** The sum of the minimums, for the error when they do not fit. */
export const minimums = (limits: Limit[]): number => limits.reduce((n, l) => n + l.min, 0);
