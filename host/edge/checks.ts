/**
 * Schema checks for a Worker: the SDK's validator for Workers
 * (@cfworker/json-schema, an interpreter: ajv compiles schemas with
 * `new Function`, which a Worker refuses at request time), run in the
 * isolate's thread, since there is no other. The same surface as
 * backend/schema-checks.ts. A schema that does not compile fails closed,
 * as there: every value checked against it fails, with the reason.
 *
 * What the Node host bounds and this cannot: a check runs to its end (no
 * thread to stop), and `pattern` runs on the JS RegExp engine, which
 * backtracks; the platform's CPU limit per request is the bound.
 */
import type { JsonSchemaValidator } from '@modelcontextprotocol/server';
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/server/validators/cf-worker';
import type { CheckResult } from '../backend/schema-checks.js';

/** Compiled validators kept per component, by key; a key names one schema for good. */
const MAX_VALIDATORS = 4096;

export class EdgeSchemaChecks {
  private readonly validators = new Map<string, JsonSchemaValidator<unknown>>();
  private readonly provider = new CfWorkerJsonSchemaValidator();

  check(key: string, schema: object, value: unknown): Promise<CheckResult> {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.compile(schema);
      if (this.validators.size >= MAX_VALIDATORS) this.validators.clear();
      this.validators.set(key, validate);
    }
    try {
      const { valid, errorMessage } = validate(value);
      return Promise.resolve({ valid, errorMessage });
    } catch (err) {
      return Promise.resolve({ valid: false, errorMessage: `the value could not be checked: ${(err as Error)?.message ?? String(err)}` });
    }
  }

  async close(): Promise<void> {
    this.validators.clear();
  }

  private compile(schema: object): JsonSchemaValidator<unknown> {
    try {
      return this.provider.getValidator(schema as never);
    } catch (err) {
      const errorMessage = `the value could not be checked: the schema does not compile (${String((err as Error)?.message ?? err).slice(0, 300)})`;
      return () => ({ valid: false, data: undefined, errorMessage });
    }
  }
}
