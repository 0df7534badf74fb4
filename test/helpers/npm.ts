/** npm run from a test, as a user's shell would: without the outer `npm test`'s npm_* settings. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^npm_/i.test(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

export async function npm(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await exec('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd,
      env: cleanEnv(),
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    throw new Error(`npm ${args.join(' ')} in ${cwd} failed:\n${(err as { stderr?: string }).stderr ?? String(err)}`);
  }
}

