/**
 * Grants and limits from where users write them (flags of `mcp-host run`
 * and a policy file) to one SandboxPolicy and Limits. Every problem is a
 * UserError that names the flag or the file field and the fix.
 *
 * Policy file (JSON, one per component; relative paths are relative to it):
 *
 *   {
 *     "dirs": [{ "host": "./data", "guest": "/data", "writable": false }],
 *     "env": { "API_URL": "https://api.example.com", "API_KEY": true },
 *     "allowHosts": ["api.example.com", "*.example.org"],
 *     "args": ["/data"],
 *     "limits": { "maxMemory": "256M", "maxTableElements": 100000, "timeoutMs": 30000,
 *                 "startTimeoutMs": 15000, "maxResultBytes": "16M" }
 *   }
 *
 * `"NAME": true` passes the host's value of NAME. Flags add to the file;
 * a limit given as a flag wins over the file's.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import * as z from 'zod/v4';
import { UserError } from '../errors.js';
import { confinementUnavailable } from './fs/platform.js';
import { defaultLimits, denyAllPolicy, type DirGrant, type Limits, type SandboxPolicy } from './policy.js';

export interface GrantOptions {
  policy?: string;
  /** `host[::guest]`, read-only. */
  dir?: string[];
  /** `host[::guest]`, writable. */
  dirRw?: string[];
  /** `NAME` (the host's value) or `NAME=value`. */
  env?: string[];
  /** `NAME`: the host's value when it is set; absent (not an error) otherwise. */
  envOptional?: string[];
  allowHost?: string[];
  /** The component's arguments (after `--` on the command line). */
  args?: string[];
  /** Bytes, or with a K/M/G suffix. */
  maxMemory?: string;
  maxTableElements?: string;
  timeout?: string;
  startTimeout?: string;
  maxResultBytes?: string;
}

