/**
 * The host's JSON measures against JSON itself: jsonByteLength and
 * jsonBytesOver (the result-size cap, json-size.ts) must give exactly the
 * UTF-8 length of JSON.stringify, and jsonDeeperThan (the message depth
 * limit, json-depth.ts) exactly whether the parse nests deeper. Values are
 * generated from a fixed seed over the characters JSON escapes or encodes in
 * several bytes, lone surrogates, odd numbers and the members JSON skips.
 */
import { describe, expect, it } from 'vitest';
import { jsonDeeperThan, jsonDepth } from '../../host/json-depth.js';
import { jsonByteLength, jsonBytesOver } from '../../host/json-size.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): (n: number) => number {
  let a = seed;
  return (n) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const CHARS = ['a', 'é', '"', '\\', '\n', '\u0001', '\u001f', '😀', '\ud800', '\udfff', ' ', '\u2028', '\u007f', '{', '['];
const NUMBERS = [0, -0, 1.5e300, 0.1, -7, NaN, Infinity, -Infinity, 12345678901234567890, 5e-7, 2 ** 53];

function generate(rnd: (n: number) => number, depth: number): unknown {
  const text = (): string => Array.from({ length: rnd(10) }, () => CHARS[rnd(CHARS.length)]).join('');
  switch (rnd(depth > 5 ? 6 : 9)) {
    case 0: return null;
    case 1: return text();
    case 2: return NUMBERS[rnd(NUMBERS.length)];
    case 3: return rnd(2) === 1;
    case 4: return undefined;
    case 5: return () => 1;
    case 6:
    case 7: return Array.from({ length: rnd(5) }, () => generate(rnd, depth + 1));
    default: return Object.fromEntries(Array.from({ length: rnd(5) }, () => [text(), generate(rnd, depth + 1)]));
  }
}

const utf8Json = (value: unknown): number => {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : Buffer.byteLength(text);
};

describe('JSON measures', () => {
  it('count exactly the bytes JSON.stringify writes, and answer the cap at its boundary', () => {
    const rnd = random(20261201);
    for (let i = 0; i < 20_000; i++) {
      const value = generate(rnd, 0);
      const bytes = utf8Json(value);
      expect(jsonByteLength(value), JSON.stringify(value)).toBe(bytes);
      expect(jsonBytesOver(value, bytes)).toBeUndefined();
      if (bytes > 0) expect(jsonBytesOver(value, bytes - 1)).toBe(bytes);
    }
  });

  it('count a large plain result without a second serialization, and one over the cap exactly', () => {
    const result = { content: [{ type: 'text', text: 'x'.repeat(3_000_000) }, { type: 'text', text: 'é"\n'.repeat(1000) }] };
    const bytes = utf8Json(result);
    expect(jsonBytesOver(result, 16 * 1024 * 1024)).toBeUndefined();
    expect(jsonBytesOver(result, 3_000_000)).toBe(bytes);
    expect(jsonByteLength(result)).toBe(bytes);
  });

  it('tell whether text nests deeper than a limit, exactly as its parse does', () => {
    const rnd = random(7);
    for (let i = 0; i < 5_000; i++) {
      const text = JSON.stringify(generate(rnd, 0)) ?? 'null';
      for (const max of [0, 1, 2, 3, 6]) expect(jsonDeeperThan(text, max), text).toBe(jsonDepth(text) > max);
    }
    // Brackets inside strings are counted by the fast path, never by the depth.
    expect(jsonDeeperThan(JSON.stringify({ a: '{{{{[[[[' }), 2)).toBe(false);
    expect(jsonDeeperThan('[[[[[]]]]]', 4)).toBe(true);
    expect(jsonDeeperThan(`[${'{"a":1},'.repeat(100)}1]`, 2)).toBe(false);
  });
});
