/**
 * componentize-js's report of an exception while the module's top level ran
 * (at build time, under wizer) → "server.ts:3:14: Error: …": the stack's
 * frames mapped through the bundle's source map to the author's source, the
 * first frame in their own code first (not the guest library, not a package).
 */
import { SourceMap } from 'node:module';

export interface SourceFrame {
  source: string;
  line: number;
  column: number;
}

/** Frames are `fn@entry.js:12:3` (SpiderMonkey), the error line `entry.js:12:3 Error: …`. */
const FRAME = /^\s*[^@\s]*@(?:.*\/)?entry\.js:(\d+):(\d+)\s*$/;
const ERROR_LINE = /^(?:.*\/)?entry\.js:\d+:\d+ (.*)$/;

export function explainTopLevelFailure(message: string, sourceMapJson: string): string | undefined {
  const lines = message.split('\n');
  const start = lines.findIndex((l) => l.includes('Exception while evaluating top-level script'));
  if (start < 0) return undefined;
  const first = lines.findIndex((l, i) => i > start && ERROR_LINE.test(l));
  if (first < 0) return undefined;
  // The message runs on until componentize-js's own notes or the stack.
  const end = lines.findIndex((l, i) => i > first && /^(Additionally, some promises|Stack:)/.test(l));
  // StarlingMonkey starts every line of it with the throw's location.
  const errorText = lines
    .slice(first, end < 0 ? undefined : end)
    .map((l) => ERROR_LINE.exec(l)?.[1] ?? l)
    .join('\n')
    .replace(/^DeclarationError: /, '');
  const map = new SourceMap(JSON.parse(sourceMapJson) as ConstructorParameters<typeof SourceMap>[0]);
  const frames: SourceFrame[] = [];
  for (const line of lines.slice(start)) {
    const m = FRAME.exec(line);
    if (!m) continue;
    const entry = map.findEntry(Number(m[1]) - 1, Number(m[2]) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (entry.originalSource === undefined || entry.originalLine === undefined) continue;
    frames.push({ source: shortSource(entry.originalSource), line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 });
  }
  const own = frames.find((f) => !/(^|\/)(node_modules|components\/guest)\//.test(f.source)) ?? frames[0];
  const where = own ? `${own.source}:${own.line}:${own.column}: ` : '';
  return `${where}${errorText}`;
}

/** Node resolves the map's sources to file: URLs against the map's (virtual) location. */
function shortSource(source: string): string {
  const path = source.startsWith('file://') ? decodeURIComponent(new URL(source).pathname) : source;
  const cwd = `${process.cwd()}/`;
  return path.startsWith(cwd) ? path.slice(cwd.length) : path;
}
