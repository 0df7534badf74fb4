/**
 * What `mcp-host build` writes into a component for the host to read: a
 * custom section. `mcp-host:server-checks` marks a component whose own MCP
 * server checks every request (an unchanged SDK server, node/bridge.ts):
 * the host relays requests to it as they came, without its own checks of
 * names, arguments and results, so that answers are the server's. Those
 * checks serve the client, not the sandbox; a component that marks itself
 * only gives up the host's help with its own requests.
 */
import { concat, customSectionNames, writeLeb } from './wasm-binary.js';

export const SERVER_CHECKS_SECTION = 'mcp-host:server-checks';

export function withServerChecksMark(component: Uint8Array): Uint8Array {
  const name = new TextEncoder().encode(SERVER_CHECKS_SECTION);
  const content = concat([writeLeb(name.length), name, new TextEncoder().encode('{"version":1}')]);
  return concat([component, Uint8Array.of(0), writeLeb(content.length), content]);
}

export const checksItsOwnRequests = (component: Uint8Array): boolean => customSectionNames(component).includes(SERVER_CHECKS_SECTION);
