/**
 * Node's `assert`, the functions libraries call (yargs asserts its own
 * invariants with it). Written here: the npm `assert` polyfill pulls in the
 * whole `util` polyfill; deep equality is util.ts's.
 */
import { inspect, isDeepStrictEqual } from './util.js';

export class AssertionError extends Error {
  readonly code = 'ERR_ASSERTION';
  constructor(
    message: string,
    readonly actual?: unknown,
    readonly expected?: unknown,
    readonly operator?: string,
  ) {
    super(message);
    this.name = 'AssertionError';
  }
}

function fail(message: string | Error | undefined, fallback: string, actual?: unknown, expected?: unknown, operator?: string): never {
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? fallback, actual, expected, operator);
}

function ok(value: unknown, message?: string | Error): asserts value {
  if (!value) fail(message, `The expression evaluated to a falsy value:\n\n  assert.ok(${inspect(value)})\n`, value, true, '==');
}

const assert = Object.assign(ok, {
  ok,
  AssertionError,
  fail: (message?: string | Error): never => fail(message, 'Failed'),
  equal: (a: unknown, b: unknown, message?: string | Error) => void (a == b || fail(message, `${inspect(a)} == ${inspect(b)}`, a, b, '==')),
  notEqual: (a: unknown, b: unknown, message?: string | Error) => void (a != b || fail(message, `${inspect(a)} != ${inspect(b)}`, a, b, '!=')),
  strictEqual: (a: unknown, b: unknown, message?: string | Error) => void (Object.is(a, b) || fail(message, `Expected values to be strictly equal:\n\n${inspect(a)} !== ${inspect(b)}\n`, a, b, 'strictEqual')),
  notStrictEqual: (a: unknown, b: unknown, message?: string | Error) => void (!Object.is(a, b) || fail(message, `Expected "actual" to be strictly unequal to: ${inspect(b)}`, a, b, 'notStrictEqual')),
  deepStrictEqual: (a: unknown, b: unknown, message?: string | Error) => void (isDeepStrictEqual(a, b) || fail(message, 'Expected values to be strictly deep-equal', a, b, 'deepStrictEqual')),
  notDeepStrictEqual: (a: unknown, b: unknown, message?: string | Error) => void (!isDeepStrictEqual(a, b) || fail(message, 'Expected "actual" not to be strictly deep-equal to "expected"', a, b, 'notDeepStrictEqual')),
  throws(fn: () => unknown, _expected?: unknown, message?: string | Error): void {
    try {
      fn();
    } catch {
      return;
    }
    fail(message, 'Missing expected exception.');
  },
  match: (s: string, re: RegExp, message?: string | Error) => void (re.test(s) || fail(message, `The input did not match the regular expression ${String(re)}. Input: ${inspect(s)}`, s, re, 'match')),
});
(assert as unknown as { deepEqual: unknown }).deepEqual = assert.deepStrictEqual;
(assert as unknown as { strict: unknown }).strict = assert;

export default assert;
export const { strictEqual, notStrictEqual, deepStrictEqual, notDeepStrictEqual, equal, notEqual, throws, match } = assert;
export { ok };
