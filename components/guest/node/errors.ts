/**
 * Node's errors for the Node layer: an Error with `code`, `errno`,
 * `syscall` and `path`, worded as Node words it (`ENOENT: no such file or
 * directory, open '/x'`), so a server's `err.code === 'ENOENT'` branches run
 * as they do under Node.
 */
import type { ErrorCode } from 'wasi:filesystem/types@0.2.3';

const ERRNO: Record<string, [errno: number, text: string]> = {
  ENOENT: [-2, 'no such file or directory'],
  EACCES: [-13, 'permission denied'],
  EEXIST: [-17, 'file already exists'],
  ENOTDIR: [-20, 'not a directory'],
  EISDIR: [-21, 'illegal operation on a directory'],
  EINVAL: [-22, 'invalid argument'],
  ENOTEMPTY: [-39, 'directory not empty'],
  EROFS: [-30, 'read-only file system'],
  EPERM: [-1, 'operation not permitted'],
  ELOOP: [-40, 'too many symbolic links encountered'],
  ENAMETOOLONG: [-36, 'name too long'],
  EBADF: [-9, 'bad file descriptor'],
  EXDEV: [-18, 'cross-device link not permitted'],
  ENOSPC: [-28, 'no space left on device'],
  EDQUOT: [-122, 'disk quota exceeded'],
  EFBIG: [-27, 'file too large'],
  EBUSY: [-16, 'resource busy or locked'],
  EIO: [-5, 'i/o error'],
  ENOTSUP: [-95, 'operation not supported on socket'],
  ENOSYS: [-38, 'function not implemented'],
  EMFILE: [-24, 'too many open files'],
  ENOMEM: [-12, 'not enough memory'],
};

/** WASI filesystem error-code → Node's code. */
const FROM_WASI: Partial<Record<ErrorCode, string>> = {
  'no-entry': 'ENOENT',
  access: 'EACCES',
  exist: 'EEXIST',
  'not-directory': 'ENOTDIR',
  'is-directory': 'EISDIR',
  invalid: 'EINVAL',
  'not-empty': 'ENOTEMPTY',
  'read-only': 'EROFS',
  'not-permitted': 'EPERM',
  loop: 'ELOOP',
  'name-too-long': 'ENAMETOOLONG',
  'bad-descriptor': 'EBADF',
  'cross-device': 'EXDEV',
  'insufficient-space': 'ENOSPC',
  quota: 'EDQUOT',
  'file-too-large': 'EFBIG',
  busy: 'EBUSY',
  io: 'EIO',
  unsupported: 'ENOTSUP',
  'insufficient-memory': 'ENOMEM',
};

export interface NodeError extends Error {
  code: string;
  errno: number;
  syscall: string;
  path?: string;
  dest?: string;
}

export function nodeError(code: string, syscall: string, path?: string, dest?: string): NodeError {
  const [errno, text] = ERRNO[code] ?? [-5, code.toLowerCase()];
  const where = path === undefined ? '' : dest === undefined ? ` '${path}'` : ` '${path}' -> '${dest}'`;
  const err = new Error(`${code}: ${text}, ${syscall}${where}`) as NodeError;
  err.code = code;
  err.errno = errno;
  err.syscall = syscall;
  if (path !== undefined) err.path = path;
  if (dest !== undefined) err.dest = dest;
  return err;
}

/** What a WASI call threw (jco: an Error whose `payload` is the error-code) → Node's error. */
export function fromWasi(err: unknown, syscall: string, path?: string, dest?: string): NodeError {
  if (err instanceof Error && typeof (err as Partial<NodeError>).errno === 'number') return err as NodeError;
  const payload = (err as { payload?: unknown } | undefined)?.payload;
  const code = typeof payload === 'string' ? (FROM_WASI[payload as ErrorCode] ?? 'EIO') : 'EIO';
  return nodeError(code, syscall, path, dest);
}
