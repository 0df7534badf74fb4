/**
 * Network imports of one instance. Outgoing HTTP goes through an allow list
 * of hosts; anything else is refused with wasi:http's own
 * `HTTP-request-denied`, an error the guest's `fetch()` reports as a failed
 * request (the shim's `enableNetwork: false` gives a malformed error instead
 * and leaves the instance unusable). Sockets are never granted: every socket
 * and name lookup is refused with `access-denied`.
 */
import { hostAllowed } from './policy.js';

type ImportObject = Record<string, Record<string, unknown>>;

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
      if (!shimHandle || !hostAllowed(authority, allowHosts)) return refuse({ tag: 'HTTP-request-denied' });
      return shimHandle(request, options);
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
  class Network {}
  const network = new Network();
  return {
    'wasi:sockets/instance-network': { instanceNetwork: () => network },
    'wasi:sockets/network': { Network, networkErrorCode: () => undefined },
    'wasi:sockets/tcp': { TcpSocket: class TcpSocket {} },
    'wasi:sockets/udp': { UdpSocket: class UdpSocket {}, IncomingDatagramStream: class IncomingDatagramStream {}, OutgoingDatagramStream: class OutgoingDatagramStream {} },
    'wasi:sockets/ip-name-lookup': { ResolveAddressStream: class ResolveAddressStream {} },
  };
}
