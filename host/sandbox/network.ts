/**
 * Network imports of one instance. Outgoing HTTP goes through an allow list
 * of hosts; anything else is refused with wasi:http's own
 * `HTTP-request-denied`, an error the guest's `fetch()` reports as a failed
 * request (the shim's `enableNetwork: false` gives a malformed error instead
 * and leaves the instance unusable). Sockets are never granted: every socket
 * and name lookup is refused with `access-denied`.
 */
import { STREAM_CHUNK, type ShimIo } from './fs/streams.js';
import { dropped, held } from './io.js';
import { hostAllowed } from './policy.js';
import { disposeSymbol } from './dispose.js';
import { HeaderBudget, headerBytes } from './header-budget.js';

type ImportObject = Record<string, Record<string, unknown>>;


/** What jco does when a guest drops a handle, for a resource taken by a call instead. */
const dispose = (resource: unknown): void => (resource as Record<symbol, (() => void) | undefined> | undefined)?.[disposeSymbol]?.();

/** jco turns a thrown `{ payload }` into the `err` case of a WIT result. */
const refuse = (payload: unknown): never => {
  throw { payload };
};

interface OutgoingRequest {
  authority(): string | undefined;
}

export function applyNetworkPolicy(imports: ImportObject, allowHosts: readonly string[]): void {
  const shimHandler = imports['wasi:http/outgoing-handler'];
  const shimHandle = shimHandler?.handle as ((request: OutgoingRequest, options: unknown) => unknown) | undefined;
  imports['wasi:http/outgoing-handler'] = {
    handle(request: OutgoingRequest, options: unknown): unknown {
      const authority = request.authority() ?? '';
      if (shimHandle && hostAllowed(authority, allowHosts)) return shimHandle(request, options);
      // Refused: the request and its options were taken here, so they are done with (what their headers held given back).
      [request, options].forEach(dispose);
      return refuse({ tag: 'HTTP-request-denied' });
    },
  };
  const deny = (key: string, fn: string): void => {
    imports[key] = { ...imports[key], [fn]: () => refuse('access-denied') };
  };
  deny('wasi:sockets/tcp-create-socket', 'createTcpSocket');
  deny('wasi:sockets/udp-create-socket', 'createUdpSocket');
  deny('wasi:sockets/ip-name-lookup', 'resolveAddresses');
}

/**
 * The socket interfaces without preview2-shim (io.ts): only their names.
 * applyNetworkPolicy refuses every way to make a socket or a lookup, so no
 * instance of these classes but the one network ever exists.
 */
export function refusedSockets(): ImportObject {
  class Network {
    [disposeSymbol](): void {
      dropped();
    }
  }
  const network = new Network();
  return {
    'wasi:sockets/instance-network': { instanceNetwork: () => held(network) },
    'wasi:sockets/network': { Network, networkErrorCode: () => undefined },
    'wasi:sockets/tcp': { TcpSocket: class TcpSocket {} },
    'wasi:sockets/udp': { UdpSocket: class UdpSocket {}, IncomingDatagramStream: class IncomingDatagramStream {}, OutgoingDatagramStream: class OutgoingDatagramStream {} },
    'wasi:sockets/ip-name-lookup': { ResolveAddressStream: class ResolveAddressStream {} },
  };
}

/**
 * wasi:http/types without preview2-shim, for a component that imports
 * wasi:http but may reach no host (no `--allow-host`): applyNetworkPolicy
 * refuses every request, so only what a guest builds before it asks is
 * implemented (headers, a request, its options and body), and no response
 * or incoming request ever exists. A body written before the request is
 * refused goes nowhere.
 */
