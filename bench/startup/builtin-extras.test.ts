// Real runs of the built-in runtime's extra parts (as root): small, shape only, and
// nothing left behind in the container state dir or /var/tmp.
import fs from 'node:fs';
import test from 'ava';
import { containersDir } from '../../runtime/container/layout.js';
import { ensureDefaultImage } from '../../runtime/rootfs/default-image.js';
import { startupSpec } from './bench-spec.js';
import { measureConcurrency } from './concurrency.js';
import { measureLayerCost } from './layer-cost.js';
import { measureNamespaceCost } from './namespace-cost.js';

const settle = async () => undefined;
const entries = (dir: string) => new Set(fs.existsSync(dir) ? fs.readdirSync(dir) : []);
const added = (before: Set<string>, dir: string) => [...entries(dir)].filter((e) => !before.has(e));

test.serial('pid and net on top of mnt, mnt against no namespace: every cell has samples, costs are paired, no container is left behind', async (t) => {
  const before = entries(containersDir());
  const r = await measureNamespaceCost({ image: ensureDefaultImage(), namespaces: ['pid', 'net'], samples: 3, warmup: 0, settle }, async () => null);
  // net's median cost > 0 is likely but not guaranteed on a busy machine: shape only.
  t.deepEqual(r.alone.map((f) => f.params?.only), ['none', 'mnt', 'pid', 'net']);
  t.deepEqual(r.costs.map((f) => f.name), ['startup.namespace.pid', 'startup.namespace.mnt', 'startup.namespace.net']);
  for (const f of [...r.alone, ...r.costs]) t.true(f.stats.n >= 1 && f.stats.n === 3, f.name);
  t.deepEqual(r.comparisons.map((c) => c.namespace), ['pid', 'mnt', 'net']);
  t.true(r.comparisons.every((c) => c.ratio > 0 && Number.isFinite(c.difference)));
  t.deepEqual(added(before, containersDir()), []);
});

test.serial('a namespace the host cannot create is skipped with its reason', async (t) => {
  const r = await measureNamespaceCost({ image: ensureDefaultImage(), namespaces: ['time'], samples: 1, warmup: 0, settle }, async () => 'no time namespaces here');
  t.deepEqual(r.skipped, [{ namespace: 'time', reason: 'no time namespaces here' }]);
  t.deepEqual(r.costs.map((f) => f.name), ['startup.namespace.mnt'], 'mnt, a baseline, is always measured');
  t.is(r.alone.length, 2);
});

test.serial('1 and 3 layers: mount and total per count, and the temp layers are removed', async (t) => {
  const before = entries(containersDir());
  const tmpBefore = entries('/var/tmp');
  const r = await measureLayerCost({ image: ensureDefaultImage(), counts: [1, 3], samples: 2, warmup: 0, settle });
  t.deepEqual(r.figures.map((f) => f.name), ['startup.layers.1.mount', 'startup.layers.1.total', 'startup.layers.3.mount', 'startup.layers.3.total']);
  for (const f of r.figures) t.true(f.stats.n === 2 && f.stats.median >= 0, f.name);
  t.deepEqual(added(tmpBefore, '/var/tmp').filter((e) => e.startsWith('isolab-bench-layers-')), []);
  t.deepEqual(added(before, containersDir()), []);
});

test.serial('1 and 2 in flight: a throughput per level in containers/s, no container left behind', async (t) => {
  const before = entries(containersDir());
  const r = await measureConcurrency({ spec: startupSpec(ensureDefaultImage(), 'exit'), levels: [1, 2], containers: 3, repeats: 1 });
  t.deepEqual(r.figures.map((f) => [f.name, f.unit, f.stats.n]), [['startup.concurrency.1', 'containers/s', 1], ['startup.concurrency.2', 'containers/s', 1]]);
  t.true(r.figures.every((f) => f.stats.median > 0));
  t.deepEqual(added(before, containersDir()), []);
});
