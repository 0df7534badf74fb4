/** A local HTTP server on 127.0.0.1 that counts the requests it gets. */
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';

export interface LocalServer {
  url: string;
  port: number;
  requests: number;
  close(): Promise<void>;
}

export async function startLocalServer(body: string): Promise<LocalServer> {
  const state = { requests: 0 };
  const server: Server = createServer((_req, res) => {
    state.requests++;
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    get requests() {
      return state.requests;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A server on 127.0.0.1 that accepts connections and never answers. */
export interface HangingServer {
  port: number;
  close(): Promise<void>;
}

export function startHangingServer(): Promise<HangingServer> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => (sockets.forEach((s) => s.destroy()), server.close(() => done()))),
      }),
    ),
  );
}
