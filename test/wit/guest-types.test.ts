/** The guest typings in components/guest/wit are what `mcp-host types` writes today. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { root } from '../helpers/fixtures.js';

describe('mcp-host types', () => {
  it('writes the typings the guest library is checked against', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mcp-host-types-'));
    const result = await runCli(['types', '--world', 'mcp-proxy', '-o', out]);
    expect(result.code).toBe(0);
    const committed = join(root, 'components', 'guest', 'wit');
    const list = (dir: string) => readdirSync(join(dir, 'interfaces')).sort();
    expect(list(out)).toEqual(list(committed));
    for (const file of list(out)) {
      expect(readFileSync(join(out, 'interfaces', file), 'utf8'), file).toBe(readFileSync(join(committed, 'interfaces', file), 'utf8'));
    }
    expect(readFileSync(join(out, 'interfaces', 'wasi-mcp-runtime.d.ts'), 'utf8')).toContain('export function registerTools(');
  });
});
