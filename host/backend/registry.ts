/**
 * What a component registered through `wasi:mcp/runtime`: its server info,
 * tools, resources, templates and prompts, in MCP shapes. Registering an
 * entry again replaces it; `apply` says which list changed, so the backend
 * can send list_changed only when something did (a re-created instance
 * registers the same things again and changes nothing).
 */
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import type { Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { RuntimeCall, WitServerInfo } from '../worker/messages.js';
import { promptFromWit, resourceFromWit, templateFromWit, toolFromWit } from './wit-convert.js';

export type ListName = 'tools' | 'resources' | 'prompts';

interface RegisteredTool {
  tool: Tool;
  /** Compiled lazily on first call: most tools of a big server are never called. */
  validateInput?: JsonSchemaValidator<unknown>;
  validateOutput?: JsonSchemaValidator<unknown>;
}

export class Registry {
  server: WitServerInfo | undefined;
  readonly tools = new Map<string, RegisteredTool>();
  readonly resources = new Map<string, Resource>();
  readonly templates = new Map<string, { template: ResourceTemplate; matcher: UriTemplate }>();
  readonly prompts = new Map<string, Prompt>();
  private readonly validators = new AjvJsonSchemaValidator();

  /** Record one registration; returns the list it changed, if any. */
  apply(call: RuntimeCall): ListName | undefined {
    switch (call.fn) {
      case 'register-server':
        this.server = call.info;
        return undefined;
      case 'register-tools':
        return this.merge('tools', this.tools, call.tools.map((t) => toolFromWit(t as never)), (t) => t.name, (tool) => ({ tool }), (e) => e.tool);
      case 'register-resources':
        return this.merge('resources', this.resources, call.resources.map((r) => resourceFromWit(r as never)), (r) => r.uri, (r) => r, (r) => r);
      case 'register-resource-templates':
        return this.merge(
          'resources',
          this.templates,
          call.templates.map((t) => templateFromWit(t as never)),
          (t) => t.uriTemplate,
          (template) => ({ template, matcher: new UriTemplate(template.uriTemplate) }),
          (e) => e.template,
        );
      case 'register-prompts':
        return this.merge('prompts', this.prompts, call.prompts.map((p) => promptFromWit(p as never)), (p) => p.name, (p) => p, (p) => p);
      default:
        return undefined;
    }
  }

  inputValidator(entry: RegisteredTool): JsonSchemaValidator<unknown> {
    return (entry.validateInput ??= this.compile(entry.tool.inputSchema));
  }

  outputValidator(entry: RegisteredTool): JsonSchemaValidator<unknown> | undefined {
    if (!entry.tool.outputSchema) return undefined;
    return (entry.validateOutput ??= this.compile(entry.tool.outputSchema));
  }

  /**
   * A schema the validator cannot compile (e.g. a JSON Schema dialect it does
   * not know) is not checked by the host: the component still sees the
   * arguments, and the client has the schema as registered.
   */
  private compile(schema: object): JsonSchemaValidator<unknown> {
    try {
      return this.validators.getValidator(schema as never);
    } catch {
      return (input) => ({ valid: true, data: input, errorMessage: undefined });
    }
  }

  /** The registered resource template a URI matches, if any. */
  templateFor(uri: string): ResourceTemplate | undefined {
    for (const { template, matcher } of this.templates.values()) {
      if (matcher.match(uri)) return template;
    }
    return undefined;
  }

  private merge<V, E>(
    list: ListName,
    map: Map<string, E>,
    values: V[],
    key: (v: V) => string,
    wrap: (v: V) => E,
    unwrap: (e: E) => V,
  ): ListName | undefined {
    let changed = false;
    for (const value of values) {
      const existing = map.get(key(value));
      if (existing && JSON.stringify(unwrap(existing)) === JSON.stringify(value)) continue;
      map.set(key(value), wrap(value));
      changed = true;
    }
    return changed ? list : undefined;
  }
}
