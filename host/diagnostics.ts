/**
 * Host diagnostics carry guest text (tokens, reasons, output lines), so
 * every line is made safe where it is written and every component's lines
 * are metered where its log function is made:
 *  - safeLine: control characters (newline, CR, ANSI ESC, ...) and
 *    bidirectional overrides become visible escapes, so no text can end a
 *    line early, start a forged one, or repaint the terminal. Nothing it
 *    writes is a control character, so applying it twice changes nothing.
 *  - quoteValue: a guest value inside a message, JSON-quoted and cut short.
 *  - lineBudget: a component's diagnostics, at most a burst then a rate of
 *    lines a second; what is over is counted and said so once it may speak.
 */

// C0 (but tab), DEL, C1, line/paragraph separators, bidi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function safeLine(line: string): string {
  return line.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x0a) return '\\n';
    if (code === 0x0d) return '\\r';
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A diagnostic line as the host's stderr gets it. */
export function formatDiagnostic(line: string): string {
  return `mcp-host: ${safeLine(line)}\n`;
}

export const MAX_QUOTED_CHARS = 100;

/** A guest value for a diagnostic: JSON-quoted, cut at MAX_QUOTED_CHARS, and said so. */
export function quoteValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  if (text.length <= MAX_QUOTED_CHARS) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, MAX_QUOTED_CHARS))}… [${text.length} chars, cut]`;
}

/** Diagnostics one component may cause: a burst, then a rate, of lines. */
export const DIAGNOSTIC_BURST_LINES = 1000;
export const DIAGNOSTIC_LINES_PER_SECOND = 100;

/** A token bucket of lines; `take` says whether one more may go. */
export class LineBucket {
  private tokens: number;
  private last = Date.now();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * `log` metered for one component (`label`): each line made safe, and lines
 * over the budget dropped, with a note of how many before the next one out.
 */
export function lineBudget(
  label: string,
  log: (line: string) => void,
  burst = DIAGNOSTIC_BURST_LINES,
  perSecond = DIAGNOSTIC_LINES_PER_SECOND,
): (line: string) => void {
  const bucket = new LineBucket(burst, perSecond);
  let dropped = 0;
  return (line) => {
    if (!bucket.take()) {
      if (dropped++ === 0) log(`${safeLine(label)}: over ${perSecond} diagnostic lines/s, dropping them`);
      return;
    }
    if (dropped > 0) {
      log(`${safeLine(label)}: ${dropped} diagnostic lines were dropped`);
      dropped = 0;
    }
    log(safeLine(line));
  };
}
