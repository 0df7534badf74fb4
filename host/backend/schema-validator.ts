/**
 * The JSON Schema validator for guest schemas (run in validation-worker.ts): the SDK’s ajv provider with
 * its default options, but on an ajv whose guest-controlled work is linear:
 * `pattern`/`patternProperties` run on RE2 (ajv's default is `new RegExp`,
 * which backtracks), and `uniqueItems` hashes items instead of ajv's
 * pairwise comparison (quadratic in the array's length).
 */
import { Ajv } from 'ajv';
import _addFormats from 'ajv-formats';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { ajvRegExpEngine } from './linear-regex.js';

const addFormats = _addFormats as unknown as (ajv: Ajv) => Ajv;

export function createSchemaValidator(): AjvJsonSchemaValidator {
  const ajv = new Ajv({ strict: false, validateFormats: true, validateSchema: false, allErrors: true, code: { regExp: ajvRegExpEngine } });
  addFormats(ajv);
  ajv.removeKeyword('uniqueItems');
  ajv.addKeyword({ keyword: 'uniqueItems', type: 'array', schemaType: 'boolean', validate: (unique: boolean, data: unknown[]) => !unique || allDistinct(data) });
  return new AjvJsonSchemaValidator(ajv);
}

/**
 * A schema the validator cannot compile (e.g. a JSON Schema dialect it does
 * not know) is not checked by the host: the component still sees the
 * arguments, and the client has the schema as registered. A validation that
 * throws (e.g. data nested past the stack) is a failed one.
 */
export function compileOrAccept(validators: AjvJsonSchemaValidator, schema: object): JsonSchemaValidator<unknown> {
  let validate: JsonSchemaValidator<unknown>;
  try {
    validate = validators.getValidator(schema as never);
  } catch {
    return (input) => ({ valid: true, data: input, errorMessage: undefined });
  }
  return (input) => {
    try {
      return validate(input);
    } catch (err) {
      return { valid: false, data: undefined, errorMessage: `the value could not be checked: ${(err as Error).message}` };
    }
  };
}

/** JSON equality as JSON Schema defines it (key order does not matter), in one pass. */
function allDistinct(items: unknown[]): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    const key = JSON.stringify(item, sortedKeys);
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const obj = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, obj[k]]));
}
