// The web APIs StarlingMonkey (the JS engine inside a component) provides
// that the guest library and examples use. Not Node: no process, no fs.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: Uint8Array): string;
}
declare function atob(data: string): string;
declare function btoa(data: string): string;
declare const console: { log(...data: unknown[]): void; error(...data: unknown[]): void };
/** Present when built with `mcp-host build --enable-http`. */
declare function fetch(url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{
  status: number;
  text(): Promise<string>;
  json(): Promise<unknown>;
}>;
/** Timers run while a handler's promise is pending (an awaited delay works); not at build time. */
declare function setTimeout(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number;
declare function clearTimeout(id?: number): void;
declare function setInterval(callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number;
declare function clearInterval(id?: number): void;
declare function queueMicrotask(callback: () => void): void;
/** Web Crypto's random values (in handlers: at build time there is no randomness). */
declare const crypto: {
  getRandomValues<T extends Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array>(array: T): T;
  randomUUID(): string;
};
/**
 * Only `process.env` exists: `mcp-host build` replaces it with the granted
 * environment (`mcp-host run --env NAME`). There is no other `process`.
 */
declare const process: { readonly env: Record<string, string | undefined> };
