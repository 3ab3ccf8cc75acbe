// The built-in matrices: quick (a smoke run), default (every check with its control cell),
// full (the cross product worth running).
import { NS_NAMES, type NsName } from '../../runtime/spec/namespaces.js';
import { AREA_NAMESPACE, NAMESPACE_AREAS, type Area } from '../areas.js';
import { cellName, HOST_RUNTIME, type CellDef, type LimitsDef, type RootfsDef } from './cell-def.js';

/** The name of a built-in matrix. */
export type PresetName = 'quick' | 'default' | 'full';
export const PRESETS: readonly PresetName[] = ['quick', 'default', 'full'];

/** The limits of the limit cells: small enough to hit fast, large enough to start in. */
export const SUITE_LIMITS: Readonly<LimitsDef> = { memoryBytes: 32 * 2 ** 20, pids: 32, cpus: 0.25 };

const DEFAULT_ROOTFS: RootfsDef = { image: 'default' };

function cell(runtime: string, ns: NsName[], areas: Area[], purpose: string, limits: LimitsDef = {}, rootfs: RootfsDef = DEFAULT_ROOTFS): CellDef {
  const base = { runtime, ns, limits, rootfs };
  return { name: cellName(base), ...base, areas, purpose };
}

/** The control cell that runs the workload as a plain host process: every area shared. */
export function hostControlCell(areas: Area[] = ['pid', 'fds', 'init-layer']): CellDef {
  return cell(HOST_RUNTIME, [], areas, 'control: a plain host process, nothing isolated (for the checks no runtime switch turns off)');
}

/** One runtime's cells: `all` is every namespace the runtime can create. */
interface Ctx {
  rt: string;
  all: NsName[];
  full: string;
}

const without = (c: Ctx, ...off: NsName[]) => c.all.filter((n) => !off.includes(n));

function quick(c: Ctx): CellDef[] {
  return [
    cell(c.rt, c.all, [...NAMESPACE_AREAS, 'fds', 'init-layer'], c.full),
    cell(c.rt, c.all, ['cgroup-limits'], 'cgroup limits enforced', { ...SUITE_LIMITS }),
    cell(c.rt, c.all, ['whiteout'], 'whiteouts of a layered image', {}, { image: 'layered' }),
  ];
}

/** The area of each namespace (the inverse of AREA_NAMESPACE). */
const areaOf = (n: NsName): Area => NAMESPACE_AREAS.find((a) => AREA_NAMESPACE[a] === n)!;

function defaults(c: Ctx): CellDef[] {
  const pairs = (['uts', 'mnt'] as const).filter((n) => c.all.includes(n) && c.all.includes('user'));
  // Each control cell checks the areas of the namespaces it turns off; how the other areas
  // fare beside a missing namespace is the full preset's cross product.
  return [
    cell(c.rt, c.all, [...NAMESPACE_AREAS, 'fds', 'init-layer', 'cgroup-limits'], `${c.full}; control of the limit checks (no limits set)`),
    // The init layer checks run again without a user namespace: with one, the container's
    // root may not be allowed to write the init layer's files at all.
    ...c.all.map((off) => cell(c.rt, without(c, off), off === 'user' ? ['user', 'init-layer'] : [areaOf(off)], `control: ${off} namespace off`)),
    // A user namespace alone keeps the host's UTS and mount namespaces safe (the container
    // has no capability over them), so those checks need both off to see the leak.
    ...pairs.map((n) => cell(c.rt, without(c, n, 'user'), [areaOf(n)], `control: ${n} and user namespaces off`)),
    cell(c.rt, c.all, ['cgroup-limits'], 'cgroup limits enforced', { ...SUITE_LIMITS }),
    cell(c.rt, c.all, ['whiteout', 'init-layer'], 'whiteouts of a layered image; init layer over image files', {}, { image: 'layered' }),
    cell(c.rt, c.all, ['whiteout'], 'control: whiteouts left unconverted', {}, { image: 'unconverted' }),
  ];
}

function full(c: Ctx): CellDef[] {
  const nsCells: CellDef[] = [cell(c.rt, c.all, [...NAMESPACE_AREAS, 'fds', 'init-layer', 'cgroup-limits'], c.full)];
  nsCells.push(cell(c.rt, [], [...NAMESPACE_AREAS, 'fds', 'init-layer'], 'control: no namespace'));
  c.all.forEach((a) => nsCells.push(cell(c.rt, without(c, a), [...NAMESPACE_AREAS], `control: ${a} off`)));
  c.all.forEach((a, i) => c.all.slice(i + 1).forEach((b) => nsCells.push(cell(c.rt, without(c, a, b), [...NAMESPACE_AREAS], `control: ${a} and ${b} off`))));
  c.all.forEach((a) => nsCells.push(cell(c.rt, [a], [...NAMESPACE_AREAS], `only the ${a} namespace`)));
  const unique = nsCells.filter((x, i) => nsCells.findIndex((y) => y.name === x.name) === i); // small "all" sets repeat
  return [
    ...unique,
    cell(c.rt, c.all, ['cgroup-limits'], 'cgroup limits enforced', { ...SUITE_LIMITS }),
    cell(c.rt, [], ['cgroup-limits'], 'cgroup limits without namespaces', { ...SUITE_LIMITS }),
    cell(c.rt, c.all, ['whiteout', 'init-layer'], 'whiteouts of a layered image', {}, { image: 'layered' }),
    cell(c.rt, c.all, ['whiteout'], 'whiteouts under 100 lower layers', {}, { image: 'layered', layers: 100 }),
    cell(c.rt, [], ['whiteout', 'init-layer'], 'whiteouts without namespaces', {}, { image: 'layered' }),
    cell(c.rt, c.all, ['whiteout'], 'control: whiteouts left unconverted', {}, { image: 'unconverted' }),
  ];
}

/**
 * The cells of a preset for the given runtimes, plus the host control cell (once).
 * `namespacesOf` tells which namespaces a runtime can create (default: all of them): "full
 * isolation" is all of those, and a namespace it cannot create gets no control cell — its
 * area is then checked only as shared, and the full cell's purpose says so.
 */
export function presetCells(name: PresetName, runtimes: readonly string[] = ['builtin'], namespacesOf: (rt: string) => readonly NsName[] = () => NS_NAMES): CellDef[] {
  const per = name === 'quick' ? quick : name === 'default' ? defaults : full;
  const cells = runtimes.flatMap((rt) => {
    const all = NS_NAMES.filter((n) => namespacesOf(rt).includes(n));
    const missing = NS_NAMES.filter((n) => !all.includes(n));
    return per({ rt, all, full: missing.length ? `full isolation (${rt} cannot create: ${missing.join(', ')})` : 'full isolation' });
  });
  return name === 'quick' ? cells : [...cells, hostControlCell()];
}

/** Whether a name is a preset's. */
export function isPreset(name: string): name is PresetName {
  return (PRESETS as readonly string[]).includes(name);
}
