/** The text of a tool result's first block, and whether it is an error. */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<{ text: string; isError: boolean }> {
  const result = await client.callTool({ name, arguments: args });
  const first = (result.content as { type: string; text?: string }[])[0];
  return { text: first?.text ?? '', isError: result.isError === true };
}
