/**
 * One contract for the linked example (components/linked), run against every
 * way of putting it together: two components linked at run time, a
 * manifest, and one composed file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

export function describeMemoryServer(title: string, start: () => Promise<RunningServer>): void {
  describe(title, () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await start();
    });
    afterAll(() => server?.close());

    it('offers the server’s tools only (the store is a library, not an MCP server)', async () => {
      expect((await server.client.listTools()).tools.map((t) => t.name)).toEqual(['remember', 'recall', 'list_keys']);
    });

    it('keeps state in the store through the link', async () => {
      expect(await call(server.client, 'remember', { key: 'colour', value: 'teal' })).toEqual({ text: 'remembered colour', isError: false });
      expect(await call(server.client, 'remember', { key: 'animal', value: 'otter' })).toMatchObject({ isError: false });
      expect(await call(server.client, 'recall', { key: 'colour' })).toEqual({ text: 'teal', isError: false });
      expect(await call(server.client, 'list_keys')).toEqual({ text: 'animal, colour', isError: false });
      expect(await call(server.client, 'recall', { key: 'nothing' })).toEqual({ text: 'nothing stored under nothing', isError: false });
    });
  });
}
