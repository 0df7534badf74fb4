/**
 * The Backend that serves one component: it loads the file (transpile cache,
 * world check), starts its instance, keeps what it registered (Registry),
 * and maps each MCP request to a call of the component's handlers, and each
 * runtime call from the component to an MCP notification.
 *
 * Three kinds of failure stay apart: a bad request is an ProtocolError (JSON-RPC
 * error); a failing tool is a result with `isError: true`; a trap is a host
 * fault, answered as a tool error (or InternalError elsewhere) while the
 * instance is re-created.
 */
import { quoteValue } from '../diagnostics.js';
import { jsonBytesOver } from '../json-size.js';
import { ProtocolErrorCode, ProtocolError } from '@modelcontextprotocol/server';
import type {
  CallToolResult,
  CompleteResult,
  GetPromptResult,
  LoggingLevel,
  ReadResourceResult,
  ServerCapabilities,
} from '@modelcontextprotocol/server';
import { UserError } from '../errors.js';
import type { Limits, SandboxPolicy } from '../sandbox/policy.js';
import { ComponentInstance, type InstanceOptions, type InstanceOutcome, type LinkedExport, type UpstreamAccess } from '../worker/instance.js';
import type { HandlerName, RuntimeCall, WitError, WitVariant } from '../worker/messages.js';
import { Utf8Text } from '../worker/utf8-text.js';
import type { Backend, BackendNotification, CallContext, ClientMethod, CompletionReference, InputRequired, RegistrationGuard } from './backend.js';
import type { LoadedComponent } from './load.js';
import { checkPrompts, checkResources, checkServerInfo, checkTemplates, checkTools, type Checked } from './registration.js';
import { Registry, type Registration } from './registry.js';
import { guestLogData, guestNotification } from './runtime-input.js';
import { SchemaChecks } from './schema-checks.js';
import { mcpErrorToWit, toolError, witErrorToMcp } from './wit-errors.js';
import { jsonBytes, promptResultFromWit, readResultFromWit, toolResultFromWit } from './wit-convert.js';
import { inputRequiredFromWit, inputRequiredSize, requestInput } from './wit-input.js';

type RegistrationCall = Extract<RuntimeCall, { fn: 'register-server' | 'register-tools' | 'register-resources' | 'register-resource-templates' | 'register-prompts' }>;

export interface ComponentBackendOptions {
  sandbox: SandboxPolicy;
  limits: Limits;
  /** Interfaces it imports from linked components. */
  links?: Map<string, LinkedExport>;
  /** Upstream MCP servers it may use through wasi:mcp/client. */
  upstreams?: UpstreamAccess;
  /** Host diagnostics, to stderr. */
  log: (line: string) => void;
  /** Where its instance runs: a worker thread (default), or in the caller's thread where there are none (host/edge). */
  startInstance?: StartInstance;
  /** Where arguments and results are checked (default: SchemaChecks, with its validation thread). */
  schemaChecks?: (deadlineMs: number, log: (line: string) => void) => Pick<SchemaChecks, 'check' | 'close'>;
}

/** What the backend uses of an instance, and how one is started. */
export type BackendInstance = Pick<ComponentInstance<CallContext>, 'call' | 'callExport' | 'close'>;
export type StartInstance = (opts: InstanceOptions<CallContext>) => Promise<BackendInstance>;

export class ComponentBackend implements Backend {
  private readonly registry = new Registry();
  private readonly listeners = new Set<(n: BackendNotification) => void>();
  /** Sessions subscribed to each URI: the guest hears of the first and the last. */
  private readonly subscribers = new Map<string, number>();
  /** The guest's answer to a first subscribe still awaited, by URI. */
  private readonly subscribing = new Map<string, Promise<void>>();
  private instance!: BackendInstance;
  /** False while the entry registers: no one is listening yet. */
  private serving = false;
  private checks: Pick<SchemaChecks, 'check' | 'close'> | undefined;
  /** Set when served alongside other components: who owns which names. */
  private guard: RegistrationGuard | undefined;

