// A deferred create, performed by someone else, must make exactly the cgroup create() makes.
import test from 'ava';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CgroupOp } from './cgroup-io.js';
import { deferCreate, fieldOfOp, statsFromContents } from './deferred-create.js';
import type { CgroupDriver } from './driver.js';
import { makeFakeV1Tree, makeFakeV2Tree, type FakeTree } from './fake-cgroupfs.js';
import type { LinuxResources } from './types.js';
import { V1CgroupDriver } from './v1-driver.js';
import { V2CgroupDriver } from './v2-driver.js';

const RES: LinuxResources = { cpu: { quota: 50_000, period: 100_000, cpus: '0' }, memory: { limit: 64 << 20, swap: 128 << 20 }, pids: { limit: 42 } };

/** What the launcher does with the ops (C: runtime/native/launcher/cgroup.c). */
function perform(ops: CgroupOp[], tree: FakeTree): void {
  for (const o of ops) {
    if (o.op === 'mkdir') {
      mkdirSync(o.path);
      tree.hooks.afterMkdir?.(o.path);
    } else writeFileSync(o.path, o.value);
  }
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

const cases: [string, () => { tree: FakeTree; driver: CgroupDriver }][] = [
  ['v2', () => { const tree = makeFakeV2Tree(); return { tree, driver: new V2CgroupDriver({ root: tree.base, hooks: tree.hooks }) }; }],
  ['v1', () => { const tree = makeFakeV1Tree(undefined, { swap: true }); return { tree, driver: new V1CgroupDriver({ mounts: tree.mounts, hooks: tree.hooks }) }; }],
];

for (const [name, make] of cases) {
  test(`${name}: performing the recorded ops gives the same cgroup as create()`, (t) => {
    const a = make();
    const b = make();
    t.teardown(() => { a.tree.cleanup(); b.tree.cleanup(); });
    const planA = a.driver.plan('isolab/x', RES);
    const planB = b.driver.plan('isolab/x', RES);
    const { ops } = deferCreate(a.driver, planA, RES, a.tree.hooks);
    t.true(ops.some((o) => o.op === 'mkdir'), 'the leaf mkdir is recorded');
    t.false(existsSync(planA.dirs[0]!), 'nothing is made while recording but the shared parents');
    perform(ops, a.tree);
    b.driver.create(planB, RES);
    for (let i = 0; i < planA.dirs.length; i++) {
      t.deepEqual(snapshot(planA.dirs[i]!), snapshot(planB.dirs[i]!), planA.dirs[i]);
    }
    t.is(fieldOfOp(ops, ops.find((o) => o.op === 'write' && o.path.endsWith('pids.max'))!.path), 'pids.limit');
  });

  test(`${name}: stats from contents read by someone else equal stats() on the files`, (t) => {
    const { tree, driver } = make();
    t.teardown(() => tree.cleanup());
    const plan = driver.plan('isolab/y', RES);
    const { ops, statFiles } = deferCreate(driver, plan, RES, tree.hooks);
    perform(ops, tree);
    t.true(statFiles.length > 0);
    const contents = Object.fromEntries(statFiles.flatMap((f) => { try { return [[f, readFileSync(f, 'utf8')]]; } catch { return []; } }));
    t.deepEqual(statsFromContents(driver, plan, contents), driver.stats(plan));
  });
}
