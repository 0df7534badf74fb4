// Modules of the Node layer without their own typings.
declare module 'path-browserify' {
  export interface ParsedPath {
    root: string;
    dir: string;
    base: string;
    ext: string;
    name: string;
  }
  export interface PathModule {
    sep: string;
    delimiter: string;
    join(...parts: string[]): string;
    resolve(...parts: string[]): string;
    normalize(path: string): string;
    isAbsolute(path: string): boolean;
    relative(from: string, to: string): string;
    dirname(path: string): string;
    basename(path: string, ext?: string): string;
    extname(path: string): string;
    parse(path: string): ParsedPath;
    format(parts: Partial<ParsedPath>): string;
    posix: PathModule;
  }
  const path: PathModule;
  export default path;
}
declare module 'events' {
  export class EventEmitter {
    on(event: string | symbol, listener: (...args: any[]) => void): this;
    once(event: string | symbol, listener: (...args: any[]) => void): this;
    off(event: string | symbol, listener: (...args: any[]) => void): this;
    emit(event: string | symbol, ...args: unknown[]): boolean;
    listenerCount(event: string | symbol): number;
    removeAllListeners(event?: string | symbol): this;
  }
  export default EventEmitter;
}
/** The package.json files a build embeds (toolchain/node-server.ts), by the path import.meta.url gives. */
declare module 'mcp-host:embedded-files' {
  export const files: Record<string, string>;
}
declare const performance: { now(): number } | undefined;
declare class URL {
  constructor(url: string, base?: string);
  protocol: string;
  hostname: string;
  host: string;
  port: string;
  pathname: string;
  search: string;
  hash: string;
  href: string;
}
declare class URLSearchParams {}