  private constructor(
    readonly name: string,
    private readonly opts: ComponentBackendOptions,
    /**
     * Its own MCP server checks every request (an unchanged SDK server;
     * component-marks.ts): names, arguments and results go to it and come
     * back unchecked here, so the answers are the server's own.
     */
    private readonly relay: boolean,
  ) {}

  /** Start an instance of a loaded component. Fails with the entry's reason (a UserError). */
  static async start(component: LoadedComponent, opts: ComponentBackendOptions): Promise<ComponentBackend> {
    const backend = new ComponentBackend(component.name, opts, component.transpiled.serverChecks);
    backend.instance = await (opts.startInstance ?? ComponentInstance.start<CallContext>)({
      componentUrl: component.transpiled.componentUrl,
      componentImports: component.transpiled.imports,
      coreModules: component.coreModules,
      sandbox: opts.sandbox,
      deadlineMs: opts.limits.timeoutMs,
      startTimeoutMs: opts.limits.startTimeoutMs,
      maxResultBytes: opts.limits.maxResultBytes,
      log: opts.log,
      links: opts.links,
      upstreams: opts.upstreams,
      onRuntimeCall: (call, inFlight) => backend.onRuntimeCall(call, inFlight),
      onRegister: (call) => backend.onRegistration(call),
      onClientRequest: (method, params, inFlight) => backend.onClientRequest(method, params, inFlight),
    });
    if (!backend.registry.server) throw new UserError(`${component.name}: the component never called register-server`);
    backend.serving = true;
    return backend;
  }

  serverInfo() {
    const info = this.registry.server!.info;
    return { name: info.name, version: info.version, ...(info.title ? { title: info.title } : {}) };
  }

  instructions(): string | undefined {
    return this.registry.server?.info.instructions;
  }

  /** What the component declared, plus what its registrations imply. */
  capabilities(): ServerCapabilities {
    const declared = this.registry.server!.info.capabilities;
    const r = this.registry;
    const caps: ServerCapabilities = { logging: {} };
    if (declared.tools || r.tools.size > 0) caps.tools = { listChanged: declared.tools?.listChanged ?? true };
    if (declared.resources || r.resources.size > 0 || r.templates.size > 0) {
      caps.resources = { listChanged: declared.resources?.listChanged ?? true, subscribe: declared.resources?.subscribe ?? false };
    }
    if (declared.prompts || r.prompts.size > 0) caps.prompts = { listChanged: declared.prompts?.listChanged ?? true };
    if (declared.completions) caps.completions = {};
    if (this.registry.server!.experimental) caps.experimental = this.registry.server!.experimental as ServerCapabilities['experimental'];
    return caps;
  }

  listTools() {
    return [...this.registry.tools.values()].map((e) => e.tool);
  }
  listResources() {
    return [...this.registry.resources.values()];
  }
  listResourceTemplates() {
    return [...this.registry.templates.values()].map((e) => e.template);
  }
  listPrompts() {
    return [...this.registry.prompts.values()];
  }

  async callTool(name: string, args: Record<string, unknown>, ctx: CallContext): Promise<CallToolResult | InputRequired> {
    const entry = this.registry.tools.get(name);
    // Serialized once: measured for the check, encoded in the worker for the guest.
    const argsJson = JSON.stringify(args);
    if (!this.relay) {
      if (!entry) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${name}`);
      const input = await this.schemaChecks().check(`${entry.key} input`, entry.tool.inputSchema, args, argsJson.length);
      if (!input.valid) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Invalid arguments for tool ${name}: ${input.errorMessage}`);
    }

