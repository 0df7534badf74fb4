/**
 * How deep JSON nests, by a linear scan with no recursion: what the host
 * checks before anything recursive (a parser's consumers, schema
 * validation) walks a value someone else made.
 */
/**
 * Whether valid JSON text nests deeper than `max`. Text with at most `max`
 * opening brackets cannot, and counting them is native-speed (indexOf), so
 * the character-by-character scan runs only for text with many brackets
 * (a megabyte of string data in a request is not walked in JS).
 */
export function jsonDeeperThan(text: string, max: number): boolean {
  let brackets = 0;
  for (const open of ['{', '[']) {
    for (let i = text.indexOf(open); i !== -1; i = text.indexOf(open, i + 1)) {
      if (++brackets > max) return jsonDepth(text) > max;
    }
  }
  return false;
}

/** Deepest nesting of arrays and objects in valid JSON text, by a scan (no recursion). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
