/// <reference path="./interfaces/wasi-cli-environment.d.ts" />
/// <reference path="./interfaces/wasi-cli-exit.d.ts" />
/// <reference path="./interfaces/wasi-cli-run.d.ts" />
/// <reference path="./interfaces/wasi-cli-stderr.d.ts" />
/// <reference path="./interfaces/wasi-cli-stdin.d.ts" />
/// <reference path="./interfaces/wasi-cli-stdout.d.ts" />
/// <reference path="./interfaces/wasi-cli-terminal-input.d.ts" />
/// <reference path="./interfaces/wasi-cli-terminal-output.d.ts" />
/// <reference path="./interfaces/wasi-cli-terminal-stderr.d.ts" />
/// <reference path="./interfaces/wasi-cli-terminal-stdin.d.ts" />
/// <reference path="./interfaces/wasi-cli-terminal-stdout.d.ts" />
/// <reference path="./interfaces/wasi-clocks-monotonic-clock.d.ts" />
/// <reference path="./interfaces/wasi-clocks-wall-clock.d.ts" />
/// <reference path="./interfaces/wasi-filesystem-preopens.d.ts" />
/// <reference path="./interfaces/wasi-filesystem-types.d.ts" />
/// <reference path="./interfaces/wasi-io-error.d.ts" />
/// <reference path="./interfaces/wasi-io-poll.d.ts" />
/// <reference path="./interfaces/wasi-io-streams.d.ts" />
/// <reference path="./interfaces/wasi-mcp-capabilities.d.ts" />
/// <reference path="./interfaces/wasi-mcp-client.d.ts" />
/// <reference path="./interfaces/wasi-mcp-content.d.ts" />
/// <reference path="./interfaces/wasi-mcp-handlers.d.ts" />
/// <reference path="./interfaces/wasi-mcp-runtime.d.ts" />
/// <reference path="./interfaces/wasi-mcp-types.d.ts" />
/// <reference path="./interfaces/wasi-random-insecure-seed.d.ts" />
/// <reference path="./interfaces/wasi-random-insecure.d.ts" />
/// <reference path="./interfaces/wasi-random-random.d.ts" />
/// <reference path="./interfaces/wasi-sockets-instance-network.d.ts" />
/// <reference path="./interfaces/wasi-sockets-ip-name-lookup.d.ts" />
/// <reference path="./interfaces/wasi-sockets-network.d.ts" />
/// <reference path="./interfaces/wasi-sockets-tcp-create-socket.d.ts" />
/// <reference path="./interfaces/wasi-sockets-tcp.d.ts" />
/// <reference path="./interfaces/wasi-sockets-udp-create-socket.d.ts" />
/// <reference path="./interfaces/wasi-sockets-udp.d.ts" />
declare module 'wasi:mcp/mcp-proxy@0.1.0' {
  export type * as WasiCliEnvironment023 from 'wasi:cli/environment@0.2.3'; // import wasi:cli/environment@0.2.3
  export type * as WasiCliExit023 from 'wasi:cli/exit@0.2.3'; // import wasi:cli/exit@0.2.3
  export type * as WasiCliStderr023 from 'wasi:cli/stderr@0.2.3'; // import wasi:cli/stderr@0.2.3
  export type * as WasiCliStdin023 from 'wasi:cli/stdin@0.2.3'; // import wasi:cli/stdin@0.2.3
  export type * as WasiCliStdout023 from 'wasi:cli/stdout@0.2.3'; // import wasi:cli/stdout@0.2.3
  export type * as WasiCliTerminalInput023 from 'wasi:cli/terminal-input@0.2.3'; // import wasi:cli/terminal-input@0.2.3
  export type * as WasiCliTerminalOutput023 from 'wasi:cli/terminal-output@0.2.3'; // import wasi:cli/terminal-output@0.2.3
  export type * as WasiCliTerminalStderr023 from 'wasi:cli/terminal-stderr@0.2.3'; // import wasi:cli/terminal-stderr@0.2.3
  export type * as WasiCliTerminalStdin023 from 'wasi:cli/terminal-stdin@0.2.3'; // import wasi:cli/terminal-stdin@0.2.3
  export type * as WasiCliTerminalStdout023 from 'wasi:cli/terminal-stdout@0.2.3'; // import wasi:cli/terminal-stdout@0.2.3
  export type * as WasiClocksMonotonicClock023 from 'wasi:clocks/monotonic-clock@0.2.3'; // import wasi:clocks/monotonic-clock@0.2.3
  export type * as WasiClocksWallClock023 from 'wasi:clocks/wall-clock@0.2.3'; // import wasi:clocks/wall-clock@0.2.3
  export type * as WasiFilesystemPreopens023 from 'wasi:filesystem/preopens@0.2.3'; // import wasi:filesystem/preopens@0.2.3
  export type * as WasiFilesystemTypes023 from 'wasi:filesystem/types@0.2.3'; // import wasi:filesystem/types@0.2.3
  export type * as WasiIoError023 from 'wasi:io/error@0.2.3'; // import wasi:io/error@0.2.3
  export type * as WasiIoPoll023 from 'wasi:io/poll@0.2.3'; // import wasi:io/poll@0.2.3
  export type * as WasiIoStreams023 from 'wasi:io/streams@0.2.3'; // import wasi:io/streams@0.2.3
  export type * as WasiMcpCapabilities010 from 'wasi:mcp/capabilities@0.1.0'; // import wasi:mcp/capabilities@0.1.0
  export type * as WasiMcpClient010 from 'wasi:mcp/client@0.1.0'; // import wasi:mcp/client@0.1.0
  export type * as WasiMcpContent010 from 'wasi:mcp/content@0.1.0'; // import wasi:mcp/content@0.1.0
  export type * as WasiMcpRuntime010 from 'wasi:mcp/runtime@0.1.0'; // import wasi:mcp/runtime@0.1.0
  export type * as WasiMcpTypes010 from 'wasi:mcp/types@0.1.0'; // import wasi:mcp/types@0.1.0
  export type * as WasiRandomInsecureSeed023 from 'wasi:random/insecure-seed@0.2.3'; // import wasi:random/insecure-seed@0.2.3
  export type * as WasiRandomInsecure023 from 'wasi:random/insecure@0.2.3'; // import wasi:random/insecure@0.2.3
  export type * as WasiRandomRandom023 from 'wasi:random/random@0.2.3'; // import wasi:random/random@0.2.3
  export type * as WasiSocketsInstanceNetwork023 from 'wasi:sockets/instance-network@0.2.3'; // import wasi:sockets/instance-network@0.2.3
  export type * as WasiSocketsIpNameLookup023 from 'wasi:sockets/ip-name-lookup@0.2.3'; // import wasi:sockets/ip-name-lookup@0.2.3
  export type * as WasiSocketsNetwork023 from 'wasi:sockets/network@0.2.3'; // import wasi:sockets/network@0.2.3
  export type * as WasiSocketsTcpCreateSocket023 from 'wasi:sockets/tcp-create-socket@0.2.3'; // import wasi:sockets/tcp-create-socket@0.2.3
  export type * as WasiSocketsTcp023 from 'wasi:sockets/tcp@0.2.3'; // import wasi:sockets/tcp@0.2.3
  export type * as WasiSocketsUdpCreateSocket023 from 'wasi:sockets/udp-create-socket@0.2.3'; // import wasi:sockets/udp-create-socket@0.2.3
  export type * as WasiSocketsUdp023 from 'wasi:sockets/udp@0.2.3'; // import wasi:sockets/udp@0.2.3
  export * as handlers from 'wasi:mcp/handlers@0.1.0'; // export wasi:mcp/handlers@0.1.0
  export * as run from 'wasi:cli/run@0.2.3'; // export wasi:cli/run@0.2.3
}
