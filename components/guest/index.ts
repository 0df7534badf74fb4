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
 * error): an Error escaping to the host would kill the instance. A handler
 * may return `inputRequired(...)` (inputs.ts) to ask the client first, and
 * throw MissingClientCapability for a capability the client lacks.
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
import { jsonBytes, parseJson, text } from './content.js';
import { InputRequiredAnswer, inputRequiredToWit, MissingClientCapability, type ClientCapabilities } from './inputs.js';
import { completionValues, promptContents, resourceContents, ResultError, toolResult } from './results.js';
import type { Context, DefinedServer, PromptSpec, ResourceSpec, ServerSpec, ToolSpec } from './specs.js';
import { templateMatcher } from './uri-template.js';
import { assertValid, checkPrompts, checkResources, checkTools, DeclarationError, validateServer } from './validate.js';

export * from './content.js';
export * from './grants.js';
export * from './inputs.js';
export * from './specs.js';
export { DeclarationError } from './validate.js';
export { runtime };
export type { LogLevel, ToolAnnotations };

type WitError = { code: import('wasi:mcp/types@0.1.0').ErrorCode; message: string; data?: Uint8Array };

/** Throw this from a handler to answer with a specific WIT error code. */
export class McpError {
  constructor(
    readonly code: WitError['code'],
    readonly message: string,
  ) {}
}

