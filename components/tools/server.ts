/**
 * Example: a stateless tools server. Shows plain text results, structured
 * output with an output schema, progress, every content kind, and a tool
 * that fails.
 */
import { audio, defineServer, embeddedResource, image, resourceLink, text } from 'mcp-host/guest';

/** Busy-wait: a component has no sleep, and this stands in for real work. */
function work(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin
  }
}

// A 1×1 transparent PNG.
const PIXEL = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (c) => c.charCodeAt(0),
);

export const { run, handlers } = defineServer({
  name: 'tools-example',
  version: '1.0.0',
  title: 'Tools example',
  instructions: 'Small tools to try mcp-host: echo, add, count (with progress), content_kinds, fail.',
  tools: [
    {
      name: 'echo',
      description: 'Return the text it is given',
      inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      annotations: { readOnlyHint: true, idempotentHint: true },
      run: ({ text }: { text: string }) => text,
    },
    {
      name: 'add',
      title: 'Add two numbers',
      description: 'Add a and b; the sum comes back as structured content too',
      inputSchema: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      },
      outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] },
      annotations: { readOnlyHint: true },
      run: ({ a, b }: { a: number; b: number }) => ({ structuredContent: { sum: a + b } }),
    },
    {
      name: 'count',
      description: 'Count to `to`, reporting progress at each step',
      inputSchema: {
        type: 'object',
        properties: { to: { type: 'integer', minimum: 1, maximum: 100 }, stepMs: { type: 'integer', minimum: 0, maximum: 1000 } },
        required: ['to'],
      },
      run: ({ to, stepMs = 5 }: { to: number; stepMs?: number }, ctx) => {
        for (let i = 1; i <= to; i++) {
          work(stepMs);
          ctx.progress(i, to, `step ${i} of ${to}`);
        }
        ctx.log('info', `counted to ${to}`);
        return `counted to ${to}`;
      },
    },
    {
      name: 'content_kinds',
      description: 'Return one content block of each kind: text, image, audio, embedded resource, resource link',
      run: () => [
        text('plain text', { audience: ['user'], priority: 0.5 }),
        image(PIXEL, 'image/png'),
        audio(new Uint8Array([82, 73, 70, 70]), 'audio/wav'),
        embeddedResource({ uri: 'example://readme', mimeType: 'text/markdown', text: '# Embedded' }),
        resourceLink({ uri: 'example://data.bin', name: 'data', mimeType: 'application/octet-stream', size: 4 }),
      ],
    },
    {
      name: 'fail',
      description: 'Throw an error (to see how a failing tool is reported)',
      inputSchema: { type: 'object', properties: { message: { type: 'string' } } },
      run: ({ message = 'something went wrong' }: { message?: string }) => {
        throw new Error(message);
      },
    },
  ],
});
