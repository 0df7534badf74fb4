/**
 * Node's `util`, the helpers libraries reach for. Written here: the npm
 * `util` polyfill pulls in a dozen shims for engines older than this one,
 * and `inspect` there is a full printer where a readable approximation does.
 */
export const promisify = <T>(fn: (...args: unknown[]) => void) =>
  (...args: unknown[]): Promise<T> =>
    new Promise((resolve, reject) => fn(...args, (err: unknown, value: T) => (err ? reject(err) : resolve(value))));

export const callbackify =
  (fn: (...args: unknown[]) => Promise<unknown>) =>
  (...args: unknown[]): void => {
    const callback = args.pop() as (err: unknown, value?: unknown) => void;
    fn(...args).then((v) => callback(null, v), (err: unknown) => callback(err ?? new Error('Promise was rejected with a falsy value')));
  };

export function inspect(value: unknown, _options?: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === 'function') return `[Function: ${value.name || '(anonymous)'}]`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol' || value === undefined) return String(value);
  try {
    const seen = new WeakSet<object>();
    return JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === 'bigint') return `${v}n`;
      if (typeof v === 'object' && v !== null) {
        if (seen.has(v)) return '[Circular]';
        seen.add(v);
      }
      return v;
    }, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
inspect.custom = Symbol.for('nodejs.util.inspect.custom');

export function format(first?: unknown, ...rest: unknown[]): string {
  if (typeof first !== 'string') return [first, ...rest].map((v) => (typeof v === 'string' ? v : inspect(v))).join(' ');
  let i = 0;
  const out = first.replace(/%[sdifjoO%]/g, (token) => {
    if (token === '%%') return '%';
    if (i >= rest.length) return token;
    const v = rest[i++];
    switch (token) {
      case '%s':
        return typeof v === 'string' ? v : inspect(v);
      case '%d':
      case '%i':
        return String(token === '%i' ? Math.trunc(Number(v)) : Number(v));
      case '%f':
        return String(Number(v));
      default:
        return inspect(v);
    }
  });
  return [out, ...rest.slice(i).map((v) => (typeof v === 'string' ? v : inspect(v)))].join(' ');
}

export function inherits(ctor: { prototype: object; super_?: unknown }, superCtor: { prototype: object }): void {
  ctor.super_ = superCtor;
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

export const deprecate = <F>(fn: F, _message?: string): F => fn;
export const debuglog = () => Object.assign((..._args: unknown[]): void => {}, { enabled: false });
export const stripVTControlCharacters = (s: string): string => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
export const styleText = (_format: unknown, text: string): string => text;
export const toUSVString = (s: string): string => (s as { toWellFormed?: () => string }).toWellFormed?.() ?? s;

export function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && isDeepStrictEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const tag = (v: unknown): string => Object.prototype.toString.call(v);
export const types = {
  isPromise: (v: unknown): boolean => v instanceof Promise,
  isDate: (v: unknown): boolean => v instanceof Date,
  isRegExp: (v: unknown): boolean => v instanceof RegExp,
  isNativeError: (v: unknown): boolean => v instanceof Error,
  isUint8Array: (v: unknown): boolean => v instanceof Uint8Array,
  isTypedArray: (v: unknown): boolean => ArrayBuffer.isView(v) && !(v instanceof DataView),
  isArrayBuffer: (v: unknown): boolean => v instanceof ArrayBuffer,
  isAnyArrayBuffer: (v: unknown): boolean => v instanceof ArrayBuffer || tag(v) === '[object SharedArrayBuffer]',
  isMap: (v: unknown): boolean => v instanceof Map,
  isSet: (v: unknown): boolean => v instanceof Set,
  isAsyncFunction: (v: unknown): boolean => tag(v) === '[object AsyncFunction]',
  isGeneratorFunction: (v: unknown): boolean => tag(v) === '[object GeneratorFunction]',
  isProxy: (_v: unknown): boolean => false,
};
export const isArray = Array.isArray;
export const { TextEncoder, TextDecoder } = globalThis as unknown as { TextEncoder: unknown; TextDecoder: unknown };
export default { promisify, callbackify, inspect, format, inherits, deprecate, debuglog, stripVTControlCharacters, styleText, toUSVString, isDeepStrictEqual, types, isArray, TextEncoder, TextDecoder };
