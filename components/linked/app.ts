/**
 * Example of linking: an MCP server whose storage is another component's
 * export (example:kv/store), wired by mcp-host at run time (or composed into
 * one file with `mcp-host compose`).
 */
import { defineServer } from 'mcp-host/guest';
import { get, keys, set } from 'example:kv/store@0.1.0';

export const { run, handlers } = defineServer({
  name: 'memory',
  version: '1.0.0',
  instructions: 'Remembers values by key, in a store provided by a linked component.',
  tools: [
    {
      name: 'remember',
      description: 'Store a value under a key',
      inputSchema: { type: 'object', properties: { key: { type: 'string' }, value: { type: 'string' } }, required: ['key', 'value'] },
      run: ({ key, value }: { key: string; value: string }) => {
        set(key, value);
        return `remembered ${key}`;
      },
    },
    {
      name: 'recall',
      description: 'The value stored under a key',
      inputSchema: { type: 'object', properties: { key: { type: 'string' } }, required: ['key'] },
      run: ({ key }: { key: string }) => get(key) ?? `nothing stored under ${key}`,
    },
    { name: 'list_keys', description: 'Every key stored', run: () => keys().join(', ') },
  ],
});
