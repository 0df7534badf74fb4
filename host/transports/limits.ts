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

/** The error message for a message over the cap. */
export function messageTooLarge(limit: number): string {
  return `Invalid Request: message larger than the maximum of ${limit} bytes, refused (raise it with --max-message-bytes)`;
}
