/** Node's `url`: the WHATWG URL the engine has, and the file: URL helpers. */
import { posix } from './path.js';
import { cwd } from './cwd.js';

const WebURL = URL;
const WebURLSearchParams = URLSearchParams;
export { WebURL as URL, WebURLSearchParams as URLSearchParams };

export function fileURLToPath(url: string | URL): string {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  if (parsed.protocol !== 'file:') throw Object.assign(new TypeError('The URL must be of scheme file'), { code: 'ERR_INVALID_URL_SCHEME' });
  if (parsed.hostname !== '' && parsed.hostname !== 'localhost') throw Object.assign(new TypeError(`File URL host must be "localhost" or empty on linux`), { code: 'ERR_INVALID_FILE_URL_HOST' });
  if (/%2f/i.test(parsed.pathname)) throw Object.assign(new TypeError('File URL path must not include encoded / characters'), { code: 'ERR_INVALID_FILE_URL_PATH' });
  return decodeURIComponent(parsed.pathname);
}

export function pathToFileURL(path: string): URL {
  const absolute = posix.resolve(cwd(), path);
  const trailing = path.endsWith('/') && !absolute.endsWith('/') ? '/' : '';
  // Percent-encode what a URL path cannot hold literally (%, ?, #, newlines, …).
  const encoded = (absolute + trailing).replace(/[%?#\n\r\t\\]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
  return new URL(`file://${encodeURI(encoded).replace(/%25([0-9A-F]{2})/g, '%$1')}`);
}

/** The legacy `url.parse`, as far as a WHATWG URL answers it. */
export function parse(input: string) {
  const u = new URL(input);
  return { protocol: u.protocol, host: u.host, hostname: u.hostname, port: u.port || null, pathname: u.pathname, search: u.search || null, query: u.search.slice(1) || null, hash: u.hash || null, href: u.href, path: u.pathname + u.search };
}
export const format = (u: URL | { href?: string }): string => String((u as { href?: string }).href ?? u);
export default { URL: WebURL, URLSearchParams: WebURLSearchParams, fileURLToPath, pathToFileURL, parse, format };
