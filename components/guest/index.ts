/**
 * mcp-host/guest: write a wasi:mcp server component in TypeScript.
 *
 *   import { defineServer } from 'mcp-host/guest';
 *   export const { run, handlers } = defineServer({
 *     name: 'hello', version: '1.0.0',
 *     tools: [{ name: 'greet', description: 'Say hello',
 *               inputSchema: { type: 'object', properties: { name: { type: 'string' } } },
 *               run: ({ name }) => `Hello, ${name}!` }],
 *   });
 *
 * `run` is the component's wasi:cli/run entry: it registers everything and
 * calls serve(). `handlers` implements wasi:mcp/handlers. Any error a handler
 * throws becomes an error result (a tool result with isError, or a WIT
 * error): an Error escaping to the host would kill the instance.
 */
import * as runtime from 'wasi:mcp/runtime@0.1.0';
import type { LogLevel } from 'wasi:mcp/types@0.1.0';
import type {
  CompletionArgument,
  CompletionReference,
  CompletionResult,
  PromptContents,
  RequestContext,
  ResourceContents,
  ToolResult,
} from 'wasi:mcp/handlers@0.1.0';
import type { ToolAnnotations } from 'wasi:mcp/runtime@0.1.0';
import { jsonBytes, parseJson, text, type ContentBlock, type EmbeddedResource } from './content.js';

export * from './content.js';
export { runtime };
export type { LogLevel, ToolAnnotations };

type JsonObject = Record<string, unknown>;

/** What every handler gets besides its arguments. */
export interface Context {
  /** Report progress to the caller (a no-op when it did not ask for it). */
  progress(progress: number, total?: number, message?: string): void;
  /** Send a log message to the client (filtered by the level it set). */
  log(level: LogLevel, message: string, data?: unknown): void;
  /**
   * Ask the client's model (sampling/createMessage). Blocks until it answers;
   * throws when the client lacks the sampling capability or times out.
   */
  sample(params: SamplingParams): SamplingResult;
  /** Ask the user for input (elicitation/create); same blocking and errors. */
  elicit(message: string, requestedSchema: JsonObject): ElicitResult;
  /** The client's roots (roots/list). */
  roots(): { uri: string; name?: string }[];
}

export interface SamplingParams {
  messages: { role: 'user' | 'assistant'; content: { type: 'text'; text: string } | JsonObject }[];
  maxTokens: number;
  systemPrompt?: string;
  [key: string]: unknown;
}
export interface SamplingResult {
  role: 'user' | 'assistant';
  content: { type: string; text?: string; [key: string]: unknown };
  model: string;
  stopReason?: string;
}
export interface ElicitResult {
  action: 'accept' | 'decline' | 'cancel';
  content?: Record<string, string | number | boolean | string[]>;
}

export type ToolOutput =
  | string
  | ContentBlock[]
  | { content?: string | ContentBlock[]; structuredContent?: JsonObject; isError?: boolean };

export interface ToolSpec<Args = any> {
  name: string;
  title?: string;
  description: string;
  /** JSON Schema of the arguments; default: any object. */
  inputSchema?: JsonObject;
  /** JSON Schema of `structuredContent`. */
  outputSchema?: JsonObject;
  annotations?: ToolAnnotations;
  /** May be async (e.g. to await `fetch`); the call completes when it settles. */
  run(args: Args, ctx: Context): ToolOutput | Promise<ToolOutput>;
}

/** `string` is text; `Uint8Array` is a blob; or one or more full entries. */
export type ResourceOutput = string | Uint8Array | EmbeddedResource[];

export interface ResourceSpec {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
  read(uri: string, ctx: Context): ResourceOutput;
}

/** Completes one argument: the values that start with what the user typed. */
export type Completer = (value: string, context: Record<string, string>) => string[];

export interface ResourceTemplateSpec {
  /** RFC 6570 template, e.g. `notes://{id}`. */
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  /** `params` holds the values of the template's simple `{name}` variables. */
  read(uri: string, params: Record<string, string>, ctx: Context): ResourceOutput;
  complete?: Record<string, Completer>;
}

export interface PromptSpec {
  name: string;
  title?: string;
  description?: string;
  arguments?: { name: string; description?: string; required?: boolean }[];
  /** A string is one user message. */
  get(args: Record<string, string>, ctx: Context): string | { description?: string; messages: { role: 'user' | 'assistant'; content: string | ContentBlock }[] };
  complete?: Record<string, Completer>;
}

export interface ServerSpec {
  name: string;
  version: string;
  title?: string;
  instructions?: string;
  tools?: ToolSpec[];
  resources?: ResourceSpec[];
  resourceTemplates?: ResourceTemplateSpec[];
  prompts?: PromptSpec[];
  /** Accept resources/subscribe; the component calls `resourceUpdated(uri)`. */
  subscriptions?: boolean;
}

