/**
 * The thread where a component's schemas are compiled and checked. Ajv's
 * work grows with the guest's schema as well as with the value: a few
 * kilobytes of `allOf`s over `$ref`s take exponential time, and no static
 * limit catches every shape. Here it runs where the deadline applies: the
 * main thread answers on time, and terminates this thread if it does not
 * (schema-checks.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { JsonSchemaValidator } from '@modelcontextprotocol/server';
import { compileOrRefuse, createSchemaValidator } from './schema-validator.js';

export type ToValidator = { type: 'schema'; key: string; schema: object } | { type: 'check'; id: number; key: string; value: unknown };
export interface FromValidator {
  id: number;
  valid: boolean;
  errorMessage?: string;
}

const validators = createSchemaValidator();
const compiled = new Map<string, JsonSchemaValidator<unknown>>();
const schemas = new Map<string, object>();

parentPort!.on('message', (message: ToValidator) => {
  if (message.type === 'schema') {
    schemas.set(message.key, message.schema);
    return;
  }
  let validate = compiled.get(message.key);
  if (!validate) {
    const schema = schemas.get(message.key);
    validate = schema ? compileOrRefuse(validators, schema) : (value) => ({ valid: true, data: value, errorMessage: undefined });
    compiled.set(message.key, validate);
  }
  const { valid, errorMessage } = validate(message.value);
  parentPort!.postMessage({ id: message.id, valid, errorMessage } satisfies FromValidator);
});
