/**
 * Checking values against one component's schemas without letting either
 * stall the host. A check whose cost is bounded small runs here, at once:
 * a small schema without `$ref`s (whose work is at most its size times the
 * value's, patterns being linear) against a value that keeps that product
 * small; that is nearly every call's arguments. Any other check runs off the
 * main thread and under a deadline, on the component's own validation
 * thread (validation-worker.ts), started on the first such check. A check
 * that runs past the deadline fails and the thread is terminated; the checks
 * queued behind it go to a new one. Each component has its own thread: one's
 * slow schema delays only its own checks (by the deadline at most).
 */
import { Worker } from 'node:worker_threads';
import type { JsonSchemaValidator } from '@modelcontextprotocol/server';
import { patternProgramSize } from './schema-check.js';
import { compileOrRefuse, createSchemaValidator } from './schema-validator.js';
import type { FromValidator, ToValidator } from './validation-worker.js';

/**
 * What may be checked on the main thread: schema bytes, schema bytes × value
 * bytes, and pattern instructions × value bytes (a pattern step costs ~60 ns
 * at worst, so ~30 ms).
 */
export const INLINE_CHECK_LIMITS = { maxSchemaBytes: 16 * 1024, maxWork: 10_000_000, maxPatternWork: 500_000 };

/** Keywords that make a schema a graph: a check can then apply one subschema exponentially often. */
const REF = /"\$(?:ref|dynamicRef|recursiveRef)"\s*:/;

export interface CheckResult {
  valid: boolean;
  errorMessage?: string;
}

interface Pending {
  key: string;
  schema: object;
  value: unknown;
  resolve: (result: CheckResult) => void;
  timer?: NodeJS.Timeout;
}

export class SchemaChecks {
  private worker: Worker | undefined;
  /** Schemas the current thread has been sent, by key. */
  private sent = new Set<string>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  /** Per key: the schema's size, and whether it may be checked here (then its compiled validator). */
  private readonly inline = new Map<string, { bytes: number; patternSize: number; validate?: JsonSchemaValidator<unknown> }>();
  private inlineValidators: ReturnType<typeof createSchemaValidator> | undefined;

  constructor(
    private readonly deadlineMs: number,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Check `value` against `schema` (sent to the thread once per `key`: a key
   * names one schema for good). `valueJson`: the value's JSON length, if the
   * caller has it (it is measured otherwise).
   */
  check(key: string, schema: object, value: unknown, valueJson?: number): Promise<CheckResult> {
    if (this.closed) return Promise.resolve({ valid: false, errorMessage: 'the server is shutting down' });
    const here = this.inlineValidator(key, schema, value, valueJson);
    if (here) {
      const { valid, errorMessage } = here(value);
      return Promise.resolve({ valid, errorMessage });
    }
    return new Promise<CheckResult>((resolve) => {
      const id = this.nextId++;
      const pending: Pending = { key, schema, value, resolve };
      this.pending.set(id, pending);
      this.send(id, pending);
    });
  }

  /** The validator to check `value` with on this thread, if its cost is bounded small. */
  private inlineValidator(key: string, schema: object, value: unknown, valueJson: number | undefined): JsonSchemaValidator<unknown> | undefined {
    let info = this.inline.get(key);
    if (!info) {
      const text = JSON.stringify(schema);
      const bounded = text.length <= INLINE_CHECK_LIMITS.maxSchemaBytes && !REF.test(text);
      info = bounded ? { bytes: text.length, patternSize: patternProgramSize(schema) } : { bytes: Infinity, patternSize: Infinity };
      this.inline.set(key, info);
    }
    if (info.bytes === Infinity || info.patternSize === Infinity) return undefined;
    let valueBytes: number;
    try {
      valueBytes = valueJson ?? JSON.stringify(value)?.length ?? 0;
    } catch {
      return undefined; // too deep to measure here: the thread finds out
    }
    if (info.bytes * valueBytes > INLINE_CHECK_LIMITS.maxWork) return undefined;
    if (info.patternSize * valueBytes > INLINE_CHECK_LIMITS.maxPatternWork) return undefined;
    return (info.validate ??= compileOrRefuse((this.inlineValidators ??= createSchemaValidator()), schema));
  }

  /** Post a check to the thread (starting one if needed); its deadline runs from now. */
  private send(id: number, p: Pending): void {
    const worker = this.ensureWorker();
    if (!this.sent.has(p.key)) {
      worker.postMessage({ type: 'schema', key: p.key, schema: p.schema } satisfies ToValidator);
      this.sent.add(p.key);
    }
    p.timer = setTimeout(() => this.overran(id), this.deadlineMs);
    worker.postMessage({ type: 'check', id, key: p.key, value: p.value } satisfies ToValidator);
  }

  /** A check ran past the deadline: it fails, its thread ends, and the checks queued behind it go to a new one. */
  private overran(id: number): void {
    this.overranWith(id, `checking a value against a schema took over ${this.deadlineMs} ms`);
  }

  private overranWith(id: number, reason: string): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.resolve({ valid: false, errorMessage: `the value could not be checked: ${reason}` });
    this.restart(reason);
  }

  private restart(reason: string): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    if (this.closed) return;
    this.log(`schema checks stopped (${reason}); a new checker takes the others`);
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.send(id, p);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.fail('the server is shutting down');
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./validation-worker.js', import.meta.url));
    worker.unref(); // a check in flight has its own timer; an idle thread keeps nothing alive
    worker.on('message', (m: FromValidator) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      p.resolve({ valid: m.valid, errorMessage: m.errorMessage });
    });
    // A checker that dies (e.g. out of memory on a huge value) fails the check it was on, the oldest.
    const died = (reason: string): void => {
      if (this.worker !== worker) return;
      const oldest = this.pending.keys().next();
      if (oldest.done) {
        this.worker = undefined;
        return;
      }
      clearTimeout(this.pending.get(oldest.value)!.timer);
      this.overranWith(oldest.value, reason);
    };
    worker.on('error', (err) => died(`the schema checker failed: ${err.message}`));
    worker.on('exit', () => died('the schema checker exited'));
    this.worker = worker;
    this.sent = new Set();
    return worker;
  }

  private fail(reason: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.resolve({ valid: false, errorMessage: `the value could not be checked: ${reason}` });
      this.pending.delete(id);
    }
  }
}
