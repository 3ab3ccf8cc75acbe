import test from 'ava';
import fs from 'node:fs';
import { craftedDoc, crafted } from '../test-support/craft.js';
import { fixturePath, tempDir, writeJson } from '../test-support/fixtures.js';
import { runIsolab } from '../test-support/run-cli.js';
import { evaluateGate, GateUsageError } from './evaluate-gate.js';
import { renderGateLines, renderGateSummary } from './gate-output.js';
import { parsePolicy } from './policy.js';

const policy = (raw: Record<string, unknown>) => parsePolicy({ version: 1, ...raw }, 'p.yaml');
// The small fixture has a leak, a broken check and an error; these files have none.
const clean = (doc: Record<string, any>) => {
  for (const cell of doc.suites.cells) for (const k of cell.checks) if (k.outcome !== 'skipped') Object.assign(k, { outcome: 'passed', observed: k.expected });
};

test('every unexpected isolation outcome is its own violation', (t) => {
  const g = evaluateGate(policy({}), crafted('r', { seed: 1, median: 5 }));
  t.false(g.ok);
  t.deepEqual(g.violations.map((v) => v.rule).sort(), ['builtin/all-pid: pid-host-kill', 'builtin/all: net-only-loopback', 'host/none: pid-is-1']);
});

test('waived outcomes pass with their reason; maxUnexpected tolerates that many', (t) => {
  const waived = policy({ isolation: { waivers: [{ check: 'net-only-loopback', reason: 'known: ticket 42' }, { check: 'pid-host-kill', cell: 'builtin/all-pid', reason: 'r' }, { check: 'pid-is-1', cell: 'host/none', reason: 'r' }] } });
  const g = evaluateGate(waived, crafted('r', { seed: 1, median: 5 }));
  t.true(g.ok);
  t.true(g.verdicts.some((v) => v.message.includes('waived: known: ticket 42')));
  t.true(evaluateGate(policy({ isolation: { maxUnexpected: 3 } }), crafted('r', { seed: 1, median: 5 })).ok);
  t.false(evaluateGate(policy({ isolation: { maxUnexpected: 2 } }), crafted('r', { seed: 1, median: 5 })).ok);
});

test('absolute budgets convert units: 10ms against a figure in ms', (t) => {
  const r = crafted('r', { seed: 1, median: 5 }, clean);
  t.true(evaluateGate(policy({ latency: ['startup.builtin.median <= 10ms'] }), r).ok);
  const g = evaluateGate(policy({ latency: ['startup.builtin.p95 <= 5000us'] }), r);
  t.false(g.ok);
  t.regex(g.violations[0]!.message, /startup\.builtin\.p95 is \d\.\d\d ms \(budget 5000us, n = 60\)/);
});

test('relative budget: a real +30 % shift fails; a noisy draw from the same distribution passes', (t) => {
  const base = crafted('base', { seed: 1, median: 5 }, clean);
  const p = policy({ latency: ['startup.builtin.p95 <= +10%'] });
  const slower = evaluateGate(p, crafted('slow', { seed: 2, median: 6.5 }, clean), base);
  t.false(slower.ok);
  t.regex(slower.violations[0]!.message, /p < 0\.001/);
  const noisy = crafted('noisy', { seed: 2, median: 5 }, clean);
  const same = evaluateGate(p, noisy, base);
  t.true(same.ok, JSON.stringify(same.violations));
});

test('relative budget counts an insignificant excess only with onlySignificant: false', (t) => {
  const base = crafted('base', { seed: 3, median: 5, n: 8, spread: 0.4 }, clean);
  const cur = crafted('cur', { seed: 4, median: 5, n: 8, spread: 0.4 }, clean);
  const p95 = (r: typeof base) => r.figures.find((f) => f.name === 'startup.start-to-exit' && f.runtime === 'builtin')!.stats.p95;
  t.true(p95(cur) > p95(base) * 1.01 || p95(base) > p95(cur) * 1.01, 'the two draws differ');
  const [worse, better] = p95(cur) > p95(base) ? [cur, base] : [base, cur];
  const lenient = evaluateGate(policy({ latency: [{ metric: 'startup.builtin.p95', maxRegression: '1%' }] }), worse, better);
  t.true(lenient.ok);
  t.regex(lenient.verdicts.find((v) => v.kind === 'latency')!.message, /not significant/);
  t.false(evaluateGate(policy({ latency: [{ metric: 'startup.builtin.p95', maxRegression: '1%', onlySignificant: false }] }), worse, better).ok);
});

test('a missing figure is a violation unless the budget is not required', (t) => {
  const r = crafted('r', { seed: 1, median: 5 }, clean);
  t.false(evaluateGate(policy({ latency: ['startup.crun.p95 <= 10ms'] }), r).ok);
  t.true(evaluateGate(policy({ latency: [{ metric: 'startup.crun.p95', max: '10ms', required: false }] }), r).ok);
});

