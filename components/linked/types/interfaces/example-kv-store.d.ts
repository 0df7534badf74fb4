declare module 'example:kv/store@0.1.0' {
  export function get(key: string): string | undefined;
  export function set(key: string, value: string): void;
  export function keys(): Array<string>;
}
