/** Node's `timers` and `timers/promises`: the engine's timers (they run while a request is being handled). */
import { clearImmediate, setImmediate } from './globals.js';

const g = globalThis as unknown as {
  setTimeout: (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => unknown;
  clearTimeout: (id: unknown) => void;
  setInterval: (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => unknown;
  clearInterval: (id: unknown) => void;
};
export const setTimeout = (...args: Parameters<typeof g.setTimeout>): unknown => g.setTimeout(...args);
export const clearTimeout = (id: unknown): void => g.clearTimeout(id);
export const setInterval = (...args: Parameters<typeof g.setInterval>): unknown => g.setInterval(...args);
export const clearInterval = (id: unknown): void => g.clearInterval(id);
export { setImmediate, clearImmediate };

export const promises = {
  setTimeout: <T>(ms?: number, value?: T): Promise<T | undefined> => new Promise((resolve) => g.setTimeout(() => resolve(value), ms)),
  setImmediate: <T>(value?: T): Promise<T | undefined> => new Promise((resolve) => g.setTimeout(() => resolve(value), 0)),
};
export default { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, promises };
