/** The vendored WASI WIT is exactly what deps.toml pins, and nothing else. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/fixtures.js';

const depsDir = join(root, 'wit', 'deps');

interface Pin {
  version: string;
  source: string;
  sha256: Record<string, string>;
}

const pins = parse(readFileSync(join(root, 'deps.toml'), 'utf8')) as unknown as Record<string, Pin>;

function vendoredFiles(dir = depsDir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? vendoredFiles(path) : [relative(depsDir, path)];
  });
}

describe('deps.toml', () => {
  const pinned = Object.values(pins).flatMap((pin) => Object.entries(pin.sha256));

  it('pins every vendored file, with a version and a source', () => {
    expect(vendoredFiles().sort()).toEqual(pinned.map(([file]) => file).sort());
    for (const pin of Object.values(pins)) {
      expect(pin.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(pin.source.length).toBeGreaterThan(0);
    }
  });

  it.each(pinned)('%s matches its sha256', (file, sha256) => {
    const actual = createHash('sha256').update(readFileSync(join(depsDir, file))).digest('hex');
    expect(actual).toBe(sha256);
  });

  it('vendors the WASI version the package uses', () => {
    const used = new Set<string>();
    for (const file of readdirSync(join(root, 'wit')).filter((f) => f.endsWith('.wit'))) {
      for (const m of readFileSync(join(root, 'wit', file), 'utf8').matchAll(/wasi:[a-z]+\/[a-z-]+@(\d+\.\d+\.\d+)/g)) used.add(m[1]!);
    }
    expect([...used]).toEqual([pins.wasi!.version]);
  });
});
