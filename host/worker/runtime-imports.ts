/**
 * The host side of `wasi:mcp/runtime`, as the component sees it. Runs in the
 * instance worker, synchronously inside the guest's call. Every value the
 * guest hands over is hostile: it is checked here (shape, JSON, sizes, a
 * budget per call) and refused with a WIT `error` at once, so nothing that
 * could throw or grow without bound reaches the main thread. Registrations
 * are blocking requests: the main thread owns the registry and may refuse
 * one (a name another component owns), and the guest gets that error.
 * Reports (logs, progress, notifications) are posted and go on; messages keep
 * their order, so what a handler sends arrives before its result.
 */
import { checkInputRequired, parseJson } from './input-check.js';
import type { BlockingRequest, Registration, Report, WitError, WitRequestInput, WitServerInfo, WitVariant } from './messages.js';
import { jsonSize, witSize } from './wit-size.js';

/** Ask the host and block until it answers; throws a guest error (or a trap) on failure. */
export type Ask = (request: BlockingRequest) => unknown;

/** One log message, notification or progress report: far above a sensible one, far below what hurts. */
export const MAX_REPORT_BYTES = 1024 * 1024;
/** One registration or request to the client (schemas, sampling prompts). */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
/** Runtime calls one handler call (or the entry) may make. */
export const MAX_MESSAGES_PER_CALL = 10_000;
/** What they may carry in all, bytes. */
export const MAX_BYTES_PER_CALL = 32 * 1024 * 1024;
/** Nesting of JSON the guest hands over: deeper would overflow the stack of whoever serializes it. */
export const MAX_JSON_DEPTH = 64;

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
  private messages = 0;
  private bytes = 0;
  private refusedOnce = false;
  /** Set while a handler call runs: what get-request-input answers. */
  private input: WitRequestInput | undefined;
  /** The call in flight may answer input-required (call-tool, read-resource, get-prompt). */
  private mayAsk = false;
  /** What it gave ask-input. */
  private answer: unknown;

  constructor(
    private readonly send: (call: Report) => void,
    private readonly ask: Ask,
    /** For the host's log, once per call, when a budget refuses the guest. */
    private readonly onLimit: (message: string) => void,
  ) {}

  /** A new handler call begins: a fresh budget, and its request's input (none: not a request that may ask). */
  startCall(input?: WitRequestInput): void {
    this.messages = 0;
    this.bytes = 0;
    this.refusedOnce = false;
    this.input = input;
    this.mayAsk = input !== undefined;
    this.answer = undefined;
  }

  /** The call ended: what it gave ask-input (checked), if anything. */
  endCall(): unknown {
    const answer = this.answer;
    this.input = undefined;
    this.mayAsk = false;
    this.answer = undefined;
    return answer;
  }

  /** The import object for key `wasi:mcp/runtime`. */
  readonly imports = {
    registerServer: (info: WitServerInfo): void => {
      this.charge('register-server', info, MAX_REQUEST_BYTES);
      if (this.registered) throw guestError('invalid-request', 'register-server was already called');
      if (!info.name) throw guestError('invalid-params', 'server-info.name must not be empty');
      if (info.capabilities.experimental) checkJsonObject('capabilities.experimental', info.capabilities.experimental.data);
      this.register({ fn: 'register-server', info });
      this.registered = true;
    },
    registerTools: (tools: Named[]): void => {
      this.charge('register-tools', tools, MAX_REQUEST_BYTES);
      this.checkList('tool', tools, (t) => t.name);
      for (const tool of tools as { name: string; inputSchema: Uint8Array; outputSchema?: Uint8Array }[]) {
        checkJsonObject(`input-schema of tool ${tool.name}`, tool.inputSchema);
        if (tool.outputSchema) checkJsonObject(`output-schema of tool ${tool.name}`, tool.outputSchema);
      }
      this.register({ fn: 'register-tools', tools });
    },
    registerResources: (resources: Named[]): void => {
      this.charge('register-resources', resources, MAX_REQUEST_BYTES);
      this.checkList('resource', resources, (r) => r.uri);
      this.register({ fn: 'register-resources', resources });
    },
    registerResourceTemplates: (templates: Named[]): void => {
      this.charge('register-resource-templates', templates, MAX_REQUEST_BYTES);
      this.checkList('resource template', templates, (t) => t.uriTemplate);
      this.register({ fn: 'register-resource-templates', templates });
    },
    registerPrompts: (prompts: Named[]): void => {
      this.charge('register-prompts', prompts, MAX_REQUEST_BYTES);
      this.checkList('prompt', prompts, (p) => p.name);
      this.register({ fn: 'register-prompts', prompts });
    },
    serve: (): void => {
      if (!this.registered) throw guestError('invalid-request', 'call register-server before serve');
      this.served = true;
    },
    sendNotification: (notification: WitVariant): void => {
      this.charge('send-notification', notification, MAX_REPORT_BYTES);
      checkNotification(notification);
      this.send({ fn: 'send-notification', notification });
    },
    log: (level: string, message: string, data: Uint8Array | undefined): void => {
      this.charge('log', [message, data], MAX_REPORT_BYTES);
      if (data) checkJson('log data', data);
      this.send({ fn: 'log', level, message, data });
    },
    reportProgress: (token: string, progress: number, total?: number, message?: string): void => {
      this.charge('report-progress', [token, message], MAX_REPORT_BYTES);
      checkProgress(progress, total);
      this.send({ fn: 'report-progress', token, progress, total, message });
    },
    createMessage: (params: Uint8Array): Uint8Array => {
      this.charge('create-message', params, MAX_REQUEST_BYTES);
      const request = checkJson('create-message params', params);
      return encoder.encode(JSON.stringify(this.ask({ kind: 'client', method: 'sampling/createMessage', params: request })));
    },
    elicit: (params: Uint8Array): Uint8Array => {
      this.charge('elicit', params, MAX_REQUEST_BYTES);
      const request = checkJson('elicit params', params);
      return encoder.encode(JSON.stringify(this.ask({ kind: 'client', method: 'elicitation/create', params: request })));
    },
    getRequestInput: (): WitRequestInput => {
      this.charge('get-request-input', undefined, MAX_REPORT_BYTES);
      if (!this.input) throw guestError('invalid-request', 'get-request-input is answered only while handling call-tool, read-resource or get-prompt');
      return this.input;
    },
    askInput: (answer: unknown): void => {
      this.charge('ask-input', answer, MAX_REQUEST_BYTES);
      if (!this.mayAsk) throw guestError('invalid-request', 'ask-input is accepted only while handling call-tool, read-resource or get-prompt');
      if (this.answer !== undefined) throw guestError('invalid-request', 'ask-input was already called for this request');
      const checked = checkInputRequired(answer);
      if (!checked.ok) throw guestError('invalid-params', `ask-input: ${checked.reason}`);
      this.answer = answer;
    },
    listRoots: (): { uri: string; name?: string }[] => {
      this.charge('list-roots', undefined, MAX_REQUEST_BYTES);
      const roots = (this.ask({ kind: 'client', method: 'roots/list', params: {} }) as { roots?: { uri: string; name?: string }[] }).roots ?? [];
      return roots.map((r) => ({ uri: r.uri, name: r.name }));
    },
  };

  /** Blocks until the host accepts it; its refusal is the guest's error. */
  private register(call: Registration): void {
    this.ask({ kind: 'register', call });
  }

  /**
   * Count one runtime call against the call's budget and refuse it if it is
   * too big itself; the first refusal by a budget is logged by the host.
   */
  private charge(fn: string, value: unknown, maxBytes: number): void {
    if (witSize(value, maxBytes) > maxBytes) throw guestError('invalid-params', `${fn}: the value is over ${maxBytes} bytes`);
    // Every byte list here is JSON, which the main thread parses again: the budget counts its objects too.
    const size = witSize(value, MAX_BYTES_PER_CALL, jsonSize);
    if (this.messages >= MAX_MESSAGES_PER_CALL || this.bytes + size > MAX_BYTES_PER_CALL) {
      const why = `over ${MAX_MESSAGES_PER_CALL} runtime calls or ${MAX_BYTES_PER_CALL} bytes of them in one call`;
      if (!this.refusedOnce) this.onLimit(`${fn} and every later runtime call of this call refused: ${why}`);
      this.refusedOnce = true;
      throw guestError('rate-limited', `${fn} refused: ${why}`);
    }
    this.messages++;
    this.bytes += size;
  }

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