export interface DefinedServer {
  /** Export as `run`: the wasi:cli/run entry. */
  run: { run(): void };
  /** Export as `handlers`: wasi:mcp/handlers. */
  handlers: typeof import('wasi:mcp/handlers@0.1.0');
  /** Add (or replace) tools while serving; the host sends tools/list_changed. */
  addTools(tools: ToolSpec[]): void;
  /** Add (or replace) resources while serving; the host sends resources/list_changed. */
  addResources(resources: ResourceSpec[]): void;
  /** Add (or replace) prompts while serving; the host sends prompts/list_changed. */
  addPrompts(prompts: PromptSpec[]): void;
  /** Tell subscribers that a resource changed. */
  resourceUpdated(uri: string): void;
  /** URIs the client subscribed to. */
  readonly subscribed: ReadonlySet<string>;
}

type WitError = { code: import('wasi:mcp/types@0.1.0').ErrorCode; message: string };

/** Throw this from a handler to answer with a specific WIT error code. */
export class McpError {
  constructor(
    readonly code: WitError['code'],
    readonly message: string,
  ) {}
}

export function defineServer(spec: ServerSpec): DefinedServer {
  const tools = new Map<string, ToolSpec>();
  const resources = new Map<string, ResourceSpec>();
  const templates = (spec.resourceTemplates ?? []).map((t) => ({ spec: t, match: templateMatcher(t.uriTemplate) }));
  const prompts = new Map<string, PromptSpec>();
  const subscribed = new Set<string>();
  const hasCompletions = templates.some((t) => t.spec.complete) || (spec.prompts ?? []).some((p) => p.complete);

  const registerTools = (list: ToolSpec[]): void => {
    for (const t of list) tools.set(t.name, t);
    runtime.registerTools(
      list.map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        inputSchema: jsonBytes(t.inputSchema ?? { type: 'object' }),
        outputSchema: t.outputSchema ? jsonBytes(t.outputSchema) : undefined,
        annotations: t.annotations,
      })),
    );
  };

  const registerResources = (list: ResourceSpec[]): void => {
    for (const r of list) resources.set(r.uri, r);
    runtime.registerResources(
      list.map((r) => ({
        uri: r.uri,
        name: r.name,
        title: r.title,
        description: r.description,
        mimeType: r.mimeType,
        size: r.size === undefined ? undefined : BigInt(r.size),
      })),
    );
  };

  const registerPrompts = (list: PromptSpec[]): void => {
    for (const p of list) prompts.set(p.name, p);
    runtime.registerPrompts(list.map((p) => ({ name: p.name, title: p.title, description: p.description, arguments: p.arguments })));
  };

  const run = (): void => {
    runtime.registerServer({
      name: spec.name,
      version: spec.version,
      title: spec.title,
      instructions: spec.instructions,
      capabilities: {
        completions: hasCompletions,
        resources: spec.subscriptions ? { subscribe: true, listChanged: true } : undefined,
      },
    });
    if (spec.tools?.length) registerTools(spec.tools);
    if (spec.resources?.length) registerResources(spec.resources);
    if (templates.length > 0) {
      runtime.registerResourceTemplates(
        templates.map(({ spec: t }) => ({ uriTemplate: t.uriTemplate, name: t.name, title: t.title, description: t.description, mimeType: t.mimeType })),
      );
    }
    if (spec.prompts?.length) registerPrompts(spec.prompts);
    runtime.serve();
  };

  const handlers = {
    callTool(name: string, argumentBytes: Uint8Array, context: RequestContext): ToolResult {
      const tool = tools.get(name);
      if (!tool) return { content: [text(`Unknown tool: ${name}`)], isError: true };
      const failed = (err: unknown): ToolResult => ({ content: [text(messageOf(err))], isError: true });
      try {
        const out = tool.run(parseJson(argumentBytes), contextFor(context));
        // An async tool: the engine runs its event loop until the promise settles.
        if (out instanceof Promise) return out.then(toolResult, failed) as unknown as ToolResult;
        return toolResult(out);
      } catch (err) {
        return failed(err);
      }
    },

    readResource(uri: string, context: RequestContext): ResourceContents {
      return guard(() => {
        const direct = resources.get(uri);
        if (direct) return { contents: resourceContents(uri, direct.mimeType, direct.read(uri, contextFor(context))) };
        for (const { spec: t, match } of templates) {
          const params = match(uri);
          if (params) return { contents: resourceContents(uri, t.mimeType, t.read(uri, params, contextFor(context))) };
        }
        throw new McpError('resource-not-found', `Resource not found: ${uri}`);
      });
    },

    getPrompt(name: string, argumentBytes: Uint8Array | undefined, context: RequestContext): PromptContents {
      return guard(() => {
        const prompt = prompts.get(name);
        if (!prompt) throw new McpError('prompt-not-found', `Unknown prompt: ${name}`);
        const out = prompt.get(argumentBytes ? parseJson(argumentBytes) : {}, contextFor(context));
        if (typeof out === 'string') return { messages: [{ role: 'user', content: text(out) }] };
        return {
          description: out.description,
          messages: out.messages.map((m) => ({ role: m.role, content: typeof m.content === 'string' ? text(m.content) : m.content })),
        };
      });
    },

    handleSubscribe(uri: string): void {
      guard(() => {
        if (!spec.subscriptions) throw new McpError('method-not-found', 'This server does not support subscriptions');
        subscribed.add(uri);
      });
    },

    handleUnsubscribe(uri: string): void {
      guard(() => void subscribed.delete(uri));
    },

    handleComplete(reference: CompletionReference, argument: CompletionArgument, contextBytes: Uint8Array | undefined): CompletionResult {
      return guard(() => {
        const completers =
          reference.tag === 'prompt'
            ? prompts.get(reference.val)?.complete
            : templates.find((t) => t.spec.uriTemplate === reference.val)?.spec.complete;
        const complete = completers?.[argument.name];
        const values = complete ? complete(argument.value, contextBytes ? parseJson(contextBytes) : {}) : [];
        return { values: values.slice(0, 100), total: values.length, hasMore: values.length > 100 };
      });
    },
  };

  return {
    run: { run },
    handlers,
    addTools: registerTools,
    addResources: registerResources,
    addPrompts: registerPrompts,
    resourceUpdated: (uri) => runtime.sendNotification({ tag: 'resources-updated', val: [uri] }),
    subscribed,
  };
}

