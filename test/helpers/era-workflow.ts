/**
 * One workflow every era's client must get through on the everything
 * component (tools, progress, prompt, resources, template, completion, a
 * tool that asks for input), for the v1 and the v2 Client alike, whatever
 * the transport. Shared by test/eras/stdio.test.ts and http.test.ts.
 */
import type { Client as V2Client } from '@modelcontextprotocol/client';
import type { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitRequestSchema, ProgressNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What each era's client must be able to do, as one shape (v1 and v2 Clients differ in signatures). */
export interface Driver {
  listTools(): Promise<string[]>;
  /** With `progressToken`, the call asks for progress (collected by `progress`). */
  call(name: string, args?: Record<string, unknown>, progressToken?: string): Promise<{ content: unknown; isError?: unknown }>;
  /** Progress values received so far for a token, in order. */
  progress(token: string): number[];
  getPrompt(name: string, args: Record<string, string>): Promise<unknown>;
  read(uri: string): Promise<unknown>;
  templates(): Promise<string[]>;
  complete(value: string): Promise<string[]>;
  /** One more round trip: notifications written before an answer are delivered by the time it returns. */
  roundTrip(): Promise<void>;
}

/** The calls both Clients have with the same signatures (callTool's differs: v1 takes a result schema second). */
interface Common {
  listTools(): Promise<{ tools: { name: string }[] }>;
  getPrompt(params: { name: string; arguments?: Record<string, string> }): Promise<{ messages: unknown[] }>;
  readResource(params: { uri: string }): Promise<{ contents: unknown[] }>;
  listResourceTemplates(): Promise<{ resourceTemplates: { uriTemplate: string }[] }>;
  complete(params: { ref: { type: 'ref/prompt'; name: string }; argument: { name: string; value: string } }): Promise<{ completion: { values: string[] } }>;
}

/**
 * Progress is collected by a notification handler of the client's, not the
 * per-request `onprogress`: both SDKs run a notification's handler a
 * microtask later but settle a response at once, and drop progress whose
 * request is answered, so `onprogress` loses the last progress whenever it
 * arrives in the same read as the response (timing, not the server).
 */
function driver(client: Common, call: Driver['call'], seen: Map<string, number[]>): Driver {
  return {
    listTools: async () => (await client.listTools()).tools.map((t) => t.name),
    call,
    progress: (token) => seen.get(token) ?? [],
    getPrompt: async (name, args) => (await client.getPrompt({ name, arguments: args })).messages,
    read: async (uri) => (await client.readResource({ uri })).contents,
    templates: async () => (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate),
    complete: async (value) => (await client.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value } })).completion.values,
    roundTrip: async () => void (await client.listTools()),
  };
}

const record = (seen: Map<string, number[]>, token: string | number, progress: number): void => {
  const key = String(token);
  seen.set(key, [...(seen.get(key) ?? []), progress]);
};

export function v2Driver(client: V2Client): Driver {
  const seen = new Map<string, number[]>();
  client.setNotificationHandler('notifications/progress', (n) => record(seen, n.params.progressToken, n.params.progress));
  return driver(client, (name, args = {}, progressToken) => client.callTool({ name, arguments: args, ...(progressToken && { _meta: { progressToken } }) }), seen);
}

export function v1Driver(client: V1Client): Driver {
  const seen = new Map<string, number[]>();
  client.setNotificationHandler(ProgressNotificationSchema, (n) => record(seen, n.params.progressToken, n.params.progress));
  return driver(
    client,
    async (name, args = {}, progressToken) => {
      // v1's callTool also types the pre-2024 `{toolResult}` shape; this server never answers it.
      const result = await client.callTool({ name, arguments: args, ...(progressToken && { _meta: { progressToken } }) });
      return result as { content: unknown; isError?: unknown };
    },
    seen,
  );
}

/** The same answer to every elicitation, in both eras. */
export const ADA = { action: 'accept', content: { name: 'Ada' } } as const;
export const answerElicitationsV2 = (client: V2Client): void => client.setRequestHandler('elicitation/create', () => ADA);
export const answerElicitationsV1 = (client: V1Client): void => client.setRequestHandler(ElicitRequestSchema, () => ADA);

export interface Started {
  d: Driver;
  /** The protocol version the client speaks. */
  era: string | undefined;
  close(): Promise<void>;
}

/** The workflow as tests, on a client `start` connects (each its own describe: one era failing to start leaves the other's standing). */
export function describeWorkflow(name: string, expectedEra: string, start: () => Promise<Started>): void {
  describe(`one workflow, ${name}`, () => {
    let started: Started;
    beforeAll(async () => {
      started = await start();
    });
    afterAll(() => started?.close());
    const d = (): Driver => started.d;

    it('is served in its era', () => {
      expect(started.era).toBe(expectedEra);
    });

    it('lists tools and calls one', async () => {
      expect(await d().listTools()).toEqual(expect.arrayContaining(['test_simple_text', 'test_tool_with_progress']));
      expect(await d().call('test_simple_text')).toMatchObject({ content: [{ type: 'text', text: 'This is a simple text response for testing.' }] });
    });

    it('reports progress during a call', async () => {
      const result = await d().call('test_tool_with_progress', {}, 'progress-1');
      await d().roundTrip();
      expect(result).toMatchObject({ content: [{ type: 'text', text: 'Progress tool completed' }] });
      expect(d().progress('progress-1')).toEqual([0, 50, 100]);
    });

    it('gets a prompt, reads a resource and a template, completes', async () => {
      expect(await d().getPrompt('test_prompt_with_arguments', { arg1: 'a', arg2: 'b' })).toEqual([
        { role: 'user', content: { type: 'text', text: "Prompt with arguments: arg1='a', arg2='b'" } },
      ]);
      expect(await d().read('test://static-text')).toEqual([{ uri: 'test://static-text', mimeType: 'text/plain', text: 'This is the content of the static text resource.' }]);
      expect(await d().templates()).toEqual(['test://template/{id}/data']);
      expect(await d().read('test://template/123/data')).toEqual([
        { uri: 'test://template/123/data', mimeType: 'application/json', text: '{"id":"123","templateTest":true,"data":"Data for ID: 123"}' },
      ]);
      expect(await d().complete('test')).toEqual(['test', 'testValue1']);
    });

    it('runs a tool that asks the user for input (input-required in 2026, a server-to-client request in 2025)', async () => {
      const result = await d().call('test_input_required_result_elicitation');
      expect(result.isError).not.toBe(true);
      expect(JSON.stringify(result.content)).toContain('Ada');
    });
  });
}
