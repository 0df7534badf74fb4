/**
 * Example: everything the MCP conformance suite (@modelcontextprotocol/conformance)
 * expects of a server, as a component: its test_* tools, test:// resources
 * and template, test_* prompts, completion, logging, progress,
 * subscriptions, sampling and elicitation (blocking, for 2025-11-25 clients),
 * and the 2026-07-28 tools and prompt (mrtr.ts: input required, capability
 * checks, list changes). CI runs the suite against it.
 */
import { defineServer, embeddedResource, image, audio, text, type Context } from 'mcp-host/guest';
import { eraPrompts, eraTools } from './mrtr.js';

const bytes = (base64: string): Uint8Array => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const PNG = bytes('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==');
const WAV = bytes('UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=');

/** A component has no sleep: wait by spinning on the clock. */
function pause(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // wait
  }
}

const noArgs = { type: 'object', properties: {} };

function elicitAndReport(ctx: Context, message: string, schema: Record<string, unknown>): string {
  const answer = ctx.elicit(message, schema);
  return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
}

export const { run, handlers } = defineServer({
  name: 'mcp-host-everything',
  version: '1.0.0',
  instructions: 'Conformance test server: every MCP server feature, served from a WebAssembly component.',
  subscriptions: true,
  tools: [
    { name: 'test_simple_text', description: 'Returns simple text content', inputSchema: noArgs, run: () => 'This is a simple text response for testing.' },
    { name: 'test_image_content', description: 'Returns an image', inputSchema: noArgs, run: () => [image(PNG, 'image/png')] },
    { name: 'test_audio_content', description: 'Returns audio', inputSchema: noArgs, run: () => [audio(WAV, 'audio/wav')] },
    {
      name: 'test_embedded_resource',
      description: 'Returns an embedded resource',
      inputSchema: noArgs,
      run: () => [embeddedResource({ uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' })],
    },
    {
      name: 'test_multiple_content_types',
      description: 'Returns text, an image and a resource',
      inputSchema: noArgs,
      run: () => [
        text('Multiple content types test:'),
        image(PNG, 'image/png'),
        embeddedResource({ uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' }),
      ],
    },
    {
      name: 'test_tool_with_logging',
      description: 'Sends log messages while it runs',
      inputSchema: noArgs,
      run: (_args, ctx) => {
        ctx.log('info', 'Tool execution started');
        pause(50);
        ctx.log('info', 'Tool processing data');
        pause(50);
        ctx.log('info', 'Tool execution completed');
        return 'Tool with logging executed successfully';
      },
    },
    {
      name: 'test_error_handling',
      description: 'Always fails (to test error results)',
      inputSchema: noArgs,
      run: () => {
        throw new Error('This tool intentionally returns an error for testing');
      },
    },
    {
      name: 'test_tool_with_progress',
      description: 'Reports progress while it runs',
      inputSchema: noArgs,
      run: (_args, ctx) => {
        for (const done of [0, 50, 100]) {
          ctx.progress(done, 100, `${done}% done`);
          if (done < 100) pause(50);
        }
        return 'Progress tool completed';
      },
    },
    {
      name: 'test_sampling',
      description: "Asks the client's model to answer a prompt",
      inputSchema: { type: 'object', properties: { prompt: { type: 'string', description: 'The prompt' } }, required: ['prompt'] },
      run: ({ prompt }: { prompt: string }, ctx) => {
        const answer = ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 100 });
        return `LLM response: ${answer.content.text ?? JSON.stringify(answer.content)}`;
      },
    },
    {
      name: 'test_elicitation',
      description: 'Asks the user for a name and an email address',
      inputSchema: { type: 'object', properties: { message: { type: 'string', description: 'What to ask' } }, required: ['message'] },
      run: ({ message }: { message: string }, ctx) => {
        const answer = ctx.elicit(message, {
          type: 'object',
          properties: {
            username: { type: 'string', description: "User's response" },
            email: { type: 'string', description: "User's email address" },
          },
          required: ['username', 'email'],
        });
        return `User response: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
      },
    },
    {
      name: 'test_elicitation_sep1034_defaults',
      description: 'Elicitation with a default for every primitive type (SEP-1034)',
      inputSchema: noArgs,
      run: (_args, ctx) =>
        elicitAndReport(ctx, 'Please review and update the form fields with defaults', {
          type: 'object',
          properties: {
            name: { type: 'string', description: 'User name', default: 'John Doe' },
            age: { type: 'integer', description: 'User age', default: 30 },
            score: { type: 'number', description: 'User score', default: 95.5 },
            status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
            verified: { type: 'boolean', description: 'Verification status', default: true },
          },
          required: [],
        }),
    },
    {
      name: 'test_elicitation_sep1330_enums',
      description: 'Elicitation with every enum style (SEP-1330)',
      inputSchema: noArgs,
      run: (_args, ctx) =>
        elicitAndReport(ctx, 'Please select options from the enum fields', {
          type: 'object',
          properties: {
            untitledSingle: { type: 'string', description: 'Select one option', enum: ['option1', 'option2', 'option3'] },
            titledSingle: {
              type: 'string',
              description: 'Select one option with titles',
              oneOf: [
                { const: 'value1', title: 'First Option' },
                { const: 'value2', title: 'Second Option' },
                { const: 'value3', title: 'Third Option' },
              ],
            },
            legacyEnum: {
              type: 'string',
              description: 'Select one option (legacy)',
              enum: ['opt1', 'opt2', 'opt3'],
              enumNames: ['Option One', 'Option Two', 'Option Three'],
            },
            untitledMulti: {
              type: 'array',
              description: 'Select multiple options',
              minItems: 1,
              maxItems: 3,
              items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
            },
            titledMulti: {
              type: 'array',
              description: 'Select multiple options with titles',
              minItems: 1,
              maxItems: 3,
              items: {
                anyOf: [
                  { const: 'value1', title: 'First Choice' },
                  { const: 'value2', title: 'Second Choice' },
                  { const: 'value3', title: 'Third Choice' },
                ],
              },
            },
          },
          required: [],
        }),
    },
    {
      name: 'json_schema_2020_12_tool',
      description: 'A tool whose input schema uses JSON Schema 2020-12 features',
      inputSchema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        $defs: { address: { $anchor: 'address', type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
        properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
        additionalProperties: false,
        // SEP-2106: composition and conditional keywords pass through unchanged (none of them refuses an argument here).
        allOf: [{ anyOf: [{ required: ['name'] }, { not: { required: ['name'] } }] }],
        if: { required: ['name'] },
        then: { properties: { name: { minLength: 1 } } },
        else: { properties: { address: { type: 'object' } } },
      },
      run: (args: Record<string, unknown>) => `received ${JSON.stringify(args)}`,
    },
    {
      name: 'test_client_roots',
      description: "Lists the client's roots",
      inputSchema: noArgs,
      run: (_args, ctx) => JSON.stringify(ctx.roots()),
    },
    ...eraTools,
  ],
  resources: [
    {
      uri: 'test://static-text',
      name: 'static-text',
      title: 'Static text resource',
      description: 'A static text resource for testing',
      mimeType: 'text/plain',
      read: () => 'This is the content of the static text resource.',
    },
    {
      uri: 'test://static-binary',
      name: 'static-binary',
      title: 'Static binary resource',
      description: 'A static binary resource (image) for testing',
      mimeType: 'image/png',
      read: () => PNG,
    },
    {
      uri: 'test://watched-resource',
      name: 'watched-resource',
      title: 'Watched resource',
      description: 'A resource that can be subscribed to',
      mimeType: 'text/plain',
      read: () => 'Watched resource content',
    },
  ],
  resourceTemplates: [
    {
      uriTemplate: 'test://template/{id}/data',
      name: 'template',
      title: 'Template resource',
      description: 'A resource template with an id parameter',
      mimeType: 'application/json',
      read: (_uri, { id = '' }) => JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
      complete: { id: (value) => ['123', '456', '789'].filter((id) => id.startsWith(value)) },
    },
  ],
  prompts: [
    {
      name: 'test_simple_prompt',
      description: 'A simple prompt without arguments',
      get: () => 'This is a simple prompt for testing.',
    },
    {
      name: 'test_prompt_with_arguments',
      description: 'A prompt with required arguments',
      arguments: [
        { name: 'arg1', description: 'First test argument', required: true },
        { name: 'arg2', description: 'Second test argument', required: true },
      ],
      get: ({ arg1 = '', arg2 = '' }) => `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`,
      complete: {
        arg1: (value) => ['test', 'testValue1', 'other'].filter((v) => v.startsWith(value)),
        arg2: (value) => ['testValue2'].filter((v) => v.startsWith(value)),
      },
    },
    {
      name: 'test_prompt_with_embedded_resource',
      description: 'A prompt that embeds a resource',
      arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
      get: ({ resourceUri = '' }) => ({
        messages: [
          { role: 'user', content: embeddedResource({ uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' }) },
          { role: 'user', content: 'Please process the embedded resource above.' },
        ],
      }),
    },
    {
      name: 'test_prompt_with_image',
      description: 'A prompt that includes an image',
      get: () => ({
        messages: [
          { role: 'user', content: image(PNG, 'image/png') },
          { role: 'user', content: 'Please analyze the image above.' },
        ],
      }),
    },
    ...eraPrompts,
  ],
});
