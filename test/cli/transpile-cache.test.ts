/** A second `mcp-host run` of the same component does not transpile again. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { componentPath } from '../helpers/fixtures.js';
import { freshCacheDir, startServer } from '../helpers/server.js';

describe('transpile cache', () => {
  it('transpiles on the first start only', async () => {
    const cacheDir = freshCacheDir();
    const entries = () => readdirSync(join(cacheDir, 'transpiled'));

    const first = await startServer(componentPath('tools'), { cacheDir });
    expect(first.stderr()).toMatch(/tools: transpiled in [\d.]+ s, cached/);
    await first.close();
    const [entry] = entries();
    expect(entries()).toHaveLength(1);
    const glue = join(cacheDir, 'transpiled', entry!, 'component.js');
    const writtenAt = statSync(glue).mtimeMs;

    const second = await startServer(componentPath('tools'), { cacheDir });
    expect(second.stderr()).toMatch(/tools: transpile cache hit/);
    expect(second.stderr()).not.toMatch(/transpiled in/);
    expect(await second.client.callTool({ name: 'echo', arguments: { text: 'cached' } })).toEqual({
      content: [{ type: 'text', text: 'cached' }],
    });
    await second.close();
    expect(entries()).toEqual([entry]);
    expect(statSync(glue).mtimeMs).toBe(writtenAt);
  });
});
