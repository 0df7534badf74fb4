/**
 * What bench/run.mjs reports: the metrics, issue 15's targets, the summary
 * of the rounds (median of the per-round values, ratio = median of the
 * per-round ratios to native, spread = min–max of those ratios), and the
 * table as text and as markdown.
 */
import { spread } from './lib.mjs';

export const KIND_LABELS = {
  native: 'native',
  v2: 'native on SDK v2',
  js: 'mcp-host + componentize-js',
  wat: 'mcp-host + WAT',
  deno: 'native under Deno',
};

/**
 * Every figure, in table order. `base`: the native figure a ratio is taken
 * against (default: the same key); `higher`: more is better; `ratio: false`:
 * no ratio (a percentage, or a figure native has no counterpart for).
 */
export function metrics(n) {
  return [
    { key: 'coldWarm', label: 'cold start to first answer, warm cache (ms)', digits: 0 },
    { key: 'coldEmpty', label: 'cold start, empty cache: first ever (ms)', digits: 0, base: 'coldWarm' },
    { key: 'echoRawP50', label: 'echo p50, raw JSON-RPC client (ms)', digits: 3 },
    { key: 'echoSdkP50', label: 'echo p50, SDK Client (ms)', digits: 3 },
    { key: 'echoSdkP99', label: 'echo p99, SDK Client (ms)', digits: 3 },
    { key: 'cpuEcho', label: 'server CPU per echo call, raw client, sequential (µs)', digits: 0 },
    { key: 'inFlight64', label: 'throughput, 64 calls in flight on one stdio session (calls/s)', digits: 0, higher: true },
    { key: 'cpuInFlight', label: 'server CPU per call, 64 in flight (µs)', digits: 0 },
    { key: 'result1MB', label: '1 MB result (ms)', digits: 1 },
    { key: 'result10MB', label: '10 MB result (ms)', digits: 0 },
    { key: 'arg1MB', label: '1 MB argument (ms)', digits: 1 },
    { key: 'arg10MB', label: '10 MB argument (ms)', digits: 0 },
    { key: 'http8', label: `Streamable HTTP, ${n.httpClients} sessions (calls/s)`, digits: 0, higher: true },
    { key: 'rssStart', label: 'RSS after start (MB)', digits: 1 },
    { key: 'rssCalls', label: `RSS after ${n.total.toLocaleString('en')} calls (MB)`, digits: 1 },
    { key: 'rssGrowth', label: `RSS growth, calls 1,000–2,500 → ${(n.total - 1500).toLocaleString('en')}–${n.total.toLocaleString('en')} (%)`, digits: 1, ratio: false },
    { key: 'rssPeak', label: 'peak RSS, after the 10 MB calls (MB)', digits: 0 },
    // Absolute (the target is in MB): a ratio to native's fraction of a MB would be mostly native's noise.
    { key: 'perSessionMB', label: 'RSS per added HTTP session, `--instances per-session` (MB)', digits: 2, ratio: false },
    { key: 'buildSeconds', label: '`mcp-host build`, one build (s)', digits: 1, ratio: false },
    { key: 'componentMB', label: 'component size (MB)', digits: 3, ratio: false },
  ];
}

/** Issue 15's targets: `ratio` against native (median of the rounds), or an absolute `value`. */
export const GOALS = [
  { kind: 'js', key: 'coldWarm', op: '<=', ratio: 1.5 },
  { kind: 'js', key: 'echoRawP50', op: '<=', ratio: 1.5 },
  { kind: 'js', key: 'echoSdkP50', op: '<=', ratio: 1.5 },
  { kind: 'js', key: 'inFlight64', op: '>=', ratio: 0.8 },
  { kind: 'js', key: 'result1MB', op: '<=', ratio: 1.5 },
  { kind: 'js', key: 'arg1MB', op: '<=', ratio: 1.5 },
  { kind: 'js', key: 'rssStart', op: '<=', ratio: 2.0 },
  { kind: 'js', key: 'perSessionMB', op: '<=', value: 15 },
  { kind: 'wat', key: 'coldWarm', op: '<=', ratio: 1.2 },
  { kind: 'wat', key: 'echoRawP50', op: '<=', ratio: 1.25 },
  { kind: 'wat', key: 'echoSdkP50', op: '<=', ratio: 1.25 },
  { kind: 'wat', key: 'inFlight64', op: '>=', ratio: 1.0 },
];

