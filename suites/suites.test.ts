// Real runs on the built-in runtime: the quick preset passes, a control cell really sees
// the leak, a check that cannot see it is flagged broken, and nothing is left behind.
import test from 'ava';
import fs from 'node:fs';
import { NS_NAMES } from '../runtime/spec/namespaces.js';
import { ALL_CHECKS } from './checks/index.js';
import { expectationOf, isolated, type Check } from './checks/types.js';
import { materializeCell } from './matrix/materialize.js';
import { hostControlCell, presetCells } from './matrix/presets.js';
import type { CellDef } from './matrix/cell-def.js';
import { runSuite } from './runner.js';

const without = (n: string) => NS_NAMES.filter((x) => x !== n);
const cell = (name: string, ns: CellDef['ns'], areas: CellDef['areas']): CellDef =>
  ({ name, runtime: 'builtin', ns, limits: {}, rootfs: { image: 'default' }, areas, purpose: 'test' });

function ourMounts(): string[] {
  return fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => /isolab-(inside|hostmnt)-/.test(l));
}

test('the quick preset passes on the built-in runtime and leaves nothing behind', async (t) => {
  const run = await runSuite(presetCells('quick'), { preset: 'quick' });
  const bad = run.cells.flatMap((c) => c.checks.filter((k) => k.outcome !== 'passed' && k.outcome !== 'skipped').map((k) => `${c.name} ${k.id}: ${k.outcome} ${JSON.stringify(k.evidence)}`));
  t.deepEqual(bad, []);
  t.true(run.summary.ok);
  t.true(run.summary.outcomes.passed >= 30, `${run.summary.outcomes.passed} checks passed`);
  t.deepEqual(ourMounts(), [], 'no mount made by a check is left');
  const images = fs.existsSync('/run/isolab/suite-images') ? fs.readdirSync('/run/isolab/suite-images').filter((d) => d.startsWith(`${process.pid}-`)) : [];
  t.deepEqual(images, [], 'the test images are removed');
  const records = fs.existsSync('/run/isolab/suite-sentinels') ? fs.readdirSync('/run/isolab/suite-sentinels').filter((f) => f.startsWith(`${process.pid}-`)) : [];
  t.deepEqual(records, [], 'the sentinels are removed');
});

test('a control cell without a PID namespace really observes the host sentinel (and passes as a control)', async (t) => {
  const run = await runSuite([cell('builtin/all-pid', without('pid'), ['pid'])]);
  const kill = run.cells[0]!.checks.find((k) => k.id === 'pid-host-kill')!;
  t.is(kill.expected, 'shared');
  t.is(kill.observed, 'shared');
  t.is(kill.outcome, 'passed');
  const ev = kill.evidence as { kill: { ok: boolean; error: string | null } };
  t.true(ev.kill.ok || ev.kill.error === 'EPERM', `kill(sentinel, 0) reached it: ${JSON.stringify(ev.kill)}`);
  const one = run.cells[0]!.checks.find((k) => k.id === 'pid-is-1')!;
  t.like(one, { expected: 'shared', observed: 'shared', outcome: 'passed' });
  t.true(run.summary.ok);
});

test('a check that reports isolated whatever it sees is flagged broken in a control cell', async (t) => {
  const blind: Check = {
    id: 'blind-pid',
    area: 'pid',
    description: 'runs the probe but ignores what it says',
    async run(ctx) {
      const { out } = await ctx.probe<{ pid: number }>(['self']);
      return isolated({ pid: out.pid });
    },
  };
  const run = await runSuite([cell('on', [...NS_NAMES], ['pid']), cell('off', without('pid'), ['pid'])], { checksFor: () => [blind] });
  t.is(run.cells[0]!.checks[0]!.outcome, 'passed');
  const off = run.cells[1]!.checks[0]!;
  t.like(off, { outcome: 'broken', expected: 'shared', observed: 'isolated' });
  t.not((off.evidence as { pid: number }).pid, 1, 'the container really had no PID namespace');
  t.false(run.summary.ok);
  t.is(run.summary.outcomes.broken, 1);
});

test('the host control cell sees every leak its areas can show, and leaves no daemon behind', async (t) => {
  const run = await runSuite([hostControlCell()]);
  const ran = run.cells[0]!.checks.filter((k) => k.outcome !== 'skipped');
  t.true(ran.length >= 6);
  for (const k of ran) t.like(k, { expected: 'shared', observed: 'shared', outcome: 'passed' }, k.id);
  const fds = ran.find((k) => k.id === 'fds-none-inherited')!;
  t.true((fds.evidence as { extra: string[] }).extra.some((e) => e.startsWith('3 → ')), 'the leaked fd 3 is seen');
  const daemon = ran.find((k) => k.id === 'pid-kill-init-ends-all')!;
  const pids = (daemon.evidence as { daemonHostPids: number[] }).daemonHostPids;
  t.true(pids.length > 0 && pids.every((p) => !fs.existsSync(`/proc/${p}`) || fs.readFileSync(`/proc/${p}/stat`, 'utf8').includes(') Z ')), 'the daemon the control left is killed');
});

test('whiteouts hide lower files in the layered image, and the unconverted control shows them', async (t) => {
  const layered = cell('builtin/all/layered', [...NS_NAMES], ['whiteout']);
  const run = await runSuite([{ ...layered, rootfs: { image: 'layered' } }, { ...layered, name: 'builtin/all/unconverted', rootfs: { image: 'unconverted' } }]);
  const [on, off] = run.cells;
  for (const k of on!.checks) t.like(k, { expected: 'isolated', outcome: 'passed' }, k.id);
  for (const k of off!.checks.filter((x) => x.id !== 'whiteout-container-delete')) t.like(k, { expected: 'shared', observed: 'shared', outcome: 'passed' }, k.id);
  t.true(run.summary.ok);
});

test('every check has a control cell in the default preset, or says why it cannot have one', (t) => {
  const cells = presetCells('default').map((d) => materializeCell(d, { layersFor: () => ['/nonexistent'] }, NS_NAMES));
  for (const check of ALL_CHECKS) {
    const controls = cells.filter((c) => c.areas.includes(check.area) && expectationOf(check, c) === 'shared');
    if (check.noControl) t.is(controls.length, 0, `${check.id} declares no control but has one`);
    else t.true(controls.length > 0, `${check.id} has a control cell`);
  }
});