export function defineServer(spec: ServerSpec): DefinedServer {
  // At module top level, so at build time: a mistake fails `mcp-host build`.
  validateServer(spec);
  const tools = new Map<string, ToolSpec>();
  const resources = new Map<string, ResourceSpec>();
  const templates = (spec.resourceTemplates ?? []).map((t) => ({ spec: t, match: templateMatcher(t.uriTemplate) }));
  const prompts = new Map<string, PromptSpec>();
  const subscribed = new Set<string>();
  const hasCompletions = templates.some((t) => t.spec.complete) || (spec.prompts ?? []).some((p) => p.complete);

  const registerTools = (list: ToolSpec[]): void => {
    assertValid(checkTools(list));
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
    assertValid(checkResources(list));
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
    assertValid(checkPrompts(list));
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
      // A missing capability is the request's fault, not the tool's: a WIT error (JSON-RPC -32021), not an error result.
      const failed = (err: unknown): ToolResult => {
        if (err instanceof MissingClientCapability) throw witError(err);
        return { content: [text(messageOf(err))], isError: true };
      };
      const answer = (out: unknown): ToolResult => {
        try {
          return out instanceof InputRequiredAnswer ? askInput(out, { content: [] }) : toolResult(name, out);
        } catch (err) {
          return failed(err);
        }
      };
      try {
        const out: unknown = tool.run(parseJson(argumentBytes), contextFor(context));
        // An async tool: the engine runs its event loop until the promise settles.
        // `failed` throws (rejects with) a plain WIT error for a missing capability: the err case.
        if (isThenable(out)) return Promise.resolve(out).then(answer, failed) as unknown as ToolResult;
        return answer(out);
      } catch (err) {
        return failed(err);
      }
    },

    readResource(uri: string, context: RequestContext): ResourceContents {
      return guard(() => {
        const direct = resources.get(uri);
        if (direct) {
          const what = `resource "${uri}"`;
          return settle(direct.read(uri, contextFor(context)), (out) => answered(out, { contents: [] }, () => ({ contents: resourceContents(what, uri, direct.mimeType, out) })));
        }
        for (const { spec: t, match } of templates) {
          const params = match(uri);
          if (params) {
            const what = `resource template "${t.uriTemplate}" (for ${uri})`;
            return settle(t.read(uri, params, contextFor(context)), (out) => answered(out, { contents: [] }, () => ({ contents: resourceContents(what, uri, t.mimeType, out) })));
          }
        }
        throw new McpError('resource-not-found', `Resource not found: ${uri}`);
      });
    },

    getPrompt(name: string, argumentBytes: Uint8Array | undefined, context: RequestContext): PromptContents {
      return guard(() => {
        const prompt = prompts.get(name);
        if (!prompt) throw new McpError('prompt-not-found', `Unknown prompt: ${name}`);
        return settle(prompt.get(argumentBytes ? parseJson(argumentBytes) : {}, contextFor(context)), (out) => answered(out, { messages: [] }, () => promptContents(name, out)));
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
        const what = `the completer of argument "${argument.name}" of ${reference.tag} "${reference.val}"`;
        const values = complete ? complete(argument.value, contextBytes ? parseJson(contextBytes) : {}) : [];
        return settle(values, (out) => {
          const list = completionValues(what, out);
          return { values: list.slice(0, 100), total: list.length, hasMore: list.length > 100 };
        });
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

/**
 * Give the host an input-required answer (runtime.ask-input); the handler
 * then returns `placeholder`, which the host ignores. A refusal (the host's
 * limits) is thrown as the WIT error, i.e. an error for the client.
 */
function askInput<T>(answer: InputRequiredAnswer, placeholder: T): T {
  runtime.askInput(inputRequiredToWit(answer));
  return placeholder;
}

/** A read's or prompt's answer: the input it asks for, or its contents. */
function answered<T>(out: unknown, placeholder: T, complete: () => T): T {
  return out instanceof InputRequiredAnswer ? askInput(out, placeholder) : complete();
}

/** What the host knows of the request beyond its arguments (runtime.get-request-input), asked once, when first needed. */
interface RequestInput {
  capabilities: ClientCapabilities | undefined;
  responses: Record<string, unknown>;
  state: Uint8Array | undefined;
}

function readRequestInput(): RequestInput {
  const input = runtime.getRequestInput();
  // Arrives from the client through the host: JSON, but of any shape. fromEntries: "__proto__" is a key like any other.
  const responses: Record<string, unknown> = Object.fromEntries(input.inputResponses.map(([key, bytes]) => [key, parseOptional(bytes)]));
  return { capabilities: parseOptional(input.clientCapabilities) as ClientCapabilities | undefined, responses, state: input.state };
}

function contextFor(context: RequestContext): Context {
  const token = context.progressToken;
  let input: RequestInput | undefined;
  const request = (): RequestInput => (input ??= readRequestInput());
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
    get clientCapabilities() {
      return request().capabilities;
    },
    require(...names) {
      const caps = request().capabilities ?? {};
      const missing = names.filter((n) => !(Object.hasOwn(caps, n) && isObject(caps[n])));
      if (missing.length > 0) throw new MissingClientCapability(missing);
    },
    get inputResponses() {
      return request().responses;
    },
    get state() {
      return request().state;
    },
    stateJson: () => parseOptional(request().state),
  };
}

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON bytes → value; undefined for none or for bytes that are not JSON. */
function parseOptional(bytes: Uint8Array | undefined): unknown {
  if (bytes === undefined) return undefined;
  try {
    return parseJson(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Run a handler; turn anything it throws into a WIT error the host sees as a
 * JSON-RPC error. componentize-js maps a thrown value to the `err` case of
 * the export's result; an Error instance would trap instead, so throw a
 * plain object.
 */
function guard<T>(fn: () => T): T {
  try {
    const out = fn();
    // An async handler: the engine drives the promise; a rejection is the err case too.
    if (isThenable(out)) return Promise.resolve(out).catch((err: unknown) => Promise.reject(witError(err))) as unknown as T;
    return out;
  } catch (err) {
    throw witError(err);
  }
}

function witError(err: unknown): WitError {
  if (err instanceof MissingClientCapability) return { code: 'missing-client-capability', message: err.message, data: jsonBytes(err.capabilities) };
  return err instanceof McpError ? { code: err.code, message: err.message } : { code: 'internal-error', message: messageOf(err) };
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** `then(value)` now, or once `value` (a handler's result, maybe a promise) settles. */
function settle<T>(value: unknown, then: (out: unknown) => T): T {
  return isThenable(value) ? (Promise.resolve(value).then(then) as unknown as T) : then(value);
}

function messageOf(err: unknown): string {
  if (err instanceof McpError || err instanceof MissingClientCapability) return err.message;
  // A WIT error an import returned (jco: an Error with the error record as `payload`).
  const payload = (err as { payload?: { message?: unknown } } | undefined)?.payload;
  if (payload && typeof payload.message === 'string') return payload.message;
  if (err instanceof ResultError || err instanceof DeclarationError) return err.message;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
