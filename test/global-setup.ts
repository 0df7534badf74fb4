/** Build every fixture component with the real CLI before the tests run. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { buildDir, cliPath, componentPath, FIXTURES, root, type Fixture, type FixtureName } from './helpers/fixtures.js';

const run = promisify(execFile);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function inputsKey(fixture: Fixture): string {
  const hash = createHash('sha256');
  const inputs = [
    join(root, fixture.entry),
    // An example's other modules (components/<name>/) are bundled with its entry.
    ...(fixture.entry.startsWith('components/') ? filesUnder(join(root, dirname(fixture.entry))) : []),
    ...filesUnder(join(root, 'components', 'guest')),
    ...filesUnder(join(root, 'wit')),
    // The toolchain itself: a change to how components are built rebuilds them.
    ...filesUnder(join(root, 'dist', 'host', 'toolchain')).filter((f) => f.endsWith('.js')),
    ...(fixture.wit ? filesUnder(join(root, fixture.wit)) : []),
  ];
  // Paths relative to the checkout: a copy of test/.build stays valid in another clone or worktree.
  for (const file of [...new Set(inputs)].sort()) hash.update(relative(root, file)).update(readFileSync(file));
  hash.update(readFileSync(join(root, 'package-lock.json')));
  hash.update(JSON.stringify(fixture));
  return hash.digest('hex');
}

async function build(name: FixtureName, fixture: Fixture): Promise<void> {
  const out = componentPath(name);
  const keyFile = `${out}.key`;
  const key = inputsKey(fixture);
  if (existsSync(out) && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) return;
  const args = [
    cliPath,
    'build',
    join(root, fixture.entry),
    '-o',
    out,
    '--world',
    fixture.world ?? 'mcp-backend',
    ...(fixture.wit ? ['--wit', join(root, fixture.wit)] : []),
    ...(fixture.extraArgs ?? []),
  ];
  try {
    await run(process.execPath, args, { cwd: root });
  } catch (err) {
    throw new Error(`building fixture ${name} failed:\n${(err as { stderr?: string }).stderr ?? String(err)}`);
  }
  writeFileSync(keyFile, key);
}

export default async function setup(): Promise<void> {
  if (!existsSync(cliPath)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  mkdirSync(buildDir, { recursive: true });
  const queue = Object.entries(FIXTURES) as [FixtureName, Fixture][];
  // Two at a time: each build is one busy core for 5-15 s.
  const workers = [0, 1].map(async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await build(...next);
  });
  await Promise.all(workers);
}
