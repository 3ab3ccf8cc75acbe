// Overlay whiteouts of a layered image, seen from inside: a file deleted in an upper image
// layer is absent, an opaque directory hides the lower contents, a directory deleted and
// created again shows only its new contents; and a delete inside the container leaves a
// whiteout (char 0/0) in the writable layer while the image layer keeps the file.
import fs from 'node:fs';
import path from 'node:path';
import { LAYERED } from '../images/test-images.js';
import type { Cell } from '../matrix/materialize.js';
import { notOnHost, tried } from './helpers.js';
import { isolated, observationError, shared, type Check, type TryResult } from './types.js';

const needsLayered = (cell: Cell): string | undefined =>
  cell.rootfs.image === 'default'
    ? 'needs the layered test image (rootfs: layered or unconverted)'
    : cell.rootfs.image === 'unconverted' && cell.runtime === 'docker'
      ? 'docker takes images as OCI layers, in which a file named .wh.* is a whiteout: the unconverted control cannot be expressed'
      : undefined;

interface LsOut {
  ok: boolean;
  error: string | null;
  entries?: { name: string }[];
}

const names = (o: LsOut) => (o.entries ?? []).map((e) => e.name).sort();

const deletedFile: Check = {
  id: 'whiteout-deleted-file',
  area: 'whiteout',
  description: `${LAYERED.deleted}, deleted in an upper image layer, is absent`,
  canRun: needsLayered,
  async run(ctx) {
    const { out } = await ctx.probe<{ ok: boolean; error: string | null; type?: string }>(['stat', LAYERED.deleted]);
    const evidence = { path: LAYERED.deleted, stat: { ok: out.ok, error: out.error, type: out.type ?? null } };
    if (!out.ok && out.error === 'ENOENT') return isolated(evidence);
    return out.ok ? shared(evidence) : observationError(evidence);
  },
};

const opaqueDir: Check = {
  id: 'whiteout-opaque-dir',
  area: 'whiteout',
  description: `${LAYERED.opaqueDir}, opaque in an upper layer, shows none of the lower layer's entries`,
  canRun: needsLayered,
  async run(ctx) {
    const { out } = await ctx.probe<LsOut>(['ls', LAYERED.opaqueDir]);
    const seen = names(out);
    const evidence = { path: LAYERED.opaqueDir, entries: seen, lowerEntries: LAYERED.opaqueLower };
    if (!out.ok) return observationError(evidence);
    if (LAYERED.opaqueLower.some((n) => seen.includes(n))) return shared(evidence);
    return LAYERED.opaqueUpper.every((n) => seen.includes(n)) ? isolated(evidence) : observationError(evidence);
  },
};

const recreatedDir: Check = {
  id: 'whiteout-recreated-dir',
  area: 'whiteout',
  description: `${LAYERED.recreatedDir}, deleted in one layer and created again in the next, shows only its new entries`,
  canRun: needsLayered,
  async run(ctx) {
    const { out } = await ctx.probe<LsOut>(['ls', LAYERED.recreatedDir]);
    const seen = names(out);
    const evidence = { path: LAYERED.recreatedDir, entries: seen, oldEntries: LAYERED.recreatedOld, newEntries: LAYERED.recreatedNew };
    if (!out.ok) return observationError(evidence);
    if (LAYERED.recreatedOld.some((n) => seen.includes(n))) return shared(evidence);
    return LAYERED.recreatedNew.every((n) => seen.includes(n)) ? isolated(evidence) : observationError(evidence);
  },
};

const containerDelete: Check = {
  id: 'whiteout-container-delete',
  area: 'whiteout',
  description: `deleting ${LAYERED.kept} inside leaves a char 0/0 whiteout in the writable layer; the image layer keeps the file`,
  // The unconverted image changes nothing here: the container's own deletes are overlayfs's.
  expected: () => 'isolated',
  noControl: "a container's own deletes are overlayfs's whiteouts in every cell; no image or runtime setting changes that",
  canRun: (cell) =>
    needsLayered(cell) ?? notOnHost('delete a host file')(cell) ?? (cell.spec.isolab.rootfs.writable === false ? 'the rootfs has no writable layer' : undefined),
  async run(ctx) {
    const rel = LAYERED.kept.slice(1);
    let upper: { type: string; rdev: number } | null = null;
    let upperDir: string | undefined;
    const { out } = await ctx.probe<TryResult>(['try', 'unlink', LAYERED.kept], {
      inspect: (c) => {
        upperDir = c.upperDir;
        const st = c.upperDir ? fs.lstatSync(path.join(c.upperDir, rel), { throwIfNoEntry: false }) : undefined;
        if (st) upper = { type: st.isCharacterDevice() ? 'char' : st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other', rdev: st.rdev };
      },
    });
    const lowerStill = ctx.cell.spec.isolab.rootfs.layers.some((l) => fs.existsSync(path.join(l, rel)));
    const evidence = { unlink: tried(out), upperEntry: upper, imageLayerKeepsFile: lowerStill };
    if (!upperDir) return observationError({ ...evidence, reason: 'the runtime did not report its writable layer (upperDir)' });
    if (!out.ok || !lowerStill) return observationError(evidence);
    const u = upper as { type: string; rdev: number } | null;
    return u?.type === 'char' && u.rdev === 0 ? isolated(evidence) : shared(evidence);
  },
};

/** The whiteout checks. */
export const WHITEOUT_CHECKS: readonly Check[] = [deletedFile, opaqueDir, recreatedDir, containerDelete];
