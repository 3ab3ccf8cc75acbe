import test from 'ava';
import fs from 'node:fs';
import { tempDir } from '../test-support/fixtures.js';
import { parseMetric, parseLimit } from './metric-ref.js';
import { loadPolicy, parsePolicy, PolicyError } from './policy.js';

function policyError(raw: unknown): PolicyError {
  try {
    parsePolicy(raw, 'policy.yaml');
  } catch (err) {
    if (err instanceof PolicyError) return err;
    throw err;
  }
  throw new Error('the policy was accepted');
}

test('a minimal policy gets the defaults: no unexpected isolation outcome allowed', (t) => {
  const p = parsePolicy({ version: 1 }, 'p.yaml');
  t.is(p.isolation.maxUnexpected, 0);
  t.deepEqual(p.latency, []);
  t.is(p.significance.alpha, 0.05);
});

test('budgets as expressions and as objects mean the same', (t) => {
  const p = parsePolicy({ version: 1, latency: ['startup.builtin.p95 <= 10ms', 'startup.builtin.median <= +10%', { metric: 'startup.builtin.p95', max: '10ms' }] }, 'p.yaml');
  t.deepEqual(p.latency[0]!.metric, { text: 'startup.builtin.p95', figure: 'startup.start-to-exit', runtime: 'builtin', stat: 'p95' });
  t.is(p.latency[0]!.max?.kind === 'duration' ? p.latency[0]!.max.ns : 0, 10e6);
  t.is(p.latency[1]!.maxRegression, 0.1);
  t.deepEqual(p.latency[2]!.max, p.latency[0]!.max);
});

const cases: [string, unknown, string, RegExp][] = [
  ['a misspelt key', { version: 1, latency: [{ metric: 'startup.builtin.p95', maxRegresion: '10%' }] }, 'latency[0]', /unknown key "maxRegresion"/],
  ['a bad duration', { version: 1, latency: [{ metric: 'startup.builtin.p95', max: '10 parsecs' }] }, 'latency[0].max', /not a duration/],
  ['a metric without a statistic', { version: 1, latency: ['startup.builtin <= 10ms'] }, 'latency[0]', /must end in the statistic/],
  ['a budget without a limit', { version: 1, latency: [{ metric: 'startup.builtin.p95' }] }, 'latency[0]', /give max/],
  ['an unknown top-level key', { version: 1, isolaton: {} }, '(top level)', /unknown key "isolaton"/],
  ['a negative allowance', { version: 1, isolation: { maxUnexpected: -1 } }, 'isolation.maxUnexpected', /./],
  ['a wrong type', { version: 1, throttling: { maxErrorPercent: 'five' } }, 'throttling.maxErrorPercent', /expected number/],
  ['another version', { version: 2 }, 'version', /must be 1/],
];

for (const [what, raw, field, message] of cases) {
  test(`policy error names the field: ${what}`, (t) => {
    const err = policyError(raw);
    t.is(err.field, field);
    t.regex(err.message, message);
    t.true(err.message.startsWith(`policy.yaml: ${field}: `));
  });
}

test('YAML syntax errors and missing files name the file', (t) => {
  const tmp = tempDir();
  try {
    const bad = `${tmp.dir}/bad.yaml`;
    fs.writeFileSync(bad, 'version: 1\nlatency: [unclosed\n');
    t.throws(() => loadPolicy(bad), { instanceOf: PolicyError, message: /bad\.yaml: not valid YAML/ });
    t.throws(() => loadPolicy(`${tmp.dir}/none.yaml`), { instanceOf: PolicyError, message: /none\.yaml: no such file/ });
    t.throws(() => loadPolicy((fs.writeFileSync(`${tmp.dir}/empty.yaml`, ''), `${tmp.dir}/empty.yaml`)), { message: /empty/ });
  } finally {
    tmp.remove();
  }
});

test('metric names: alias, bracketed runtime, plain figure', (t) => {
  t.like(parseMetric('startup.crun.p99'), { figure: 'startup.start-to-exit', runtime: 'crun', stat: 'p99' });
  t.like(parseMetric('startup.phase.clone[builtin].median'), { figure: 'startup.phase.clone', runtime: 'builtin', stat: 'median' });
  t.like(parseMetric('overlay.stat.ratio.median'), { figure: 'overlay.stat.ratio', runtime: undefined });
  t.throws(() => parseMetric('startup.builtin.p50'), { message: /must end in the statistic/ });
});

test('limits: durations convert, plain numbers stay in the figure unit', (t) => {
  t.like(parseLimit('250us'), { kind: 'duration', ns: 250_000 });
  t.like(parseLimit('1.5s'), { kind: 'duration', ns: 1.5e9 });
  t.like(parseLimit(12), { kind: 'number', value: 12 });
  t.throws(() => parseLimit('fast'));
});
