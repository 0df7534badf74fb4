/**
 * The JSON Schema validator for guest schemas (run in validation-worker.ts): the SDK’s ajv provider with
 * its default options, but on an ajv whose guest-controlled work is linear:
 * `pattern`/`patternProperties` run on RE2 (ajv's default is `new RegExp`,
 * which backtracks), and `uniqueItems` hashes items instead of ajv's
 * pairwise comparison (quadratic in the array's length).
 */
import { Ajv } from 'ajv';
import _addFormats from 'ajv-formats';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/server/validators/ajv';
import type { JsonSchemaValidator } from '@modelcontextprotocol/server';
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
 * A schema the validator cannot compile (a dialect it does not know, a
 * pattern it cannot run where registration did not look) fails closed:
 * every value checked against it fails, with the reason. Accepting
 * everything instead would drop all of the schema's checks (`required`,
 * types…) because of one part. A validation that throws (e.g. data nested
 * past the stack) is a failed one.
 */
export function compileOrRefuse(validators: AjvJsonSchemaValidator, schema: object): JsonSchemaValidator<unknown> {
  let validate: JsonSchemaValidator<unknown>;
  try {
    validate = validators.getValidator(schema as never);
  } catch (err) {
    const errorMessage = `the value could not be checked: the schema does not compile (${clipped((err as Error)?.message ?? String(err))})`;
    return () => ({ valid: false, data: undefined, errorMessage });
  }
  return (input) => {
    try {
      return validate(input);
    } catch (err) {
      return { valid: false, data: undefined, errorMessage: `the value could not be checked: ${(err as Error).message}` };
    }
  };
}

const clipped = (s: string): string => (s.length > 300 ? `${s.slice(0, 300)}…` : s);

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
