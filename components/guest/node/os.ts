/** Node's `os`: the host is not the guest's to see, so only what a POSIX guest can say without asking. */
import process from './process.js';

export const EOL = '\n';
export const devNull = '/dev/null';
export const homedir = (): string => process.env.HOME ?? '/';
export const tmpdir = (): string => process.env.TMPDIR ?? '/tmp';
export const platform = (): string => 'linux';
export const type = (): string => 'Linux';
export const arch = (): string => 'wasm32';
export const machine = (): string => 'wasm32';
export const release = (): string => '';
export const version = (): string => '';
export const hostname = (): string => 'localhost';
export const endianness = (): string => 'LE';
export const uptime = (): number => 0;
export const loadavg = (): number[] => [0, 0, 0];
export const totalmem = (): number => 0;
export const freemem = (): number => 0;
export const availableParallelism = (): number => 1;
export const cpus = (): unknown[] => [];
export const networkInterfaces = (): Record<string, unknown[]> => ({});
export const userInfo = () => ({ username: process.env.USER ?? '', uid: 0, gid: 0, shell: null, homedir: homedir() });
export const constants = { signals: {}, errno: {}, priority: {} };
export default { EOL, devNull, homedir, tmpdir, platform, type, arch, machine, release, version, hostname, endianness, uptime, loadavg, totalmem, freemem, availableParallelism, cpus, networkInterfaces, userInfo, constants };