const encoder = new TextEncoder();

function checkNotification(n: WitVariant): void {
  switch (n.tag) {
    case 'message': {
      const m = n.val as { data?: Uint8Array };
      if (m.data) checkJson('message data', m.data);
      return;
    }
    case 'progress': {
      const p = n.val as { progress: number; total?: number };
      return checkProgress(p.progress, p.total);
    }
    case 'resources-updated':
    case 'resources-list-changed':
    case 'tools-list-changed':
    case 'prompts-list-changed':
      return;
    default:
      throw guestError('invalid-params', `unknown notification "${String(n.tag)}"`);
  }
}

function checkProgress(progress: number, total: number | undefined): void {
  if (!Number.isFinite(progress)) throw guestError('invalid-params', 'progress must be a finite number');
  if (total !== undefined && !Number.isFinite(total)) throw guestError('invalid-params', 'total must be a finite number');
}

function checkJson(what: string, bytes: Uint8Array): unknown {
  const parsed = parseJson(bytes, MAX_JSON_DEPTH);
  if ('invalid' in parsed) throw guestError('invalid-params', `${what} is not valid JSON: ${parsed.invalid}`);
  if ('tooDeep' in parsed) throw guestError('invalid-params', `${what} nests deeper than ${MAX_JSON_DEPTH} levels`);
  return parsed.value;
}

function checkJsonObject(what: string, bytes: Uint8Array): void {
  const value = checkJson(what, bytes);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw guestError('invalid-params', `${what} must be a JSON object`);
  }
}
