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
import { jsonBytes, parseJson, text, type EmbeddedResource } from './content.js';
import type { Context, DefinedServer, PromptSpec, ResourceOutput, ResourceSpec, ServerSpec, ToolOutput, ToolSpec } from './specs.js';
import { templateMatcher } from './uri-template.js';

export * from './content.js';
export * from './specs.js';
export { runtime };
export type { LogLevel, ToolAnnotations };

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