/**
 * Per metric and kind: the spread of the per-round values and, against
 * native in the same round, of the per-round ratios. A kind gets a figure
 * only if every round measured it.
 */
export function summarize(rounds, kinds, list) {
  const out = {};
  for (const m of list) {
    const row = {};
    for (const kind of kinds) {
      const values = rounds.map((r) => r.values[kind]?.[m.key]);
      if (values.some((v) => typeof v !== 'number' || Number.isNaN(v))) continue;
      row[kind] = spread(values);
      if (m.ratio === false || kind === 'native') continue;
      const bases = rounds.map((r) => r.values.native?.[m.base ?? m.key]);
      if (bases.some((v) => typeof v !== 'number' || !(v > 0))) continue;
      row[kind].ratio = spread(values.map((v, i) => v / bases[i]));
    }
    out[m.key] = row;
  }
  return out;
}

export function checkGoals(summary) {
  return GOALS.map((g) => {
    const s = summary[g.key]?.[g.kind];
    const x = g.ratio !== undefined ? s?.ratio?.median : s?.median;
    const bound = g.ratio ?? g.value;
    const met = x === undefined ? undefined : g.op === '<=' ? x <= bound : x >= bound;
    const text = `${g.op === '<=' ? '≤' : '≥'} ${bound}${g.ratio !== undefined ? 'x' : ' MB'}`;
    return { ...g, goal: text, measured: x, met };
  });
}

const fmt = (v, digits) => (typeof v !== 'number' || Number.isNaN(v) ? '—' : v.toFixed(digits));
const ratioText = (x) => (x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(2));
const ratioCell = (r) => (r ? `${ratioText(r.median)}x (${ratioText(r.min)}–${ratioText(r.max)})` : '');

/** Table rows: metric, native, then a value and a ratio column per kind, then the goals. */
export function tableRows(summary, kinds, list, goals) {
  const others = kinds.filter((k) => k !== 'native');
  return list
    .filter((m) => kinds.some((k) => summary[m.key]?.[k]))
    .map((m) => {
      const row = { metric: m.label, native: fmt(summary[m.key].native?.median, m.digits) };
      for (const k of others) {
        const s = summary[m.key][k];
        row[k] = fmt(s?.median, m.digits);
        // No ratio: the spread of the figure itself, where the rounds differ.
        row[`${k}Ratio`] = s?.ratio ? ratioCell(s.ratio) : s && s.min !== s.max ? `(${fmt(s.min, m.digits)}${s.min < 0 ? ' to ' : '–'}${fmt(s.max, m.digits)})` : '';
      }
      if (m.key === 'rssGrowth') for (const k of kinds) row[k] = row[k] === '—' ? '—' : `${summary[m.key][k].median >= 0 ? '+' : ''}${row[k]}%`;
      row.goal = goals
        .filter((g) => g.key === m.key && summary[m.key][g.kind])
        .map((g) => `${g.kind === 'js' ? 'componentize-js' : 'WAT'} ${g.goal}: ${g.met ? 'met' : '**missed**'}`)
        .join('; ');
      return row;
    });
}

export function heads(kinds) {
  const head = { metric: 'metric', native: 'native' };
  for (const k of kinds.filter((x) => x !== 'native')) {
    head[k] = KIND_LABELS[k];
    head[`${k}Ratio`] = 'ratio (spread)';
  }
  head.goal = 'goal (issue 15)';
  return head;
}

export function markdownTable(table, head) {
  const cols = Object.keys(head);
  return [
    `| ${cols.map((c) => head[c]).join(' | ')} |`,
    `|---|${cols.slice(1).map((c) => (c === 'goal' ? '---' : '--:')).join('|')}|`,
    ...table.map((row) => `| ${cols.map((c) => row[c] ?? '').join(' | ')} |`),
  ];
}

export function printTable(table, head) {
  const cols = Object.keys(head);
  const all = [head, ...table].map((row) => Object.fromEntries(cols.map((c) => [c, String(row[c] ?? '').replace(/\*\*/g, '').replace(/`/g, '')])));
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(...all.map((row) => row[c].length))]));
  for (const [i, row] of all.entries()) {
    console.log(cols.map((c) => (c === 'metric' || c === 'goal' ? row[c].padEnd(width[c]) : row[c].padStart(width[c]))).join('  ').trimEnd());
    if (i === 0) console.log(cols.map((c) => '-'.repeat(width[c])).join('  '));
  }
}
