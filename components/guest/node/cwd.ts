/** The component's working directory: `/` (WASI gives none), moved by process.chdir. */
let current = '/';
export const cwd = (): string => current;
export const setCwd = (path: string): void => {
  current = path;
};