export function refusedHttp(io: ShimIo): ImportObject {
  const { outputStream, ready } = io;
  type Entry = [string, Uint8Array];
  const budget = new HeaderBudget();
  const size = ([name, value]: Entry): number => headerBytes(name, value);
  class Fields {
    #entries: Entry[] = [];
    /** Taken by a request: its bytes go when the request does, not when a handle of it is dropped. */
    #attached = false;
    constructor() {
      held(this);
    }
    static fromList(entries: Entry[]): Fields {
      const fields = new Fields();
      try {
        for (const [name, value] of entries) fields.append(name, value);
      } catch (err) {
        fields.release();
        dropped();
        throw err;
      }
      return fields;
    }
    get(name: string): Uint8Array[] {
      const key = name.toLowerCase();
      return this.#entries.filter(([n]) => n.toLowerCase() === key).map(([, v]) => v);
    }
    has(name: string): boolean {
      return this.get(name).length > 0;
    }
    set(name: string, values: Uint8Array[]): void {
      this.delete(name);
      for (const value of values) this.append(name, value);
    }
    delete(name: string): void {
      const key = name.toLowerCase();
      const kept = this.#entries.filter(([n]) => n.toLowerCase() !== key);
      budget.refund(this, this.#entries.reduce((sum, e) => sum + size(e), 0) - kept.reduce((sum, e) => sum + size(e), 0));
      this.#entries = kept;
    }
    append(name: string, value: Uint8Array): void {
      const entry: Entry = [name, value];
      // header-error has no case for size: `forbidden`, as a host that refuses such a header would say.
      if (!budget.charge(this, size(entry))) refuse({ tag: 'forbidden' });
      this.#entries.push(entry);
    }
    entries(): Entry[] {
      return this.#entries.map(([n, v]) => [n, v]);
    }
    clone(): Fields {
      return Fields.fromList(this.#entries);
    }
    attach(): this {
      this.#attached = true;
      return this;
    }
    release(): void {
      budget.release(this);
      this.#entries = [];
    }
    [disposeSymbol](): void {
      dropped();
      if (!this.#attached) this.release();
    }
  }
  const discard = (): bigint => BigInt(STREAM_CHUNK);
  class OutgoingBody {
    #stream: object | undefined;
    write(): object {
      if (this.#stream) refuse(undefined); // result<output-stream>: the body's stream is given once
      this.#stream = Object.assign(held(Object.create(outputStream) as object), {
        checkWrite: discard,
        write: () => {},
        blockingWriteAndFlush: () => {},
        flush: () => {},
        blockingFlush: () => {},
        writeZeroes: () => {},
        blockingWriteZeroesAndFlush: () => {},
        splice: () => 0n,
        blockingSplice: () => 0n,
        subscribe: ready,
        [disposeSymbol]: dropped,
      });
      return this.#stream;
    }
    [disposeSymbol](): void {
      dropped();
    }
    /** The trailers, if any, are taken and go with it. */
    static finish(body: OutgoingBody, trailers: Fields | undefined): void {
      dispose(body);
      dispose(trailers);
    }
  }
  class OutgoingRequest {
    #method: unknown = { tag: 'get' };
    #path: string | undefined;
    #scheme: unknown;
    #authority: string | undefined;
    #body: OutgoingBody | undefined;
    constructor(readonly fields: Fields) {
      held(this);
      dropped(); // the guest's handle of the fields, taken
      fields.attach();
    }
    method = (): unknown => this.#method;
    setMethod = (method: unknown): void => void (this.#method = method);
    pathWithQuery = (): string | undefined => this.#path;
    setPathWithQuery = (path: string | undefined): void => void (this.#path = path);
    scheme = (): unknown => this.#scheme;
    setScheme = (scheme: unknown): void => void (this.#scheme = scheme);
    authority = (): string | undefined => this.#authority;
    setAuthority = (authority: string | undefined): void => void (this.#authority = authority);
    headers = (): Fields => held(this.fields);
    body(): OutgoingBody {
      if (this.#body) refuse(undefined); // result<outgoing-body>: given once
      return (this.#body = held(new OutgoingBody()));
    }
    /** Dropped, or taken by outgoing-handler.handle (which refuses it). */
    [disposeSymbol](): void {
      dropped();
      this.fields.release();
    }
  }
  class RequestOptions {
    #timeouts: Record<string, bigint | undefined> = {};
    constructor() {
      held(this);
    }
    [disposeSymbol](): void {
      dropped();
    }
    connectTimeout = (): bigint | undefined => this.#timeouts.connect;
    setConnectTimeout = (ns: bigint | undefined): void => void (this.#timeouts.connect = ns);
    firstByteTimeout = (): bigint | undefined => this.#timeouts.firstByte;
    setFirstByteTimeout = (ns: bigint | undefined): void => void (this.#timeouts.firstByte = ns);
    betweenBytesTimeout = (): bigint | undefined => this.#timeouts.betweenBytes;
    setBetweenBytesTimeout = (ns: bigint | undefined): void => void (this.#timeouts.betweenBytes = ns);
  }
  return {
    'wasi:http/types': {
      Fields,
      OutgoingRequest,
      OutgoingBody,
      RequestOptions,
      // Never made: every request is refused, and nothing is served.
      FutureIncomingResponse: class FutureIncomingResponse {},
      IncomingResponse: class IncomingResponse {},
      IncomingBody: class IncomingBody {},
      FutureTrailers: class FutureTrailers {},
      IncomingRequest: class IncomingRequest {},
      OutgoingResponse: class OutgoingResponse {},
      ResponseOutparam: class ResponseOutparam {},
      httpErrorCode: () => undefined,
    },
  };
}
