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
