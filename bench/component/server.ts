/**
 * The bench component: the same three tools as bench/native-server.mjs, with
 * the same results, so the harness measures the host, not the tools.
 */
import { defineServer } from 'mcp-host/guest';

export const { run, handlers } = defineServer({
  name: 'bench',
  version: '1.0.0',
  tools: [
    {
      name: 'echo',
      description: 'Return the text it is given',
      inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      run: ({ text }: { text: string }) => text,
    },
    {
      name: 'big',
      description: 'Return a text of `bytes` x characters',
      inputSchema: { type: 'object', properties: { bytes: { type: 'integer', minimum: 0 } }, required: ['bytes'] },
      run: ({ bytes }: { bytes: number }) => 'x'.repeat(bytes),
    },
    {
      name: 'sink',
      description: 'Take a text and return its length',
      inputSchema: { type: 'object', properties: { data: { type: 'string' } }, required: ['data'] },
      run: ({ data }: { data: string }) => String(data.length),
    },
  ],
});
