/** 2026-07-28 over HTTP for tests: raw requests as the spec has them, and a pinned v2 SDK client. */
import { request } from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

export const MODERN = '2026-07-28';
export const ACCEPT = 'application/json, text/event-stream';

/** The per-request envelope every 2026 request carries in `params._meta`. */
export const envelope = (capabilities: object = {}) => ({
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientCapabilities': capabilities,
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '0' },
});

/** A 2026 request body and the headers the spec requires with it (Mcp-Name from params.name or params.uri). */
export function modernRequest(method: string, params: Record<string, unknown> = {}, id: number | string = 1) {
  const name = typeof params.name === 'string' ? params.name : typeof params.uri === 'string' ? params.uri : undefined;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: ACCEPT, 'mcp-protocol-version': MODERN, 'mcp-method': method };
  if (name !== undefined) headers['mcp-name'] = name;
  const body = JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: { ...envelope(), ...(params._meta as object | undefined) } } });
  return { headers, body };
}

/** POST a 2026 request with fetch; `headers` override or add to the spec's. */
export function postModern(url: string, method: string, params: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Response> {
  const made = modernRequest(method, params);
  return fetch(url, { method: 'POST', headers: { ...made.headers, ...headers }, body: made.body });
}

/** POST with a Host header of our choosing (fetch will not send one). */
export function postWithHost(url: string, host: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, host } });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A v2 SDK client pinned to 2026-07-28 (no initialize, no session). */
export async function modernClient(url: string): Promise<Client> {
  const client = new Client({ name: 'modern-test', version: '0.0.0' }, { capabilities: {}, versionNegotiation: { mode: { pin: MODERN } } });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}
