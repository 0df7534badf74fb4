/** Node's `fs/promises`: the `promises` of fs.ts. */
import { promises } from './fs.js';

export const { readFile, writeFile, appendFile, stat, lstat, readdir, mkdir, rm, rmdir, unlink, rename, copyFile, access, realpath, readlink, symlink, chmod, utimes, open, constants } =
  promises;
export default promises;