    const outcome = await this.instance.call('call-tool', [name, new Utf8Text(argsJson), requestContext(ctx)], ctx, requestInput(ctx));
    if (outcome.kind === 'trap') return toolError(`Tool ${name} failed: the component trapped (${outcome.message}).`);
    if (outcome.kind === 'cancelled') return toolError(`Tool ${name} was cancelled.`);
    if (outcome.kind === 'oversized') return toolError(`Tool ${name} ${outcome.message}`);
    const value = this.unwrap(outcome, 'call-tool');
    // The guest's ask-input answers instead of the value it then returned (an error still wins: unwrap threw it).
    if (outcome.kind === 'ok' && outcome.inputRequired !== undefined) {
      let answer: InputRequired;
      try {
        answer = inputRequiredFromWit(outcome.inputRequired);
      } catch (err) {
        return toolError(`Tool ${name} asked for input the host refuses: ${(err as Error).message}`);
      }
      const tooBig = this.oversizedInput(answer);
      return tooBig ? toolError(`Tool ${name} ${tooBig}`) : answer;
    }
    let result: CallToolResult;
    try {
      result = toolResultFromWit(value as never);
    } catch (err) {
      return toolError(`Tool ${name} returned an invalid result: ${(err as Error).message}`);
    }
    if (entry?.tool.outputSchema && !result.isError && !this.relay) {
      if (result.structuredContent === undefined) {
        return toolError(`Tool ${name} has an output schema but returned no structured content`);
      }
      const output = await this.schemaChecks().check(`${entry.key} output`, entry.tool.outputSchema, result.structuredContent);
      if (!output.valid) return toolError(`Tool ${name} returned structured content that does not match its output schema: ${output.errorMessage}`);
    }
    const tooBig = this.oversized(result);
    return tooBig ? toolError(`Tool ${name} ${tooBig}`) : result;
  }

  async readResource(uri: string, ctx: CallContext): Promise<ReadResourceResult | InputRequired> {
    if (!this.relay && !this.registry.resources.has(uri) && !this.registry.templateFor(uri)) {
      throw new ProtocolError(-32002, `Resource not found: ${uri}`, { uri });
    }
    const outcome = await this.instance.call('read-resource', [uri, requestContext(ctx)], ctx, requestInput(ctx));
    return this.answer(readResultFromWit, outcome, 'read-resource');
  }

  async getPrompt(name: string, args: Record<string, string> | undefined, ctx: CallContext): Promise<GetPromptResult | InputRequired> {
    const prompt = this.registry.prompts.get(name);
    if (!this.relay) {
      if (!prompt) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${name}`);
      const missing = (prompt.arguments ?? []).filter((a) => a.required && args?.[a.name] === undefined).map((a) => a.name);
      if (missing.length > 0) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Missing required arguments for prompt ${name}: ${missing.join(', ')}`);
    }
    const outcome = await this.instance.call('get-prompt', [name, args ? jsonBytes(args) : undefined, requestContext(ctx)], ctx, requestInput(ctx));
    return this.answer(promptResultFromWit, outcome, 'get-prompt');
  }

  async complete(
    ref: CompletionReference,
    argument: { name: string; value: string },
    contextArguments: Record<string, string> | undefined,
    signal?: AbortSignal,
  ): Promise<CompleteResult['completion']> {
    let reference: WitVariant;
    if (ref.type === 'ref/prompt') {
      if (!this.relay && !this.registry.prompts.has(ref.name)) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${ref.name}`);
      reference = { tag: 'prompt', val: ref.name };
    } else {
      if (!this.relay && !this.registry.templates.has(ref.uri)) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown resource template: ${ref.uri}`);
      reference = { tag: 'resource-template', val: ref.uri };
    }
    const outcome = await this.instance.call('handle-complete', [reference, argument, contextArguments ? jsonBytes(contextArguments) : undefined], { signal });
    const result = this.unwrap(outcome, 'handle-complete') as { values: string[]; total?: number; hasMore?: boolean };
    // Capped like every other answer: 100 values, but each of any length (100 × 256 KiB went out whole).
    return this.capped({
      values: result.values.slice(0, 100),
      ...(result.total !== undefined ? { total: result.total } : {}),
      ...(result.hasMore !== undefined ? { hasMore: result.hasMore } : { hasMore: result.values.length > 100 }),
    });
  }

  /**
   * Counted before any await, so sessions subscribing at once are all
   * counted; the first tells the guest, the others wait for its answer, and
   * each one the guest refused is taken back.
   */
  async subscribe(uri: string): Promise<void> {
    const count = this.subscribers.get(uri) ?? 0;
    this.subscribers.set(uri, count + 1);
    try {
      if (count > 0) return await this.subscribing.get(uri);
      const told = this.instance.call('handle-subscribe', [uri], {}).then((outcome) => void this.unwrap(outcome, 'handle-subscribe'));
      this.subscribing.set(uri, told);
      await told.finally(() => this.subscribing.get(uri) === told && this.subscribing.delete(uri));
    } catch (err) {
      const left = (this.subscribers.get(uri) ?? 0) - 1;
      if (left > 0) this.subscribers.set(uri, left);
      else this.subscribers.delete(uri);
      throw err;
    }
  }

  async unsubscribe(uri: string): Promise<void> {
    const count = this.subscribers.get(uri) ?? 0;
    if (count === 0) return;
    if (count > 1) return void this.subscribers.set(uri, count - 1);
    this.subscribers.delete(uri);
    this.unwrap(await this.instance.call('handle-unsubscribe', [uri], {}), 'handle-unsubscribe');
  }

  guardRegistrations(guard: RegistrationGuard): void {
    this.guard = guard;
  }

  onNotification(listener: (n: BackendNotification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await Promise.all([this.instance?.close(), this.checks?.close()]);
  }

  /** Where arguments and results are checked against the tool's schemas: its own thread, under the call deadline. */
  private schemaChecks(): Pick<SchemaChecks, 'check' | 'close'> {
    const log = (line: string): void => this.opts.log(`${this.name}: ${line}`);
    return (this.checks ??= this.opts.schemaChecks?.(this.opts.limits.timeoutMs, log) ?? new SchemaChecks(this.opts.limits.timeoutMs, log));
  }

  private emit(notification: BackendNotification): void {
    for (const listener of this.listeners) listener(notification);
  }

  /**
   * Every runtime call a guest makes, on the main thread: nothing it sends
   * may throw here (an uncaught exception would end the host), so the values
   * are checked as they are used and anything unexpected is logged and dropped.
   */
  private onRuntimeCall(call: RuntimeCall, inFlight: CallContext | undefined): void {
    try {
      this.dispatch(call, inFlight);
    } catch (err) {
      this.opts.log(`${this.name}: dropped a runtime call the host could not handle (${quoteValue((call as { fn?: unknown })?.fn)}): ${quoteValue((err as Error)?.message ?? String(err))}`);
    }
  }

  private dispatch(call: RuntimeCall, inFlight: CallContext | undefined): void {
    switch (call.fn) {
      case 'log': {
        const data = guestLogData(call.level, call.message, call.data);
        if (!data.ok) return this.opts.log(`${this.name}: log dropped: ${data.reason}`);
        return this.log(inFlight, data.level, data.data);
      }
      case 'report-progress':
        if (typeof call.token !== 'string' || !Number.isFinite(call.progress)) return this.opts.log(`${this.name}: progress dropped: not a token and a finite number`);
        this.reportProgress(inFlight, call.token, { progress: call.progress, total: finite(call.total), message: typeof call.message === 'string' ? call.message : undefined });
        return;
      case 'send-notification':
        this.onGuestNotification(call.notification, inFlight);
        return;
      default:
        // Registrations arrive as blocking requests (onRegister), answered before the guest goes on.
        this.opts.log(`${this.name}: unexpected runtime call ${quoteValue(call.fn)} dropped`);
    }
  }

  /**
   * A register-* call: check and convert every item (registration.ts), keep
   * to the limits (Registry), ask the guard when served with others, then
   * record it. The WIT error returned is what the guest's call returns; the
   * registration is then not applied, in whole. Never throws.
   */
  private onRegistration(call: RegistrationCall): WitError | undefined {
    let error: WitError | undefined;
    try {
      error = this.register(call);
    } catch (err) {
      error = { code: 'internal-error', message: `the host failed to apply the registration: ${(err as Error)?.message ?? String(err)}` };
    }
    if (error) this.opts.log(`${this.name}: ${call.fn} refused: ${error.message}`);
    return error;
  }

  private register(call: RegistrationCall): WitError | undefined {
    if (call.fn === 'register-server') {
      const info = checkServerInfo(call.info);
      if (!info.ok) return info.error;
      // A re-created instance's entry registers its server again: the first one stays (clients were told it).
      this.registry.server ??= info.value;
      return undefined;
    }
    const checked = registrationOf(call);
    if (!checked.ok) return checked.error;
    const registration = checked.value;
    const over = this.registry.overLimit(registration);
    if (over) return { code: 'invalid-params', message: over };
    const matchers = registration.kind === 'templates' ? new Map(registration.items.map((t) => [t.template.uriTemplate, t.matcher])) : undefined;
    const refused = this.guard?.(registration.kind, Registry.keys(registration), matchers);
    if (refused) return { code: 'forbidden', message: refused };
    const changed = this.registry.add(registration);
    if (changed && this.serving) this.emit({ kind: 'list-changed', list: changed });
    return undefined;
  }

  private onGuestNotification(raw: WitVariant, inFlight: CallContext | undefined): void {
    const n = guestNotification(raw);
    if (!n.ok) return this.opts.log(`${this.name}: notification dropped: ${n.reason}`);
    switch (n.kind) {
      case 'list-changed':
        return this.emit({ kind: 'list-changed', list: n.list });
      case 'resources-updated':
        for (const uri of n.uris) if (this.subscribers.has(uri)) this.emit({ kind: 'resource-updated', uri });
        return;
      case 'progress':
        return this.reportProgress(inFlight, n.token, n.update);
      case 'message':
        return this.log(inFlight, n.level, n.data);
    }
  }

  /** A log message made while handling a request goes to that request's client; otherwise to every client. */
  private log(inFlight: CallContext | undefined, level: LoggingLevel, data: unknown): void {
    if (inFlight?.onLog) inFlight.onLog(level, data);
    else this.emit({ kind: 'log', level, data });
  }

  /**
   * The guest asks the client of the request in flight (blocking); MCP
   * errors become WIT errors. A request with no way to the client (MCP
   * 2026-07-28 has no server-to-client requests) says what to do instead.
   */
  private async onClientRequest(method: ClientMethod, params: unknown, inFlight: CallContext | undefined): Promise<unknown> {
    if (!inFlight) throw { code: 'invalid-request', message: `${method} can only be sent while handling a client's request` };
    if (!inFlight.requestClient) {
      throw {
        code: 'method-not-found',
        message:
          `${method} cannot be sent to this client while the component waits (MCP 2026-07-28 has no server-to-client requests): ` +
          'return input-required from the handler instead, and read the answer from the request context on the next call (wit/README.md, "Input required")',
      };
    }
    try {
      return await inFlight.requestClient(method, params);
    } catch (err) {
      throw mcpErrorToWit(err);
    }
  }

  /** Progress goes to the caller of the request in flight, if the token is the one it gave. */
  private reportProgress(inFlight: CallContext | undefined, token: string, update: { progress: number; total?: number; message?: string }): void {
    if (!inFlight?.onProgress || String(inFlight.progressToken) !== token) {
      this.opts.log(`${this.name}: progress for token ${quoteValue(token)} dropped (the request in flight does not carry it)`);
      return;
    }
    inFlight.onProgress(Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined)) as typeof update);
  }

  /** ok → value; guest error → ProtocolError with its code; trap → InternalError. */
  private unwrap(outcome: InstanceOutcome, handler: HandlerName): unknown {
    if (outcome.kind === 'ok') return outcome.value;
    if (outcome.kind === 'error') throw witErrorToMcp(outcome.error);
    if (outcome.kind === 'cancelled') throw new ProtocolError(ProtocolErrorCode.InternalError, `${handler} was cancelled`);
    if (outcome.kind === 'oversized') throw new ProtocolError(ProtocolErrorCode.InternalError, `The component ${outcome.message}`);
    throw new ProtocolError(ProtocolErrorCode.InternalError, `${handler} failed: the component trapped (${outcome.message})`);
  }

  /** Why a result is over the size cap, if it is. */
  private oversized(result: object): string | undefined {
    const cap = this.opts.limits.maxResultBytes;
    const bytes = jsonBytesOver(result, cap); // counted, not serialized: the transport serializes it once
    return bytes !== undefined ? `returned ${bytes} bytes, over the cap of ${cap} bytes (raise it with --max-result-bytes)` : undefined;
  }

  /** Why an input-required answer is over the size cap, if it is. */
  private oversizedInput(answer: InputRequired): string | undefined {
    const bytes = inputRequiredSize(answer);
    const cap = this.opts.limits.maxResultBytes;
    return bytes > cap ? `asked for input of ${bytes} bytes, over the cap of ${cap} bytes (raise it with --max-result-bytes)` : undefined;
  }

  /** A read's or prompt's answer: converted and capped, or the input it asked for; a bad value is InternalError. */
  private answer<T extends object>(fn: (value: never) => T, outcome: InstanceOutcome, handler: HandlerName): T | InputRequired {
    const value = this.unwrap(outcome, handler);
    if (outcome.kind !== 'ok' || outcome.inputRequired === undefined) return this.capped(this.convert(fn, value));
    let answer: InputRequired;
    try {
      answer = inputRequiredFromWit(outcome.inputRequired);
    } catch (err) {
      throw new ProtocolError(ProtocolErrorCode.InternalError, `the component asked for input the host refuses: ${(err as Error).message}`);
    }
    const tooBig = this.oversizedInput(answer);
    if (tooBig) throw new ProtocolError(ProtocolErrorCode.InternalError, `The component ${tooBig}`);
    return answer;
  }

  private capped<T extends object>(result: T): T {
    const tooBig = this.oversized(result);
    if (tooBig) throw new ProtocolError(ProtocolErrorCode.InternalError, `The component ${tooBig}`);
    return result;
  }

  private convert<T>(fn: (value: never) => T, value: unknown): T {
    try {
      return fn(value as never);
    } catch (err) {
      throw new ProtocolError(ProtocolErrorCode.InternalError, `the component returned an invalid result: ${(err as Error).message}`);
    }
  }
}

function registrationOf(call: Exclude<RegistrationCall, { fn: 'register-server' }>): Checked<Registration> {
  const as = <K extends Registration['kind']>(kind: K, c: Checked<Extract<Registration, { kind: K }>['items']>): Checked<Registration> =>
    c.ok ? { ok: true, value: { kind, items: c.value } as Registration } : c;
  switch (call.fn) {
    case 'register-tools':
      return as('tools', checkTools(call.tools));
    case 'register-resources':
      return as('resources', checkResources(call.resources));
    case 'register-resource-templates':
      return as('templates', checkTemplates(call.templates));
    case 'register-prompts':
      return as('prompts', checkPrompts(call.prompts));
    default:
      return { ok: false, error: { code: 'invalid-request', message: `unknown registration ${String((call as { fn?: unknown }).fn)}` } };
  }
}

const finite = (n: unknown): number | undefined => (typeof n === 'number' && Number.isFinite(n) ? n : undefined);

/** What the guest learns of the request in its arguments: the progress token, as a string (the rest: runtime.get-request-input). */
function requestContext(ctx: CallContext): { progressToken?: string } {
  return { progressToken: ctx.progressToken === undefined ? undefined : String(ctx.progressToken) };
}
