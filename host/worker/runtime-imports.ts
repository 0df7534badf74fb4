/**
 * The host side of `wasi:mcp/runtime`, as the component sees it. Runs in the
 * instance worker, synchronously inside the guest's call: it checks what can
 * be checked here (so the guest gets its error at once, as a WIT `error`) and
 * forwards the call to the main thread, which owns the registry and the
 * client. Messages keep their order, so a registration made inside a handler
 * arrives before that handler's result.
 */
import type { BlockingRequest, RuntimeCall, WitError, WitServerInfo, WitVariant } from './messages.js';

/** Ask the host and block until it answers; throws a guest error (or a trap) on failure. */
export type Ask = (request: BlockingRequest) => unknown;

/** jco turns a thrown `{ payload }` into the `err` case of a WIT result. */
function guestError(code: WitError['code'], message: string): { payload: WitError } {
  return { payload: { code, message } };
}

interface Named {
  name?: string;
  uri?: string;
  uriTemplate?: string;
}

export class RuntimeImports {
  private registered = false;
  /** Set by `serve()`: the entry finished registering. */
  served = false;

  constructor(
    private readonly send: (call: RuntimeCall) => void,
    private readonly ask: Ask,
  ) {}

  /** The import object for key `wasi:mcp/runtime`. */
  readonly imports = {
    registerServer: (info: WitServerInfo): void => {
      if (this.registered) throw guestError('invalid-request', 'register-server was already called');
      if (!info.name) throw guestError('invalid-params', 'server-info.name must not be empty');
      this.registered = true;
      this.send({ fn: 'register-server', info });
    },
    registerTools: (tools: Named[]): void => {
      this.checkList('tool', tools, (t) => t.name);
      for (const tool of tools as { name: string; inputSchema: Uint8Array; outputSchema?: Uint8Array }[]) {
        checkJsonObject(`input-schema of tool ${tool.name}`, tool.inputSchema);
        if (tool.outputSchema) checkJsonObject(`output-schema of tool ${tool.name}`, tool.outputSchema);
      }
      this.send({ fn: 'register-tools', tools });
    },
    registerResources: (resources: Named[]): void => {
      this.checkList('resource', resources, (r) => r.uri);
      this.send({ fn: 'register-resources', resources });
    },
    registerResourceTemplates: (templates: Named[]): void => {
      this.checkList('resource template', templates, (t) => t.uriTemplate);
      this.send({ fn: 'register-resource-templates', templates });
    },
    registerPrompts: (prompts: Named[]): void => {
      this.checkList('prompt', prompts, (p) => p.name);
      this.send({ fn: 'register-prompts', prompts });
    },
    serve: (): void => {
      if (!this.registered) throw guestError('invalid-request', 'call register-server before serve');
      this.served = true;
    },
    sendNotification: (notification: WitVariant): void => {
      this.send({ fn: 'send-notification', notification });
    },
    log: (level: string, message: string, data: Uint8Array | undefined): void => {
      if (data) checkJson('log data', data);
      this.send({ fn: 'log', level, message, data });
    },
    reportProgress: (token: string, progress: number, total?: number, message?: string): void => {
      if (!Number.isFinite(progress)) throw guestError('invalid-params', 'progress must be a finite number');
      this.send({ fn: 'report-progress', token, progress, total, message });
    },
    createMessage: (params: Uint8Array): Uint8Array =>
      encoder.encode(JSON.stringify(this.ask({ kind: 'client', method: 'sampling/createMessage', params: checkJson('create-message params', params) }))),
    elicit: (params: Uint8Array): Uint8Array =>
      encoder.encode(JSON.stringify(this.ask({ kind: 'client', method: 'elicitation/create', params: checkJson('elicit params', params) }))),
    listRoots: (): { uri: string; name?: string }[] =>
      ((this.ask({ kind: 'client', method: 'roots/list', params: {} }) as { roots: { uri: string; name?: string }[] }).roots ?? []).map((r) => ({
        uri: r.uri,
        name: r.name,
      })),
  };

  private checkList<T>(kind: string, items: T[], key: (item: T) => string | undefined): void {
    if (!this.registered) throw guestError('invalid-request', `call register-server before registering a ${kind}`);
    const seen = new Set<string>();
    for (const item of items) {
      const id = key(item);
      if (!id) throw guestError('invalid-params', `a ${kind} has an empty name`);
      if (seen.has(id)) throw guestError('invalid-params', `${kind} "${id}" appears twice in one registration`);
      seen.add(id);
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

function checkJson(what: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch (err) {
    throw guestError('invalid-params', `${what} is not valid JSON: ${(err as Error).message}`);
  }
}

function checkJsonObject(what: string, bytes: Uint8Array): void {
  const value = checkJson(what, bytes);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw guestError('invalid-params', `${what} must be a JSON object`);
  }
}
