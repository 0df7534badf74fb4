/**
 * A component builds for each wasi:mcp world, and each has the imports and
 * exports its world promises. The components are the fixtures the global
 * setup built with `mcp-host build`; jco reads their WIT back.
 */
import { readFileSync } from 'node:fs';
import { componentWit } from '@bytecodealliance/jco';
import { describe, expect, it } from 'vitest';
import { componentPath, type FixtureName } from '../helpers/fixtures.js';

const worldOf = async (name: FixtureName): Promise<string> => await componentWit(readFileSync(componentPath(name)));

describe('wasi:mcp worlds', () => {
  it('mcp-backend: imports runtime, exports handlers and wasi:cli/run', async () => {
    const wit = await worldOf('tools');
    expect(wit).toMatch(/import wasi:mcp\/runtime@0\.1\.0;/);
    expect(wit).toMatch(/export wasi:mcp\/handlers@0\.1\.0;/);
    expect(wit).toMatch(/export wasi:cli\/run@0\.2\.3;/);
    expect(wit).not.toMatch(/wasi:mcp\/client/);
  });

  it('mcp-client: imports client, exports only wasi:cli/run', async () => {
    const wit = await worldOf('client');
    expect(wit).toMatch(/import wasi:mcp\/client@0\.1\.0;/);
    expect(wit).toMatch(/export wasi:cli\/run@0\.2\.3;/);
    expect(wit).not.toMatch(/export wasi:mcp\/handlers/);
  });

  it('mcp-proxy: imports runtime and client, exports handlers', async () => {
    const wit = await worldOf('proxy');
    expect(wit).toMatch(/import wasi:mcp\/runtime@0\.1\.0;/);
    expect(wit).toMatch(/import wasi:mcp\/client@0\.1\.0;/);
    expect(wit).toMatch(/export wasi:mcp\/handlers@0\.1\.0;/);
  });
});
