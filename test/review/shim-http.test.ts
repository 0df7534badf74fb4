/**
 * Review of preview2-shim's wasi:http path (a component that imports
 * wasi:http, served with --allow-host): test/fixtures/shim-review, whose
 * ops each make, send, read or keep parts of HTTP exchanges with hosts on
 * 127.0.0.1:18181–18185 started here. The findings, each fixed in
 * host/sandbox/shim-requests.ts or shim-streams.ts:
 *   - requests had no cap: one instance held 20,000 sockets (the process's
 *     whole fd limit; another component then failed to start with EMFILE),
 *     and 80,000 bodies never sent took the host to 1.6 GB;
 *   - a request sent without its body taken never ended: answered, read and
 *     dropped, each still kept its connection open;
 *   - (second review) a response dropped before its body ended gave its slot
 *     back but kept its socket: 2,023 sockets, the process's fd limit;
 *   - a response read with `blocking-read(u64 max)` grew the shim's buffer
 *     to the next power of two each time (host peak 4.7 GB);
 *   - `write-zeroes` of 4 GB was allocated before it was refused;
 *   - pollables were not counted: 900,000 kept took the host up ~400 MB
 *     (host/sandbox/shim-pollables.ts).
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HANDLES } from '../../host/sandbox/io.js';
import { MAX_HTTP_REQUESTS } from '../../host/sandbox/shim-requests.js';
import { componentPath } from '../helpers/fixtures.js';
import { startServer, testCacheDir, type RunningServer } from '../helpers/server.js';
import { call } from '../helpers/tool-text.js';

const MiB = 1024 ** 2;
const sockets = (pid: number): number =>
  readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
    } catch {
      return false; // closed meanwhile
    }
  }).length;
const rss = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

const hosts: (Server | HttpServer)[] = [];
const held: Socket[] = [];
let server: RunningServer;

beforeAll(async () => {
  const keep = (socket: Socket): void => {
    held.push(socket);
    socket.on('error', () => {});
  };
  const endless = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(65536, 0x61), Buffer.from('\r\n')]);
  hosts.push(
    createServer((s) => (keep(s), s.resume())), // 18181: reads, never answers
    createServer((s) => {
      keep(s);
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
        const pump = (): void => {
          while (!s.destroyed && s.write(endless));
        };
        s.on('drain', pump);
        pump();
      });
    }), // 18182: an endless body
    createServer((s) => (keep(s), s.pause())), // 18183: never reads
    createHttpServer((_req, res) => res.end('ok')), // 18184: answers "ok"
    createServer((s) => {
      keep(s);
      s.once('data', () => s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n'));
    }), // 18185: a body of "hi" that never ends
  );
  await Promise.all(hosts.map((h, i) => new Promise<void>((resolve) => h.listen(18181 + i, '127.0.0.1', resolve))));
  const allow = [18181, 18182, 18183, 18184, 18185].flatMap((port) => ['--allow-host', `127.0.0.1:${port}`]);
  server = await startServer(componentPath('shim-review'), { cacheDir: testCacheDir(), args: allow });
});
afterAll(async () => {
  await server?.close();
  for (const s of held) s.destroy();
  await Promise.all(hosts.map((h) => new Promise((resolve) => h.close(resolve))));
});

const io = (op: string): Promise<{ text: string; isError: boolean }> => call(server.client, 'io', { op });
const trapped = (message: string) => ({ text: expect.stringContaining(message), isError: true });
const atCap = `the component has ${MAX_HTTP_REQUESTS} HTTP requests at once`;

describe('HTTP requests on preview2-shim', () => {
  it('answered, read and dropped, give their slot and their connection back', async () => {
    // Four times the cap, one after another: 2 bytes each. Before, each kept a socket open.
    expect(await io(`G4:${4 * MAX_HTTP_REQUESTS}`)).toEqual({ text: String(2 * 4 * MAX_HTTP_REQUESTS), isError: false });
    expect(sockets(server.pid)).toBeLessThan(32);
  });

  it(`are at most ${MAX_HTTP_REQUESTS} at once: futures dropped unanswered, bodies kept unsent, bodies sent to a host that never reads`, async () => {
    for (const op of ['h1:500', 'B0:500', 'P3:500']) {
      expect(await io(op)).toEqual(trapped(atCap));
      // The instance is re-created: its requests and their sockets are gone.
      expect(await io('G4:1')).toEqual({ text: '2', isError: false });
      await expect.poll(() => sockets(server.pid), { timeout: 10_000 }).toBeLessThan(32);
    }
    // Under the cap, a future dropped unanswered is fine, and counts only until its host answers.
    expect(await io('h1:10')).toEqual({ text: '10', isError: false });
  }, 60_000);

  it('count until the instance is re-created once dropped before the body ends, as the shim keeps their sockets that long', async () => {
    // Read once and dropped; the response dropped unconsumed; the future dropped once ready, never got.
    for (const op of ['X5:500', 'Y5:500', 'y5:500', 'X2:500']) {
      expect(await io(op)).toEqual(trapped(atCap));
      // The trap's answer can come before the stopped worker (and the shim's thread with its sockets) is gone.
      await expect.poll(() => sockets(server.pid), { timeout: 10_000 }).toBeLessThan(32);
    }
    // Read to the end, a request body written and never finished, every part dropped: all given back.
    expect(await io(`W4:${4 * MAX_HTTP_REQUESTS}`)).toEqual({ text: String(2 * 4 * MAX_HTTP_REQUESTS), isError: false });
    expect(await io(`G4:${4 * MAX_HTTP_REQUESTS}`)).toEqual({ text: String(2 * 4 * MAX_HTTP_REQUESTS), isError: false });
  }, 60_000);
});

describe('streams on preview2-shim', () => {
  it('read at most 16 KiB at a time, however much is asked: the shim buffers no more', async () => {
    const before = rss(server.pid);
    // 50 reads of u64 max from an endless body: the largest read. Before: 8 MB, then 64 MB, up to 1 GB.
    expect(await io('M2:50')).toEqual({ text: '16384', isError: false });
    expect(rss(server.pid) - before).toBeLessThan(64 * MiB);
  });

  it('trap write-zeroes of more than a write may carry, before the shim allocates it', async () => {
    expect(await io('Z0:4000000000')).toEqual(trapped('write-zeroes of more than check-write permits'));
    expect(await io('G4:1')).toEqual({ text: '2', isError: false });
  });
});

describe('pollables on preview2-shim', () => {
  it(`count among the ${MAX_HANDLES} handles a guest may hold`, async () => {
    expect(await io(`S0:${MAX_HANDLES + 10}`)).toEqual(trapped(`the component holds ${MAX_HANDLES} handles`));
    expect(await io('G4:1')).toEqual({ text: '2', isError: false });
  }, 60_000);
});
