// The matrix file: errors that name the field, expansion into cells, presets and filters.
import test from 'ava';
import { NS_NAMES } from '../../runtime/spec/namespaces.js';
import { AREAS, NAMESPACE_AREAS, parseAreaList } from '../areas.js';
import { expandMatrix } from './expand.js';
import { areaExpectation } from './expectations.js';
import { filterCells, parseRuntimeList } from './filters.js';
import { materializeCell } from './materialize.js';
import { MatrixError, parseMatrix } from './parse-matrix.js';
import { presetCells } from './presets.js';

function errorOf(text: string): MatrixError {
  const err = (() => {
    try {
      parseMatrix(text, 'matrix.yaml');
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  if (!(err instanceof MatrixError)) throw new Error(`expected a MatrixError for:\n${text}`);
  return err;
}

test('an unknown namespace is named with the file, the axis and the index', (t) => {
  const err = errorOf('axes:\n  namespaces: [all, "pid,net", bogus]\n');
  t.true(err.message.startsWith('matrix.yaml: axes.namespaces[2]: unknown namespace "bogus"'), err.message);
});

test('an unknown namespace inside a list entry names that entry', (t) => {
  const err = errorOf('axes:\n  namespaces:\n    - [pid, mnt]\n    - {off: [pid, nett]}\n');
  t.true(err.message.startsWith('matrix.yaml: axes.namespaces[1].off: unknown namespace "nett"'), err.message);
});

test('bad limits and rootfs entries name their field', (t) => {
  const err = errorOf('axes:\n  limits: [none, {memory: lots, pids: 1}]\n  rootfs: [{image: layered, layers: 900}, scratch]\n');
  t.true(err.issues.some((i) => i.startsWith('axes.limits[1].memory: "lots" is not a size')), err.message);
  t.true(err.issues.some((i) => i.startsWith('axes.limits[1].pids: must be an integer of at least 2')), err.message);
  t.true(err.issues.some((i) => i.startsWith('axes.rootfs[0].layers: must be an integer from 1 to 500')), err.message);
  t.true(err.issues.some((i) => i.startsWith('axes.rootfs[1]: unknown image "scratch"')), err.message);
});

test('unknown top-level and axis fields are refused by name', (t) => {
  t.regex(errorOf('axes: {}\nextra: 1\n').message, /\(top level\): unknown field\(s\) "extra"/);
  t.regex(errorOf('axes:\n  kernels: [6.1]\n').message, /axes: unknown field\(s\) "kernels"/);
  t.regex(errorOf('name: x\n').message, /axes: is required/);
  t.regex(errorOf('axes:\n  runtime: []\n').message, /axes\.runtime: must list at least one entry/);
});

test('a YAML syntax error names the line', (t) => {
  t.regex(errorOf('axes:\n  namespaces: [all\n').message, /^matrix\.yaml: line \d+, column \d+: /);
});

test('an unknown area is named with its index', (t) => {
  t.true(errorOf('axes: {}\nareas: [pid, ipcs]\n').message.startsWith('matrix.yaml: areas[1]: unknown area "ipcs"'));
});

test('namespace entries: all, none, all-X, lists and on/off objects', (t) => {
  const m = parseMatrix('axes:\n  namespaces: [all, none, all-pid-net, "uts,ipc", [network, mount], {on: [pid]}, {off: user}]\n');
  const sets = m.axes.namespaces!;
  t.deepEqual(sets[0], [...NS_NAMES]);
  t.deepEqual(sets[1], []);
  t.deepEqual(sets[2], NS_NAMES.filter((n) => n !== 'pid' && n !== 'net'));
  t.deepEqual(sets[3], ['uts', 'ipc']);
  t.deepEqual(sets[4], ['mnt', 'net'], 'OCI names are accepted, and the order is the canonical one');
  t.deepEqual(sets[5], ['pid']);
  t.deepEqual(sets[6], NS_NAMES.filter((n) => n !== 'user'));
});

test('expansion is the cross product of the axes, with readable cell names', (t) => {
  const m = parseMatrix(`
axes:
  runtime: [builtin, runc]
  namespaces: [all, all-pid]
  limits: [none, {memory: 64MiB, pids: 50, cpus: 0.5}]
  rootfs: [default, {image: layered, layers: 12}]
`);
  const cells = expandMatrix(m);
  t.is(cells.length, 2 * 2 * 2 * 2);
  const names = cells.map((c) => c.name);
  t.true(names.includes('builtin/all'));
  t.true(names.includes('runc/all-pid/mem64m+pids50+cpu0.5/layered:12'));
  const layered = cells.find((c) => c.name === 'builtin/all/layered:12')!;
  t.deepEqual(layered.rootfs, { image: 'layered', layers: 12 });
  t.true(layered.areas.includes('whiteout'));
  t.false(cells.find((c) => c.name === 'builtin/all')!.areas.includes('whiteout'), 'no whiteout checks on the default image');
});

test('the same cell listed twice is an error naming both entries', (t) => {
  const err = (() => {
    try {
      expandMatrix(parseMatrix('axes:\n  namespaces: [all, "pid,mnt,uts,ipc,net,user,cgroup,time"]\n'));
    } catch (e) {
      return e as Error;
    }
    return undefined;
  })();
  t.truthy(err);
  t.regex(err!.message, /axes\.namespaces\[1\].*cell "builtin\/all" is the same as .*axes\.namespaces\[0\]/);
});

test('a matrix areas list narrows every cell', (t) => {
  const cells = expandMatrix(parseMatrix('axes: {}\nareas: [net, pid]\n'));
  t.deepEqual(cells.map((c) => c.areas), [['pid', 'net']]);
});

test('expectations: a namespace area is isolated when its namespace is on, shared when off', (t) => {
  const base = { runtime: 'builtin', limits: {}, rootfs: { image: 'default' as const } };
  t.is(areaExpectation({ ...base, ns: ['pid'] }, 'pid'), 'isolated');
  t.is(areaExpectation({ ...base, ns: ['net'] }, 'pid'), 'shared');
  t.is(areaExpectation({ ...base, ns: [...NS_NAMES] }, 'cgroup-limits'), 'shared', 'no limits: the limit checks are controls');
  t.is(areaExpectation({ ...base, ns: [], limits: { pids: 10 } }, 'cgroup-limits'), 'isolated');
  t.is(areaExpectation({ ...base, ns: [], rootfs: { image: 'unconverted' } }, 'whiteout'), 'shared');
  t.is(areaExpectation({ ...base, ns: [], runtime: 'host' }, 'fds'), 'shared');
});

test('the default preset has full isolation, one cell per namespace off, limits and whiteout cells', (t) => {
  const cells = presetCells('default');
  const names = cells.map((c) => c.name);
  t.true(names.includes('builtin/all'));
  for (const n of NS_NAMES) t.true(names.includes(`builtin/all-${n}`), `a cell with ${n} off`);
  t.true(names.some((n) => n.startsWith('builtin/all/mem')), 'a limits cell');
  t.true(names.includes('builtin/all/layered') && names.includes('builtin/all/unconverted'));
  t.true(names.includes('host/none'), 'the host control cell');
  t.is(new Set(names).size, names.length, 'cell names are unique');
  for (const a of NAMESPACE_AREAS) {
    t.true(cells.some((c) => c.areas.includes(a) && areaExpectation(c, a) === 'shared'), `a control cell for ${a}`);
  }
});

test('a preset is fitted to the namespaces a runtime can create', (t) => {
  const noTime = NS_NAMES.filter((n) => n !== 'time');
  const cells = presetCells('default', ['runc'], () => noTime);
  const names = cells.map((c) => c.name);
  t.false(names.includes('runc/all'));
  const fullCell = cells.find((c) => c.name === 'runc/all-time')!;
  t.regex(fullCell.purpose, /runc cannot create: time/);
  t.is(new Set(names).size, names.length, 'no cell twice');
  t.false(cells.some((c) => c.runtime === 'runc' && c.ns.includes('time')));
  t.is(areaExpectation(fullCell, 'timens'), 'shared', 'time is only checked as a control');
});

test('the quick preset checks every area once, with isolation on', (t) => {
  const cells = presetCells('quick');
  for (const a of AREAS) t.is(cells.filter((c) => c.areas.includes(a)).length, 1, a);
  t.true(cells.every((c) => c.areas.every((a) => areaExpectation(c, a) === 'isolated')));
});

test('the full preset is larger and still names each cell once', (t) => {
  const cells = presetCells('full', ['builtin', 'crun']);
  t.true(cells.length > presetCells('default', ['builtin', 'crun']).length);
  t.is(new Set(cells.map((c) => c.name)).size, cells.length);
  t.true(cells.some((c) => c.runtime === 'crun'));
});

test('--only narrows areas and drops cells left empty; --runtime keeps the host control', (t) => {
  const cells = filterCells(presetCells('default', ['builtin', 'runc']), { only: parseAreaList('pid,net'), runtimes: ['runc'] });
  t.true(cells.every((c) => c.areas.every((a) => a === 'pid' || a === 'net')));
  t.false(cells.some((c) => c.runtime === 'builtin'));
  t.true(cells.some((c) => c.runtime === 'host'));
  t.false(cells.some((c) => c.name.includes('layered')), 'the whiteout cell has neither area');
});

test('bad --only and --runtime values name the entry', (t) => {
  t.throws(() => parseAreaList('pid,bogus'), { message: /--only: unknown area "bogus"/ });
  t.deepEqual(parseAreaList('mnt,time,limits'), ['mount', 'timens', 'cgroup-limits']);
  t.throws(() => parseRuntimeList('runc, Bad!'), { message: /--runtime: "Bad!" is not a runtime name/ });
});

test('a cell becomes a validated Spec with the cell hostname and time offsets', (t) => {
  const [def] = presetCells('quick');
  const cell = materializeCell(def!, { layersFor: () => ['/nonexistent/image'] }, [...NS_NAMES]);
  t.is(cell.spec.hostname, 'isolab-cell');
  t.truthy(cell.spec.linux.timeOffsets?.monotonic);
  t.deepEqual(cell.spec.isolab.rootfs.layers, ['/nonexistent/image']);
  t.is(cell.skip, undefined);
  const noTime = materializeCell(def!, { layersFor: () => ['/x'] }, NS_NAMES.filter((n) => n !== 'time'));
  t.regex(noTime.skip ?? '', /no time namespace/);
  t.false(noTime.spec.linux.namespaces.some((n) => n.type === 'time'));
});
