/**
 * mcp-host as a library: each CLI command's twin, taking paths or bytes and
 * returning data. The CLI (cli/) is wiring over these.
 */
export { buildComponent, type BuildOptions, type BuildResult } from './toolchain/componentize.js';
export { buildFromModule, type ModuleBuildOptions, type ModuleBuildResult } from './toolchain/core-module.js';
export { transpileCached, type TranspiledComponent } from './toolchain/transpile.js';
export { describeComponent, type ComponentDescription } from './toolchain/describe.js';
export { writeGuestTypes } from './toolchain/guest-types.js';
export { composeComponents, type ComposeResult } from './compose/composer.js';
export { composeFile } from './compose/compose-file.js';
export { prepareComponents, startAssembly, type Assembly } from './compose/assemble.js';
export { readManifest, entriesFromPaths } from './compose/manifest.js';
export { resolveSandbox, type GrantOptions } from './sandbox/grants.js';
export type { SandboxPolicy, Limits } from './sandbox/policy.js';
export type { Backend, BackendNotification, CallContext } from './backend/backend.js';
export { createProtocolServer, forwardChanges, protocolFactory, type ProtocolOptions } from './protocol/server.js';
export { InputRequiredRounds, type InputRequiredOptions } from './protocol/input-required.js';
export { ResourceListens } from './protocol/listens.js';
export { serveStdio, StdioTransport } from './transports/stdio.js';
export { serveHttp, type HttpOptions, type Session } from './transports/http.js';
export { UserError } from './errors.js';
