// From a matrix file to cells: the cross product of its axes, each cell with the areas that
// can be checked in it.
import { NS_NAMES } from '../../runtime/spec/namespaces.js';
import { AREAS, type Area } from '../areas.js';
import { cellName, type CellDef, type ImageKind } from './cell-def.js';
import { MatrixError } from './parse-matrix.js';
import type { MatrixFile } from './schema.js';

/** The areas that mean something in a cell on this image (whiteouts need a layered one). */
export function applicableAreas(image: ImageKind): Area[] {
  return AREAS.filter((a) => a !== 'whiteout' || image !== 'default');
}

/** Expands a matrix into its cells (runtime × namespaces × limits × rootfs). */
export function expandMatrix(m: MatrixFile, source = 'matrix.yaml'): CellDef[] {
  const runtimes = m.axes.runtime ?? ['builtin'];
  const nsSets = m.axes.namespaces ?? [[...NS_NAMES]];
  const limits = m.axes.limits ?? [{}];
  const rootfs = m.axes.rootfs ?? [{ image: 'default' as const }];
  const cells: CellDef[] = [];
  const seen = new Map<string, string>();
  runtimes.forEach((runtime, ri) => nsSets.forEach((ns, ni) => limits.forEach((l, li) => rootfs.forEach((r, fi) => {
    const base = { runtime, ns, limits: l, rootfs: r };
    const name = cellName(base);
    const where = `axes.runtime[${ri}] × axes.namespaces[${ni}] × axes.limits[${li}] × axes.rootfs[${fi}]`;
    const first = seen.get(name);
    if (first) throw new MatrixError(source, [`${where}: cell "${name}" is the same as ${first}: remove the duplicate entry`]);
    seen.set(name, where);
    const areas = applicableAreas(r.image).filter((a) => !m.areas || m.areas.includes(a));
    cells.push({ name, ...base, areas, purpose: 'from the matrix file' });
  }))));
  return cells;
}