const size = z.union([z.number().int().positive(), z.string()]);
const PolicyFile = z
  .object({
    dirs: z.array(z.object({ host: z.string(), guest: z.string().optional(), writable: z.boolean().optional() }).strict()).optional(),
    env: z.record(z.string(), z.union([z.string(), z.literal(true)])).optional(),
    allowHosts: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
    limits: z
      .object({
        maxMemory: size.optional(),
        maxTableElements: z.number().int().positive().optional(),
        timeoutMs: z.number().positive().optional(),
        startTimeoutMs: z.number().positive().optional(),
        maxResultBytes: size.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** A policy written inline (a manifest's), with where its relative paths start. */
export interface InlinePolicy {
  policy: unknown;
  /** Directory relative host paths are resolved against. */
  base: string;
  /** For messages: where the policy was written. */
  where: string;
}

export async function resolveSandbox(
  label: string,
  opts: GrantOptions,
  hostEnv: NodeJS.ProcessEnv = process.env,
  inline?: InlinePolicy,
): Promise<{ policy: SandboxPolicy; limits: Limits }> {
  const policy = denyAllPolicy(label);
  const limits = defaultLimits();

  if (inline) await applyPolicy(policy, limits, checkPolicy(inline.policy, inline.where), inline.base, inline.where, hostEnv);
  if (opts.policy) {
    const file = await readPolicyFile(opts.policy);
    await applyPolicy(policy, limits, file, dirname(resolve(opts.policy)), opts.policy, hostEnv);
  }

  for (const spec of opts.dir ?? []) policy.dirs.push(await dirFlag(spec, false));
  for (const spec of opts.dirRw ?? []) policy.dirs.push(await dirFlag(spec, true));
  for (const spec of opts.env ?? []) {
    const eq = spec.indexOf('=');
    if (eq === 0) throw new UserError(`--env "${spec}" has no variable name`, 'Use --env NAME or --env NAME=value');
    if (eq > 0) policy.env[spec.slice(0, eq)] = spec.slice(eq + 1);
    else policy.env[spec] = hostValue(spec, hostEnv, `--env ${spec}`);
  }
  for (const name of opts.envOptional ?? []) {
    if (name.length === 0 || name.includes('=')) throw new UserError(`--env-optional "${name}" is not a variable name`, 'Use --env-optional NAME (or --env NAME=value for a fixed value)');
    const value = hostEnv[name];
    if (value !== undefined) policy.env[name] = value;
  }
  policy.allowHosts.push(...(opts.allowHost ?? []).map((h) => checkHostPattern(h, '--allow-host')));
  policy.args.push(...(opts.args ?? []));
  if (opts.maxMemory !== undefined) policy.maxMemoryBytes = parseSize(opts.maxMemory, '--max-memory');
  if (opts.maxTableElements !== undefined) policy.maxTableElements = parseCount(opts.maxTableElements, '--max-table-elements');
  if (opts.timeout !== undefined) limits.timeoutMs = parsePositive(opts.timeout, '--timeout', 'milliseconds');
  if (opts.startTimeout !== undefined) limits.startTimeoutMs = parsePositive(opts.startTimeout, '--start-timeout', 'milliseconds');
  if (opts.maxResultBytes !== undefined) limits.maxResultBytes = parseSize(opts.maxResultBytes, '--max-result-bytes');

  const unavailable = policy.dirs.length > 0 ? confinementUnavailable() : undefined;
  if (unavailable) throw new UserError(`${unavailable}: mcp-host confines a granted directory with /proc/self/fd`, 'Run mcp-host on Linux to grant directories, or grant none');
  const guests = new Set<string>();
  for (const d of policy.dirs) {
    if (guests.has(d.guest)) throw new UserError(`two directories are granted at guest path ${d.guest}`, 'Give each a different ::guest path');
    guests.add(d.guest);
  }
  await checkOverlaps(policy.dirs);
  return { policy, limits };
}

async function applyPolicy(
  policy: SandboxPolicy,
  limits: Limits,
  file: z.infer<typeof PolicyFile>,
  base: string,
  where: string,
  hostEnv: NodeJS.ProcessEnv,
): Promise<void> {
  for (const d of file.dirs ?? []) policy.dirs.push(await dirGrant(resolve(base, d.host), d.guest, d.writable ?? false, `${where}: dirs`));
  for (const [name, value] of Object.entries(file.env ?? {})) {
    policy.env[name] = value === true ? hostValue(name, hostEnv, `${where}: env.${name}`) : value;
  }
  policy.allowHosts.push(...(file.allowHosts ?? []).map((h) => checkHostPattern(h, `${where}: allowHosts`)));
  policy.args.push(...(file.args ?? []));
  if (file.limits?.maxMemory !== undefined) policy.maxMemoryBytes = parseSize(file.limits.maxMemory, `${where}: limits.maxMemory`);
  if (file.limits?.maxTableElements !== undefined) policy.maxTableElements = file.limits.maxTableElements;
  if (file.limits?.timeoutMs !== undefined) limits.timeoutMs = file.limits.timeoutMs;
  if (file.limits?.startTimeoutMs !== undefined) limits.startTimeoutMs = file.limits.startTimeoutMs;
  if (file.limits?.maxResultBytes !== undefined) limits.maxResultBytes = parseSize(file.limits.maxResultBytes, `${where}: limits.maxResultBytes`);
}

/** Validate a policy (file or inline); the error names the field. */
function checkPolicy(json: unknown, where: string): z.infer<typeof PolicyFile> {
  const parsed = PolicyFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${where}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`, 'See "Security model" in README.md for the format');
  }
  return parsed.data;
}

async function readPolicyFile(path: string): Promise<z.infer<typeof PolicyFile>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read policy file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`policy file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return checkPolicy(json, `policy file ${path}`);
}

async function dirFlag(spec: string, writable: boolean): Promise<DirGrant> {
  const flag = writable ? '--dir-rw' : '--dir';
  const [host = '', guest, extra] = spec.split('::');
  if (!host || extra !== undefined) throw new UserError(`${flag} "${spec}" is not host[::guest]`, `Example: ${flag} ./data::/data`);
  return dirGrant(resolve(host), guest, writable, flag);
}

async function dirGrant(host: string, guest: string | undefined, writable: boolean, where: string): Promise<DirGrant> {
  let real: string;
  try {
    real = await realpath(host);
    if (!(await stat(real)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new UserError(`${where}: ${host} is not a directory`, 'Grant an existing directory');
  }
  const guestPath = guest ?? host;
  if (!isAbsolute(guestPath)) throw new UserError(`${where}: guest path "${guestPath}" must be absolute`, 'Example: ./data::/data');
  const grant: DirGrant = { host: real, guest: guestPath, writable };
  grantedBy.set(grant, where);
  return grant;
}

/** Where each grant was written (the flag, or the policy's field), for messages. */
const grantedBy = new WeakMap<DirGrant, string>();

function describeGrant(d: DirGrant): string {
  return `${d.host} (at ${d.guest}, ${d.writable ? 'writable' : 'read-only'}, from ${grantedBy.get(d) ?? 'a grant'})`;
}

/**
 * Refuse grants another grant undoes: a read-only directory that is, or is
 * inside, a writable one would be writable through it; and one directory
 * granted twice is at best a mistake. Directories are compared by device
 * and inode, not by path, so a bind mount or a second name is caught too.
 * (A writable directory inside a read-only one is fine: it is meant.)
 */
async function checkOverlaps(dirs: readonly DirGrant[]): Promise<void> {
  const seen = new Map<string, DirGrant>();
  for (const d of dirs) {
    const id = await dirId(d.host);
    const twice = id && seen.get(id);
    if (twice) {
      throw new UserError(`a directory is granted twice: ${describeGrant(twice)} and ${describeGrant(d)}`, 'Grant each directory once (writable if the component must write it)');
    }
    if (id) seen.set(id, d);
  }
  const writable = new Map([...seen].filter(([, d]) => d.writable));
  for (const ro of dirs.filter((d) => !d.writable)) {
    for (let dir = ro.host, parent = dirname(dir); parent !== dir; dir = parent, parent = dirname(dir)) {
      const id = await dirId(parent);
      const rw = id && writable.get(id);
      if (rw) {
        throw new UserError(
          `${describeGrant(ro)} is inside ${describeGrant(rw)}, so the component could write it at ${join(rw.guest, relative(parent, ro.host))}`,
          'Drop the read-only grant, or grant writable only directories that do not contain it',
        );
      }
    }
  }
}

/** A directory's device and inode, or undefined if it cannot be read (nothing to compare). */
async function dirId(path: string): Promise<string | undefined> {
  try {
    const st = await stat(path, { bigint: true });
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

function hostValue(name: string, env: NodeJS.ProcessEnv, where: string): string {
  const value = env[name];
  if (value === undefined) throw new UserError(`${where}: ${name} is not set in mcp-host's environment`, `Set it, or pass ${name}=value`);
  return value;
}

function checkHostPattern(pattern: string, where: string): string {
  if (!/^(\*\.)?[a-z0-9.-]+(:\d+)?$|^\[[0-9a-f:]+\](:\d+)?$/i.test(pattern)) {
    throw new UserError(`${where} "${pattern}" is not a host name`, 'Use example.com, *.example.com or 127.0.0.1:8080 (no scheme or path)');
  }
  return pattern;
}

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

export function parseSize(value: string | number, where: string): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?$/i.exec(value.trim());
  if (!m) throw new UserError(`${where} "${value}" is not a size`, 'Use bytes or a K, M or G suffix, e.g. 256M');
  const bytes = Math.floor(Number(m[1]) * UNITS[m[2]!.toUpperCase()]!);
  if (bytes <= 0) throw new UserError(`${where} must be more than 0`);
  return bytes;
}

function parseCount(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UserError(`${flag} must be a positive whole number, not "${value}"`);
  return n;
}

function parsePositive(value: string, flag: string, unit: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${flag} must be a positive number of ${unit}, not "${value}"`);
  return n;
}
