/**
 * mcp-host as a user gets it: the tarball `npm pack` makes, installed by
 * npm into a project of the user's own (a CommonJS one, as `npm init -y`
 * writes) or globally into a prefix. An installation is kept under
 * test/.build/install keyed by the tarball's bytes and the Node and npm
 * versions (npm pack is deterministic), since installing takes 20-30 s;
 * CI starts clean and installs.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDir, root } from '../helpers/fixtures.js';
import { npm } from '../helpers/npm.js';

/** A CommonJS package with only "main" (no "module", no "exports"), like ajv. */
function writeMainOnlyPackage(dir: string): void {
  mkdirSync(join(dir, 'lib'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'greeter', version: '1.0.0', main: 'lib/index.js' }));
  writeFileSync(join(dir, 'lib', 'index.js'), "module.exports = { greet: (who) => 'hello ' + who + ' from greeter' };\n");
}

const commonjsProject = (dir: string, name: string): void => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'commonjs', private: true }, null, 2));
};

export interface Installation {
  /** A CommonJS project with mcp-host installed from the tarball, then a second package. */
  project: string;
  /** A global install's prefix: `<prefix>/bin/mcp-host`. */
  prefix: string;
  /** Seconds the installs took (0 when reused). */
  seconds: { local: number; global: number };
}

/** Pack this checkout (its dist/ as built) and install the tarball both ways, or reuse such installs. */
export async function installed(): Promise<Installation> {
  const packDir = join(buildDir, 'install', 'pack');
  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir, { recursive: true });
  // --ignore-scripts: dist/ is built already (npm test builds first); `prepare` would rebuild it.
  await npm(root, ['pack', '--ignore-scripts', '--pack-destination', packDir]);
  const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  const bytes = readFileSync(join(packDir, tarball));
  const npmVersion = (await npm(root, ['--version'])).trim();
  const key = createHash('sha256').update(bytes).update(`${process.version}\0${npmVersion}`).digest('hex').slice(0, 24);
  const dir = join(buildDir, 'install', key);
  const done = { project: join(dir, 'project'), prefix: join(dir, 'prefix') };
  if (existsSync(join(dir, 'complete'))) return { ...done, seconds: { local: 0, global: 0 } };

  // Built in a staging directory of the same shape, renamed into place when complete
  // (the project's dependency is `file:../<tarball>`, relative).
  const staging = `${dir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, tarball), bytes);
  const project = join(staging, 'project');
  commonjsProject(project, 'user-project');
  let started = performance.now();
  await npm(project, ['install', `../${tarball}`]);
  // A second install: it prunes what the first left extraneous (a copy of
  // preview2-shim componentize-js happened to find, before).
  writeMainOnlyPackage(join(project, 'greeter'));
  await npm(project, ['install', './greeter']);
  const local = (performance.now() - started) / 1000;
  started = performance.now();
  await npm(staging, ['install', '-g', '--prefix', join(staging, 'prefix'), `./${tarball}`]);
  const global = (performance.now() - started) / 1000;
  writeFileSync(join(staging, 'complete'), '');
  // One kept installation is enough (each is ~400 MB): drop those of older tarballs.
  for (const old of readdirSync(join(buildDir, 'install'))) {
    if (old !== 'pack' && join(buildDir, 'install', old) !== staging) rmSync(join(buildDir, 'install', old), { recursive: true, force: true });
  }
  renameSync(staging, dir);
  return { ...done, seconds: { local, global } };
}

export { commonjsProject };
