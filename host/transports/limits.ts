/**
 * What one client may make the host hold, whatever the transport: the
 * largest message it reads, and (over HTTP) how many sessions are open.
 */

/**
 * 16 MiB, the default cap on a result (--max-result-bytes) the other way:
 * far above any sensible request, and a message costs the host a few times
 * its size while it is parsed and handed to the component (~100 MiB at the
 * cap), so a client cannot push its RSS up by sending one huge line.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * 128: far more than one machine's clients need, and with an instance per
 * session (~30 MiB and two threads each) 128 of them is already ~4 GiB.
 */
export const DEFAULT_MAX_SESSIONS = 128;

/**
 * 128: 2026-07-28 requests in flight at once (the era has no sessions; each
 * request holds a Server instance, its connection and what waits for its
 * client, up to the backlog limit, so 128 of them weigh what 128 sessions
 * do), a listen stream counting as one while it is open.
 */
export const DEFAULT_MAX_MODERN_REQUESTS = 128;

/**
 * Requests read from a stdio client and not answered yet: past 4,096 of
 * them, or 4 messages' worth of their bytes (--max-message-bytes), the host
 * stops reading stdin until some are answered. Each holds its arguments
 * until it ends, and a client that writes faster than calls finish would
 * otherwise grow the host without bound (a pipe is backpressure enough).
 */
export const MAX_UNANSWERED_REQUESTS = 4096;
export const unansweredBytesBudget = (maxMessageBytes: number): number => 4 * maxMessageBytes;

/** The error message for a message over the cap. */
export function messageTooLarge(limit: number): string {
  return `Invalid Request: message larger than the maximum of ${limit} bytes, refused (raise it with --max-message-bytes)`;
}

/**
 * 16 MiB: what may wait for one client (a stdio client, an HTTP session) to
 * read it, written and not yet flushed. A component can send notifications
 * faster than a client reads, and a client can stop reading; past this,
 * notifications to it are dropped (best effort, as the runtime WIT says), and
 * over HTTP a stream that gets more is ended. Answers are capped on their own
 * (--max-result-bytes), so one always fits through an empty backlog.
 */
export const DEFAULT_MAX_BACKLOG_BYTES = 16 * 1024 * 1024;

/**
 * 1000: the most writes that may wait for one client, whatever their size:
 * each costs Node far more than its bytes (~1.8 KB measured for a 90-byte
 * list_changed event over HTTP).
 */
export const MAX_BACKLOG_WRITES = 1000;

/** Whether this much waiting is past the backlog limits. */
export const overBacklog = (writes: number, bytes: number, maxBytes: number): boolean => writes >= MAX_BACKLOG_WRITES || bytes >= maxBytes;

/** The log line when notifications are dropped (once a burst). */
export const notificationsDropped = (writes: number, bytes: number, maxBytes: number): string =>
  `notifications dropped: more than ${MAX_BACKLOG_WRITES} waiting, or ${maxBytes} bytes, for a client that does not keep up (${writes} writes, ${bytes} bytes)`;

/** Whether a message is a notification (no id): the only kind a transport may drop. */
export const isNotification = (message: object): boolean => 'method' in message && !('id' in message);

/** 60 s to send a whole request (headers and body): 16 MiB at ~300 KB/s; Node's default is 300 s. */
export const BODY_READ_TIMEOUT_MS = 60_000;

/** 30 s to send a request's headers. */
export const HEADERS_TIMEOUT_MS = 30_000;

/**
 * The list methods: their answers are as large as what the components
 * registered (up to 32 MiB each), so they are capped like a call's result
 * (--max-result-bytes), measured as sent.
 */
const LIST_METHODS = new Set(['tools/list', 'resources/list', 'resources/templates/list', 'prompts/list']);
export const isListRequest = (message: unknown): message is { id: string | number; method: string } => {
  const m = message as { id?: unknown; method?: unknown } | null;
  return typeof m === 'object' && m !== null && (typeof m.id === 'string' || typeof m.id === 'number') && typeof m.method === 'string' && LIST_METHODS.has(m.method);
};

/** 16 MiB: the default --max-result-bytes. */
export const DEFAULT_MAX_LIST_BYTES = 16 * 1024 * 1024;

/** The error answered instead of a list answer over the cap. */
export const listTooLarge = (id: string | number, bytes: number, limit: number) => ({
  jsonrpc: '2.0' as const,
  id,
  error: { code: -32603, message: `Internal error: the list is ${bytes} bytes, over the cap of ${limit} bytes (raise it with --max-result-bytes)` },
});

/**
 * The largest `subscriptions/listen` filter accepted (2026-07-28), bytes as
 * JSON: the SDK holds a listen's filter, every URI it names, for as long as
 * the listen is open (up to 1,024 listens on stdio, 64 over HTTP).
 */
export const MAX_LISTEN_FILTER_BYTES = 64 * 1024;

/** The size of a listen request's filter as JSON; 0 for any other message. */
export function listenFilterBytes(body: unknown): number {
  const request = body as { method?: unknown; params?: { notifications?: unknown } } | null;
  if (typeof request !== 'object' || request === null || request.method !== 'subscriptions/listen') return 0;
  return Buffer.byteLength(JSON.stringify(request.params?.notifications) ?? '');
}

export const listenFilterTooLarge = (bytes: number): string =>
  `Invalid params: the listen filter is ${bytes} bytes, over the ${MAX_LISTEN_FILTER_BYTES} a listen may hold; listen to fewer resources per listen`;

/**
 * The deepest a client's message may nest (arrays and objects). Deeper
 * JSON parses, but what walks it after (the SDK's schemas) recurses and
 * overflowed the stack at ~20,000 levels, answered as the host's own failure.
 * MCP messages nest a few levels; arguments a few more.
 */
export const MAX_MESSAGE_DEPTH = 256;

export const messageTooDeep = (): string => `Invalid Request: the message nests deeper than ${MAX_MESSAGE_DEPTH} levels`;
