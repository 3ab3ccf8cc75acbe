// commitContainer: run a Spec on the built-in runtime on a store image, and save what the
// container changed as a new image: the image's layers plus the container's writable layer.
// The steps: rootfs from the image → run → (after the exit, before teardown) commit the
// writable layer without the init layer's files → import it → record the new image.
//
// The init layer's files (INIT_LAYER_PATHS: /etc/hostname, /etc/hosts, …) are per container:
// they are left out of the layer even when the container wrote to or deleted them.
import fs from 'node:fs';
import path from 'node:path';
import { runContainer, type RunningContainer, type RunOptions, type RunResult } from '../container/run-container.js';
import { INIT_LAYER_PATHS } from '../rootfs/init-layer.js';
import type { Spec } from '../spec/types.js';
import { removeTree } from '../sys/remove-tree.js';
import { commitLayer, type CommittedLayer } from './commit-layer.js';
import { ImageError } from './errors.js';
import { imageConfig, type RunSettings } from './image-config.js';
import { withImageRootfs } from './image-rootfs.js';
import { checkName, type ImageStore, type ImportedLayer } from './store.js';
import { digestHex, type ImageRecord } from './store-records.js';

/** Options of commitWritableLayer. */
export interface WritableLayerOptions {
  /** Clamp later mtimes to this (seconds since the epoch, like SOURCE_DATE_EPOCH): two runs that write the same files then commit the same layer. */
  sourceDateEpoch?: number;
}

/**
 * Commits a container's writable layer (from a RunOptions.inspect hook: after the exit,
 * before teardown) as a layer tar at out, without the init layer's files. Committing the
 * same container twice gives the same bytes.
 */
export function commitWritableLayer(c: RunningContainer, out: string, o: WritableLayerOptions = {}): Promise<CommittedLayer> {
  // The layers the upper was mounted over, top first: needed only for renamed directories (redirect_dir=on).
  const lowerDirs = [...(fs.existsSync(c.layout.init) ? [c.layout.init] : []), ...[...c.spec.isolab.rootfs.layers].reverse()];
  return commitLayer(c.layout.upper, out, { exclude: INIT_LAYER_PATHS, lowerDirs, ...(o.sourceDateEpoch !== undefined ? { sourceDateEpoch: o.sourceDateEpoch } : {}) });
}

/** Options of commitContainer. */
export interface CommitContainerOptions extends WritableLayerOptions {
  store: ImageStore;
  /** The image the container runs; its layers are the new image's lower layers. */
  image: string;
  /** The new image's name; default isolab/commit:<the first 12 hex digits of the layer's diffID>. */
  name?: string;
  /** Settings of the new image (default: the parent's). */
  settings?: RunSettings;
  /** Commit even when the workload did not exit with 0 (default: refuse). */
  commitOnFailure?: boolean;
  run?: Omit<RunOptions, 'inspect'>;
}

/** What commitContainer did. */
export interface CommitResult {
  run: RunResult;
  image: ImageRecord;
  layer: ImportedLayer;
  committed: CommittedLayer;
}

/** Runs spec (its rootfs replaced by image o.image) and commits its writable layer as image o.name. */
export async function commitContainer(spec: Spec, o: CommitContainerOptions): Promise<CommitResult> {
  if (o.name !== undefined) checkName(o.name);
  const parent = o.store.getImage(o.image);
  if (!parent) throw new ImageError({ step: 'commit', entry: o.image, reason: 'no such image', hint: 'see isolab image ls' });
  if (spec.linux.namespaces.some((n) => n.type === 'user')) {
    throw new ImageError({ step: 'commit', entry: o.image, reason: 'a container with a user namespace cannot be committed: its writable layer holds host ids, not the image\'s', hint: 'commit without the user namespace' });
  }
  const s = withImageRootfs({ ...spec, isolab: { ...spec.isolab, rootfs: { ...spec.isolab.rootfs, writable: true } } }, o.store, o.image);
  const work = o.store.makeTempDir('commit');
  try {
    const tar = path.join(work, 'layer.tar');
    let committed: CommittedLayer | undefined;
    const run = await runContainer(s, { ...o.run, inspect: async (c) => void (committed = await commitWritableLayer(c, tar, o)) });
    if (!committed) throw new ImageError({ step: 'commit', entry: o.image, reason: 'the container ended before its writable layer could be committed' });
    if (run.exitCode !== 0 && !o.commitOnFailure) {
      throw new ImageError({ step: 'commit', entry: o.image, reason: `the command exited with ${run.exitCode ?? run.signal}: nothing was committed`, hint: 'commit anyway with commitOnFailure (--allow-failure)' });
    }
    const layer = await o.store.importLayerTar(tar, { diffId: committed.diffId, what: `the writable layer of container ${run.id}` });
    const layers = [...parent.layers, layer.diffId];
    const config = imageConfig(layers, { parent: parent.config, ...(o.settings ? { settings: o.settings } : {}), history: [`isolab commit: ${spec.process.args.join(' ')}`] });
    try {
      const image = o.store.putImage(o.name ?? `isolab/commit:${digestHex(layer.diffId).slice(0, 12)}`, layers, config, parent.blobs ? { blobs: [...parent.blobs, layer.digest] } : {});
      return { run, image, layer, committed };
    } catch (err) {
      if (!layer.reused) o.store.discardLayers([layer.diffId]);
      throw err;
    }
  } finally {
    removeTree(work);
  }
}
