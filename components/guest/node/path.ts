/**
 * Node's `path`: path-browserify, a port of Node's own POSIX `path` (guest
 * paths are POSIX). Not pathe: it rewrites backslashes to slashes, which a
 * POSIX filesystem does not, so a server's path checks would see another
 * path than the one WASI opens. `resolve` starts at process.cwd().
 */
import pathBrowserify, { type PathModule } from 'path-browserify';

export type { PathModule };
export const posix: PathModule = pathBrowserify;
const path = Object.assign(Object.create(posix) as PathModule, { posix, win32: posix, default: posix });
export default path;
export const { join, resolve, dirname, basename, extname, normalize, isAbsolute, relative, sep, delimiter, parse, format } = posix;
export const toNamespacedPath = (p: string): string => p;
/** There are no Windows paths in a component; code that asks for win32 gets POSIX. */
export const win32: PathModule = posix;
