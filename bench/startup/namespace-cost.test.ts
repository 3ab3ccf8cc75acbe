// The namespace part's pure summary: paired differences, the baseline, and what reports/ reads.
import test from 'ava';
import { classifyFigures } from '../../reports/model/figure-kinds.js';
import type { FigureData } from '../../reports/model/results-schema.js';
import { namespaceCellSpec, pairedDifferences, summariseNamespaceCost } from './namespace-cost.js';

test('a namespace cost is the per-round difference to the baseline, not the difference of medians of unpaired sets', (t) => {
  t.deepEqual(pairedDifferences([5, 7, 9], [4, 4, 10, 99]), [1, 3, -1]);
  const r = summariseNamespaceCost(new Map([['none', [20, 20, 20, 20, 20, 20]], ['mnt', [10, 12, 11, 13, 10, 12]], ['net', [30, 33, 31, 34, 29, 32]], ['pid', [10.1, 12.2, 11, 13.1, 10.1, 12]]]));
  const net = r.costs.find((f) => f.name === 'startup.namespace.net')!;
  t.deepEqual(net.samples, [20, 21, 20, 21, 19, 20]);
  t.deepEqual(net.params, { namespace: 'net' });
  t.is(net.unit, 'ms');
  t.deepEqual(r.alone.map((f) => f.name), ['startup.namespace-alone.none', 'startup.namespace-alone.mnt', 'startup.namespace-alone.pid', 'startup.namespace-alone.net']);
  const c = r.comparisons.find((x) => x.namespace === 'net')!;
  t.true(c.ratio > 2.5 && c.ci95[0] < c.ratio && c.ratio < c.ci95[1]);
  t.is(c.difference, 31.5 - 11.5);
});

test('a cost whose interval includes 0 says it is within noise; a clear one does not', (t) => {
  const r = summariseNamespaceCost(new Map([['none', [20, 20, 20, 20, 20, 20]], ['mnt', [10, 12, 11, 13, 10, 12]], ['uts', [10.5, 11.5, 11.2, 12.6, 10.3, 11.9]], ['net', [30, 33, 31, 34, 29, 32]]]));
  t.true(r.costs.find((f) => f.name === 'startup.namespace.uts')!.warnings.some((w) => w.startsWith('within-noise:')));
  t.false(r.costs.find((f) => f.name === 'startup.namespace.net')!.warnings.some((w) => w.startsWith('within-noise:')));
});

test('without baseline samples there is nothing to compare with', (t) => {
  t.throws(() => summariseNamespaceCost(new Map([['net', [1, 2]]])), { message: /baseline/ });
});

test('reports place the cost figures as per-namespace cost and the raw ones elsewhere', (t) => {
  const r = summariseNamespaceCost(new Map([['none', [20, 20, 20]], ['mnt', [10, 11, 12]], ['ipc', [11, 12, 13]], ['time', [12, 12, 14]]]));
  const k = classifyFigures([...r.costs, ...r.alone] as FigureData[]);
  t.deepEqual(k.namespaceCost.map((p) => p.param).sort(), ['ipc', 'mnt', 'time']);
  t.is(k.other.length, 4);
});

test('mnt is measured against no namespace, every other type as mnt + it against mnt alone', (t) => {
  t.deepEqual(namespaceCellSpec('/img', 'none').linux.namespaces, []);
  t.deepEqual(namespaceCellSpec('/img', 'mnt').linux.namespaces, [{ type: 'mount' }]);
  t.deepEqual(namespaceCellSpec('/img', 'net').linux.namespaces, [{ type: 'network' }, { type: 'mount' }].sort((a, b) => (a.type === 'mount' ? -1 : b.type === 'mount' ? 1 : 0)));
  t.deepEqual(namespaceCellSpec('/img', 'user').linux.uidMappings?.length, 1);
  t.is(namespaceCellSpec('/img', 'mnt').linux.resources, undefined);
});
