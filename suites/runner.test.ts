// The runner's logic with a fake runtime and fake checks: how observations against
// expectations become passed, failed, broken, error and skipped, and what the summary says.
import test from 'ava';
import type { AdapterResult, AdapterRunOptions, Availability, RuntimeAdapter } from '../runtime/adapters/adapter.js';
import type { Spec } from '../runtime/spec/types.js';
import { isolated, shared, type Check } from './checks/types.js';
import type { HostSentinels } from './host/sentinels.js';
import { judge } from './judge.js';
import type { CellDef } from './matrix/cell-def.js';
import { runPool } from './pool.js';
import { runSuite, type SuiteOptions } from './runner.js';

/** A runtime that answers `probe pid-ns` with whether the Spec has a PID namespace. */
class FakeAdapter implements RuntimeAdapter {
  readonly runs: Spec[] = [];
  constructor(readonly name: string, private readonly o: { leaky?: boolean; available?: boolean; refuse?: string } = {}) {}
  async available(): Promise<Availability> {
    return this.o.available === false ? { ok: false, reason: 'not installed' } : { ok: true, version: '0.0-fake' };
  }
  unsupported(spec: Spec): string | undefined {
    return this.o.refuse && !spec.linux.namespaces.some((n) => n.type === 'mount') ? this.o.refuse : undefined;
  }
  async run(spec: Spec, opts: AdapterRunOptions = {}): Promise<AdapterResult> {
    this.runs.push(spec);
    await opts.onStarted?.({ id: 'fake', pid: 4242 });
    const hasPid = spec.linux.namespaces.some((n) => n.type === 'pid');
    const stdout = spec.process.args[1] === 'pid-ns' ? `${JSON.stringify({ isolated: hasPid && !this.o.leaky })}\n` : 'garbage';
    await opts.inspect?.({ id: 'fake', pid: 4242 });
    return { runtime: this.name, id: 'fake', exitCode: 0, signal: null, oomKilled: false, timedOut: false, stdout, stderr: '', durationMs: 1 };
  }
}

const honest: Check = {
  id: 'fake-pid', area: 'pid', description: 'asks the fake runtime',
  async run(ctx) {
    const { out } = await ctx.probe<{ isolated: boolean }>(['pid-ns']);
    return out.isolated ? isolated({ said: 'isolated' }) : shared({ said: 'shared' });
  },
};
const alwaysIsolated: Check = { id: 'fake-blind', area: 'pid', description: 'cannot see a leak', run: async () => isolated({}) };
const throws: Check = { id: 'fake-garbage', area: 'pid', description: 'parses garbage', run: async (ctx) => isolated(await ctx.probe(['garbage'])) };
const picky: Check = { id: 'fake-picky', area: 'pid', description: 'never here', canRun: () => 'not on fakes', run: async () => isolated({}) };

const sentinels: HostSentinels = { token: 't', pid: 1, ipcKey: 1, mqName: '/x', abstractName: 'x', tcpPort: 1, close: async () => undefined };
const env = { sentinels, layers: { layersFor: () => ['/nonexistent/layer'] } };

function cell(name: string, runtime: string, ns: CellDef['ns']): CellDef {
  return { name, runtime, ns, limits: {}, rootfs: { image: 'default' }, areas: ['pid'], purpose: 'test' };
}
const CELLS = [cell('on', 'fake', ['pid', 'mnt']), cell('off', 'fake', ['mnt'])];

async function run(checks: Check[], adapters: Record<string, RuntimeAdapter>, cells = CELLS, extra: SuiteOptions = {}) {
  return runSuite(cells, { environment: env, checksFor: () => checks, adapterFor: async (n) => adapters[n], ...extra });
}

const outcome = (r: Awaited<ReturnType<typeof run>>, cellName: string, id: string) =>
  r.cells.find((c) => c.name === cellName)!.checks.find((k) => k.id === id)!;

test('judge: observation against expectation', (t) => {
  t.is(judge('isolated', 'isolated'), 'passed');
  t.is(judge('shared', 'shared'), 'passed');
  t.is(judge('isolated', 'shared'), 'failed');
  t.is(judge('shared', 'isolated'), 'broken');
  t.is(judge('shared', 'error'), 'error');
});