function contextFor(context: RequestContext): Context {
  const token = context.progressToken;
  return {
    progress(progress, total, message) {
      if (token !== undefined) runtime.reportProgress(token, progress, total, message);
    },
    log(level, message, data) {
      runtime.log(level, message, data === undefined ? undefined : jsonBytes(data));
    },
    sample: (params) => parseJson(runtime.createMessage(jsonBytes(params))),
    elicit: (message, requestedSchema) => parseJson(runtime.elicit(jsonBytes({ message, requestedSchema }))),
    roots: () => runtime.listRoots(),
  };
}

function toolResult(out: ToolOutput): ToolResult {
  if (typeof out === 'string') return { content: [text(out)] };
  if (Array.isArray(out)) return { content: out };
  const content =
    typeof out.content === 'string'
      ? [text(out.content)]
      : out.content ?? (out.structuredContent ? [text(JSON.stringify(out.structuredContent))] : []);
  return {
    content,
    structuredContent: out.structuredContent ? jsonBytes(out.structuredContent) : undefined,
    isError: out.isError,
  };
}

function resourceContents(uri: string, mimeType: string | undefined, out: ResourceOutput): EmbeddedResource[] {
  if (typeof out === 'string') return [{ uri, mimeType: mimeType ?? 'text/plain', text: out }];
  if (out instanceof Uint8Array) return [{ uri, mimeType: mimeType ?? 'application/octet-stream', blob: out }];
  return out;
}

/**
 * Run a handler; turn anything it throws into a WIT error the host sees as a
 * JSON-RPC error. componentize-js maps a thrown value to the `err` case of
 * the export's result; an Error instance would trap instead, so throw a
 * plain object.
 */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const error: WitError = err instanceof McpError ? { code: err.code, message: err.message } : { code: 'internal-error', message: messageOf(err) };
    throw error;
  }
}

function messageOf(err: unknown): string {
  if (err instanceof McpError) return err.message;
  // A WIT error an import returned (jco: an Error with the error record as `payload`).
  const payload = (err as { payload?: { message?: unknown } } | undefined)?.payload;
  if (payload && typeof payload.message === 'string') return payload.message;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/** Match simple RFC 6570 templates (`{var}`, `{+var}`); returns the variables or undefined. */
function templateMatcher(template: string): (uri: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template.replace(/[.*?^$()|[\]\\]/g, '\\$&').replace(/\{(\+?)([^}]+)\}/g, (_, plus: string, name: string) => {
    names.push(name);
    return plus ? '(.+)' : '([^/]+)';
  });
  const regex = new RegExp(`^${pattern}$`);
  return (uri) => {
    const m = regex.exec(uri);
    if (!m) return undefined;
    return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
  };
}
