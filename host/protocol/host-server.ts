/**
 * The SDK's low-level `Server`, with invalid params answered as Invalid
 * params (-32602). SDK v2 parses a request's params before its handler runs
 * and reports a failure as Internal error (-32603) on every method but
 * `tools/call`, which tells the client the server broke when it was the
 * request. `_wrapHandler` is the SDK's own per-method hook (protected, meant
 * for subclasses): the check runs there, before the SDK's parse.
 */
import { ProtocolError, ProtocolErrorCode, Server, type JSONRPCRequest, type Result, type ServerContext } from '@modelcontextprotocol/server';
import {
  CompleteRequestSchema,
  GetPromptRequestSchema,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/core';
import * as z from 'zod/v4';

type RequestCheck = { safeParse(value: unknown): { success: true } | { success: false; error: z.core.$ZodError } };

const CHECKED: Record<string, RequestCheck> = {
  'resources/read': ReadResourceRequestSchema,
  'resources/subscribe': SubscribeRequestSchema,
  'resources/unsubscribe': UnsubscribeRequestSchema,
  'prompts/get': GetPromptRequestSchema,
  'completion/complete': CompleteRequestSchema,
  'logging/setLevel': SetLevelRequestSchema,
};

export class HostServer extends Server {
  protected override _wrapHandler(
    method: string,
    handler: (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>,
  ): (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result> {
    const wrapped = super._wrapHandler(method, handler);
    const check = Object.hasOwn(CHECKED, method) ? CHECKED[method] : undefined;
    if (!check) return wrapped;
    return (request, ctx) => {
      const parsed = check.safeParse(request);
      if (!parsed.success) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Invalid params for ${method}: ${z.prettifyError(parsed.error)}`);
      return wrapped(request, ctx);
    };
  }
}