test('an honest check passes where isolation is on and, as the control, where it is off', async (t) => {
  const r = await run([honest], { fake: new FakeAdapter('fake') });
  t.like(outcome(r, 'on', 'fake-pid'), { outcome: 'passed', expected: 'isolated', observed: 'isolated' });
  t.like(outcome(r, 'off', 'fake-pid'), { outcome: 'passed', expected: 'shared', observed: 'shared' });
  t.true(r.summary.ok);
  t.deepEqual(r.summary.uncontrolled, []);
});

test('a leak where isolation is on is failed, and fails the run', async (t) => {
  const r = await run([honest], { fake: new FakeAdapter('fake', { leaky: true }) });
  t.like(outcome(r, 'on', 'fake-pid'), { outcome: 'failed', expected: 'isolated', observed: 'shared' });
  t.false(r.summary.ok);
  t.is(r.summary.outcomes.failed, 1);
});

test('a check that says isolated in the control cell is broken, and fails the run', async (t) => {
  const r = await run([alwaysIsolated], { fake: new FakeAdapter('fake') });
  t.like(outcome(r, 'on', 'fake-blind'), { outcome: 'passed' });
  t.like(outcome(r, 'off', 'fake-blind'), { outcome: 'broken', expected: 'shared', observed: 'isolated' });
  t.false(r.summary.ok);
  t.is(r.summary.outcomes.broken, 1);
});

test('a probe that prints no JSON is an error with the reason, not a pass', async (t) => {
  const r = await run([throws], { fake: new FakeAdapter('fake') });
  const k = outcome(r, 'on', 'fake-garbage');
  t.is(k.outcome, 'error');
  t.regex(k.reason ?? '', /printed no JSON/);
  t.false(r.summary.ok);
});

test('skips carry their reason and let the run pass; a check never run with isolation off is listed as uncontrolled', async (t) => {
  const fake = new FakeAdapter('fake');
  const r = await run([honest, picky], { fake }, [cell('on', 'fake', ['pid', 'mnt']), cell('gone', 'absent', ['pid']), cell('nomnt', 'refusing', ['pid'])], {});
  t.like(outcome(r, 'on', 'fake-picky'), { outcome: 'skipped', reason: 'not on fakes' });
  t.regex(outcome(r, 'gone', 'fake-pid').reason ?? '', /no adapter for runtime "absent"/);
  t.true(r.summary.ok);
  t.deepEqual(r.summary.uncontrolled.map((u) => u.id), ['fake-pid']);
});

test('an unavailable or refusing runtime skips the whole cell with its reason', async (t) => {
  const r = await run([honest], { down: new FakeAdapter('down', { available: false }), refusing: new FakeAdapter('refusing', { refuse: 'cannot turn the mount namespace off' }) },
    [cell('a', 'down', ['pid']), cell('b', 'refusing', ['pid'])]);
  t.like(r.cells[0], { skipped: 'not installed', runtimeVersion: null });
  t.is(r.cells[0]!.checks[0]!.outcome, 'skipped');
  t.like(r.cells[1], { skipped: 'cannot turn the mount namespace off' });
  t.deepEqual(r.runtimes.map((x) => x.available), [false, true]);
});

test('each check runs the cell Spec with its own args', async (t) => {
  const fake = new FakeAdapter('fake');
  await run([honest], { fake }, [cell('on', 'fake', ['pid', 'mnt'])]);
  t.deepEqual(fake.runs.map((s) => s.process.args), [['probe', 'pid-ns']]);
  t.deepEqual(fake.runs[0]!.linux.namespaces.map((n) => n.type), ['pid', 'mount']);
});

test('the pool never runs more than jobs tasks at once and keeps input order', async (t) => {
  let inFlight = 0;
  let peak = 0;
  const tasks = Array.from({ length: 9 }, (_, i) => async () => {
    peak = Math.max(peak, ++inFlight);
    await new Promise((r) => setTimeout(r, 5 + (i % 3)));
    inFlight--;
    return i;
  });
  t.deepEqual(await runPool(tasks, 2), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  t.is(peak, 2);
});
