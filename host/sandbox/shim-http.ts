/**
 * preview2-shim's wasi:http headers (its `Fields`), held to the instance's
 * HeaderBudget (header-budget.ts) as the in-thread refusal's are. The shim
 * keeps every value a guest appends, with no limit: 20,000 appends of a
 * 60 KB value to one fields took the host up 1.2 GB (--allow-host only;
 * without it the shim is not loaded).
 *
 * The shim's Fields is patched in place, not subclassed: the shim makes
 * fields itself (a response's headers) and jco checks each handle a guest
 * passes with `instanceof` the class it was given. Bytes are counted on
 * append, set and delete, and given back when a fields is dropped, when
 * the request or response it became the headers of is dropped or handed
 * to outgoing-handler.handle (the shim copies them out then), and when it
 * is given as trailers. `clone` makes a copy through the counted
 * `fromList`: the shim's shares the entries of the original, so bytes given
 * back with one would stay held by the other.
 */
import { disposeSymbol } from './dispose.js';
import { HeaderBudget, headerBytes } from './header-budget.js';

type ImportObject = Record<string, Record<string, unknown>>;

interface ShimFields {
  get(name: string): Uint8Array[];
  set(name: string, values: Uint8Array[]): void;
  delete(name: string): void;
  append(name: string, value: Uint8Array): void;
  entries(): [string, Uint8Array][];
  clone(): ShimFields;
}
interface FieldsClass {
  new (): ShimFields;
  prototype: ShimFields & Record<symbol, unknown>;
  fromList(entries: [string, Uint8Array][]): ShimFields;
}
/** An outgoing request or response: made from a fields, which it keeps as its headers. */
type Taker = new (headers: ShimFields) => { headers(): ShimFields } & Record<symbol, (() => void) | undefined>;

/** jco turns a thrown `{ payload }` into the `err` case of a WIT result. */
const forbidden = (): never => {
  // header-error has no case for size: `forbidden`, as a host that refuses such a header would say.
  throw { payload: { tag: 'forbidden' } };
};
const bytesOf = (name: string, values: Uint8Array[]): number => values.reduce((sum, value) => sum + headerBytes(name, value), 0);

export function boundShimHeaders(imports: ImportObject, budget: HeaderBudget = new HeaderBudget()): void {
  if (!imports['wasi:http/types'] || !imports['wasi:http/outgoing-handler']) return;
  // Copies: what the shim gives may be its own module's objects.
  const types = (imports['wasi:http/types'] = { ...imports['wasi:http/types'] });
  const handler = (imports['wasi:http/outgoing-handler'] = { ...imports['wasi:http/outgoing-handler'] });
  const Fields = types.Fields as FieldsClass;
  const proto = Fields.prototype;
  const { append, set, delete: remove } = proto;
  /** Fields that are some request's or response's headers: a handle of them dropped gives nothing back. */
  const attached = new WeakSet<object>();

  proto.append = function (this: ShimFields, name: string, value: Uint8Array): void {
    const bytes = headerBytes(String(name), value);
    if (!budget.charge(this, bytes)) forbidden();
    try {
      append.call(this, name, value);
    } catch (err) {
      budget.refund(this, bytes);
      throw err;
    }
  };
  proto.set = function (this: ShimFields, name: string, values: Uint8Array[]): void {
    const before = bytesOf(String(name), this.get(name));
    const after = bytesOf(String(name), values);
    if (after > before && !budget.charge(this, after - before)) forbidden();
    try {
      set.call(this, name, values);
    } catch (err) {
      if (after > before) budget.refund(this, after - before);
      throw err;
    }
    if (after < before) budget.refund(this, before - after);
  };
  proto.delete = function (this: ShimFields, name: string): void {
    const before = bytesOf(String(name), this.get(name));
    remove.call(this, name);
    budget.refund(this, before);
  };
  // As the shim's, but what a fields refused part-way held is given back: the guest never gets it to drop.
  Fields.fromList = (entries: [string, Uint8Array][]): ShimFields => {
    const fields = new Fields();
    try {
      for (const [name, value] of entries) fields.append(name, value);
    } catch (err) {
      budget.release(fields);
      throw err;
    }
    return fields;
  };
  proto.clone = function (this: ShimFields): ShimFields {
    return Fields.fromList(this.entries());
  };
  proto[disposeSymbol] = function (this: ShimFields): void {
    if (!attached.has(this)) budget.release(this);
  };

  /** The class made from a fields: its headers are given back when it is dropped. */
  const taking = (Base: Taker): Taker =>
    class extends Base {
      constructor(headers: ShimFields) {
        super(headers);
        attached.add(headers);
      }
      [disposeSymbol](): void {
        budget.release(this.headers());
        super[disposeSymbol]?.();
      }
    };
  for (const name of ['OutgoingRequest', 'OutgoingResponse']) if (types[name]) types[name] = taking(types[name] as Taker);

  const OutgoingBody = types.OutgoingBody as { finish(body: unknown, trailers: ShimFields | undefined): void } | undefined;
  if (OutgoingBody) {
    const finish = OutgoingBody.finish.bind(OutgoingBody);
    // The trailers are taken, whatever the shim does with them (it refuses any).
    OutgoingBody.finish = (body, trailers) => {
      if (trailers) budget.release(trailers);
      finish(body, trailers);
    };
  }

  const handle = handler.handle as (request: { headers(): ShimFields }, options: unknown) => unknown;
  handler.handle = (request: { headers(): ShimFields }, options: unknown): unknown => {
    try {
      return handle(request, options);
    } finally {
      // Taken: the shim has copied the headers out to send them, or refused the request.
      budget.release(request.headers());
    }
  };
}
