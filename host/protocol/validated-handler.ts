/**
 * Register a request handler whose params failures are JSON-RPC Invalid
 * params (-32602). The SDK's `setRequestHandler` parses the request with the
 * given schema before the handler runs and reports a failure as Internal
 * error (-32603), which tells the client the server broke when it was the
 * request. So: register a lenient twin of the schema (same method, any
 * params) and parse with the real one here.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod/v4';

type RequestSchema = z.ZodObject<{ method: z.ZodLiteral<string> }>;
type Handler = Parameters<Server['setRequestHandler']>[1];
type Extra = Parameters<Handler>[1];

export function handle<S extends RequestSchema, R>(
  server: Server,
  schema: S,
  handler: (request: z.infer<S>, extra: Extra) => R | Promise<R>,
): void {
  const method = schema.shape.method.value;
  const lenient = z.object({ method: z.literal(method), params: z.unknown().optional() });
  server.setRequestHandler(lenient as never, ((request: unknown, extra: Extra) => {
    const parsed = schema.safeParse(request);
    if (!parsed.success) {
      throw new McpError(ErrorCode.InvalidParams, `Invalid params for ${method}: ${z.prettifyError(parsed.error)}`);
    }
    return handler(parsed.data, extra);
  }) as never);
}