test('a relative budget without a baseline is a usage error, or skipped when not required', (t) => {
  const r = crafted('r', { seed: 1, median: 5 }, clean);
  t.throws(() => evaluateGate(policy({ latency: ['startup.builtin.p95 <= +10%'] }), r), { instanceOf: GateUsageError, message: /needs a baseline/ });
  t.true(evaluateGate(policy({ latency: [{ metric: 'startup.builtin.p95', maxRegression: '10%', required: false }] }), r).ok);
});

test('throttling ceilings hold the steady window of every quota', (t) => {
  const r = crafted('r', { seed: 1, median: 5 }, clean);
  t.true(evaluateGate(policy({ throttling: { maxErrorPercent: 5 } }), r).ok);
  const g = evaluateGate(policy({ throttling: { maxErrorPercent: 0.5 } }), r);
  t.deepEqual(g.violations.map((v) => v.rule), ['throttling error at 0.5 CPU']);
});

test('violations print as GitHub annotations or plain lines; the summary is Markdown', (t) => {
  const g = evaluateGate(policy({ latency: ['startup.builtin.p95 <= 1ms'] }), crafted('r', { seed: 1, median: 5 }, clean));
  const gh = renderGateLines(g, 'github');
  t.regex(gh, /^::error title=isolab gate%3A startup\.builtin\.p95 <= 1ms::startup\.builtin\.p95 is .* \(budget 1ms, n = 60\)$/m);
  t.regex(renderGateLines(g, 'plain'), /^isolab gate: FAIL startup\.builtin\.p95 <= 1ms: /m);
  const md = renderGateSummary(g, { results: 'r.json', policy: 'p.yaml' });
  t.regex(md, /^## ❌ isolab gate failed: 1 violation/);
  t.regex(md, /\| ❌ \| latency \| startup\.builtin\.p95 &lt;= 1ms \|/);
});

test('CLI: exit 0 when the policy holds, 1 on a violation (annotated), summary appended', async (t) => {
  const tmp = tempDir();
  try {
    const results = writeJson(tmp.dir, 'results.json', (() => { const d = craftedDoc({ seed: 1, median: 5 }); clean(d); return d; })());
    const ok = `${tmp.dir}/ok.yaml`;
    fs.writeFileSync(ok, 'version: 1\nlatency:\n  - startup.builtin.p95 <= 50ms\n');
    const pass = await runIsolab(['gate', '--policy', ok, results]);
    t.is(pass.exitCode, 0, pass.stderr);
    t.regex(pass.stdout, /isolab gate: passed/);
    const strict = `${tmp.dir}/strict.yaml`;
    fs.writeFileSync(strict, 'version: 1\nlatency:\n  - startup.builtin.p95 <= 1ms\n');
    const summary = `${tmp.dir}/summary.md`;
    const fail = await runIsolab(['gate', '--policy', strict, results], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    t.is(fail.exitCode, 1);
    t.regex(fail.stdout, /^::error title=isolab gate%3A startup\.builtin\.p95 <= 1ms::/m);
    t.regex(fs.readFileSync(summary, 'utf8'), /isolab gate failed: 1 violation/);
  } finally {
    tmp.remove();
  }
});

test('CLI: a policy error exits 2 naming the field; so do unreadable results and a missing baseline', async (t) => {
  const tmp = tempDir();
  try {
    const bad = `${tmp.dir}/bad.yaml`;
    fs.writeFileSync(bad, 'version: 1\nlatency:\n  - metric: startup.builtin.p95\n    maxRegresion: 10%\n');
    const r = await runIsolab(['gate', '--policy', bad, fixturePath('small-results.json')]);
    t.is(r.exitCode, 2);
    t.regex(r.stderr, /bad\.yaml: latency\[0\]: unknown key "maxRegresion"/);
    t.is(r.stdout, '');
    const relative = `${tmp.dir}/relative.yaml`;
    fs.writeFileSync(relative, 'version: 1\nlatency: ["startup.builtin.p95 <= +10%"]\n');
    const noBaseline = await runIsolab(['gate', '--policy', relative, fixturePath('small-results.json')]);
    t.is(noBaseline.exitCode, 2);
    t.regex(noBaseline.stderr, /needs a baseline: pass --baseline FILE/);
    const broken = writeJson(tmp.dir, 'broken.json', { schemaVersion: 1, kind: 'isolab-results' });
    const unreadable = await runIsolab(['gate', '--policy', relative, broken]);
    t.is(unreadable.exitCode, 2);
    t.regex(unreadable.stderr, /broken\.json: createdAt: /);
  } finally {
    tmp.remove();
  }
});
