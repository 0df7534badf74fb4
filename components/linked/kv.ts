/** Provider of example:kv/store: the state lives here, not in the server that uses it. */
const data = new Map<string, string>();

export const store = {
  get: (key: string): string | undefined => data.get(key),
  set: (key: string, value: string): void => void data.set(key, value),
  keys: (): string[] => [...data.keys()].sort(),
};
