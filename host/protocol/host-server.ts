/**
 * The SDK's low-level `Server`, with two checks the SDK leaves out.
 *
 * Invalid params are answered as Invalid params (-32602). SDK v2 parses a request's params before its handler runs
 * and reports a failure as Internal error (-32603) on every method but
 * `tools/call`, which tells the client the server broke when it was the
 * request. `_wrapHandler` is the SDK's own per-method hook (protected, meant
 * for subclasses): the check runs there, before the SDK's parse.
 *
 * In the 2026-07-28 era every request names its protocol version, and a
 * version the server does not serve is UnsupportedProtocolVersionError
 * (-32022). The SDK's stdio entry checks the connection's first message
 * only, then serves any version on the pinned instance; this checks each
 * request against the version the instance was pinned to.
 */
import {
  PROTOCOL_VERSION_META_KEY,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  UnsupportedProtocolVersionError,
  type Implementation,
  type JSONRPCRequest,
  type Result,
  type ServerContext,
  type ServerOptions,
} from '@modelcontextprotocol/server';
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
  constructor(
    info: Implementation,
    options: ServerOptions,
    /** Whether requests carry the 2026-07-28 envelope, whose version is checked. */
    private readonly modern: boolean,
  ) {
    super(info, options);
  }

  protected override _wrapHandler(
    method: string,
    handler: (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>,
  ): (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result> {
    const wrapped = super._wrapHandler(method, handler);
    const check = Object.hasOwn(CHECKED, method) ? CHECKED[method] : undefined;
    return (request, ctx) => {
      if (this.modern) this.checkVersion(ctx);
      if (check) {
        const parsed = check.safeParse(request);
        if (!parsed.success) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Invalid params for ${method}: ${z.prettifyError(parsed.error)}`);
      }
      return wrapped(request, ctx);
    };
  }

  private checkVersion(ctx: ServerContext): void {
    const served = this.getNegotiatedProtocolVersion();
    const requested = (ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[PROTOCOL_VERSION_META_KEY];
    if (served === undefined || requested === served) return;
    throw new UnsupportedProtocolVersionError({ supported: [served], requested: String(requested) });
  }
}
