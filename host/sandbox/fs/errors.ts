/**
 * WASI filesystem error codes from Node errors. Every failure a guest sees is
 * one of wasi:filesystem's `error-code` strings: a Node Error is never passed
 * on, since its message names host paths (and an Error escaping an import
 * traps the instance instead of answering the call).
 */

export const ERROR_CODES = [
  'access',
  'would-block',
  'already',
  'bad-descriptor',
  'busy',
  'deadlock',
  'quota',
  'exist',
  'file-too-large',
  'illegal-byte-sequence',
  'in-progress',
  'interrupted',
  'invalid',
  'io',
  'is-directory',
  'loop',
  'too-many-links',
  'message-size',
  'name-too-long',
  'no-device',
  'no-entry',
  'no-lock',
  'insufficient-memory',
  'insufficient-space',
  'not-directory',
  'not-empty',
  'not-recoverable',
  'unsupported',
  'no-tty',
  'no-such-device',
  'overflow',
  'not-permitted',
  'pipe',
  'read-only',
  'invalid-seek',
  'text-file-busy',
  'cross-device',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const BY_ERRNO: Record<string, ErrorCode> = {
  EACCES: 'access',
  EAGAIN: 'would-block',
  EWOULDBLOCK: 'would-block',
  EALREADY: 'already',
  EBADF: 'bad-descriptor',
  EBUSY: 'busy',
  EDEADLK: 'deadlock',
  EDQUOT: 'quota',
  EEXIST: 'exist',
  EFBIG: 'file-too-large',
  EILSEQ: 'illegal-byte-sequence',
  EINPROGRESS: 'in-progress',
  EINTR: 'interrupted',
  EINVAL: 'invalid',
  EIO: 'io',
  EISDIR: 'is-directory',
  ELOOP: 'loop',
  EMLINK: 'too-many-links',
  EMSGSIZE: 'message-size',
  ENAMETOOLONG: 'name-too-long',
  ENODEV: 'no-device',
  ENOENT: 'no-entry',
  ENOLCK: 'no-lock',
  ENOMEM: 'insufficient-memory',
  ENOSPC: 'insufficient-space',
  ENOTDIR: 'not-directory',
  ENOTEMPTY: 'not-empty',
  ENOTRECOVERABLE: 'not-recoverable',
  ENOTSUP: 'unsupported',
  EOPNOTSUPP: 'unsupported',
  ENOTTY: 'no-tty',
  ENXIO: 'no-such-device',
  EOVERFLOW: 'overflow',
  EPERM: 'not-permitted',
  EPIPE: 'pipe',
  EROFS: 'read-only',
  ESPIPE: 'invalid-seek',
  ETXTBSY: 'text-file-busy',
  EXDEV: 'cross-device',
  // The host ran out of descriptors: the guest hears it as a resource limit.
  EMFILE: 'insufficient-memory',
  ENFILE: 'insufficient-memory',
};

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** Is `value` already a WASI error code (thrown by this module's own checks)? */
export const isErrorCode = (value: unknown): value is ErrorCode => typeof value === 'string' && CODES.has(value);

/** The WASI error code for anything thrown while serving a filesystem call. */
export function toErrorCode(err: unknown): ErrorCode {
  if (isErrorCode(err)) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    const mapped = BY_ERRNO[code];
    if (mapped) return mapped;
    // Node's own argument checks (a NUL byte in a name, a size out of range).
    if (code.startsWith('ERR_')) return 'invalid';
  }
  return 'io';
}

/** Run `fn`; whatever it throws leaves as a WASI error code (jco makes it the call's `err`). */
export function wasi<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toErrorCode(err);
  }
}
