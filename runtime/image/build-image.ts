// buildImage: a build description (image-description.ts) into an image of the store. Each
// layer is written as an OCI layer tar (build-layer.ts) and imported like any other layer,
// so what the suites build goes through the same unpack as what they import. The same
// description gives the same layer digests, config and image, every time.
import path from 'node:path';
import { removeTree } from '../sys/remove-tree.js';
import { writeLayerTar } from './build-layer.js';
import { ImageError } from './errors.js';
import { imageConfig } from './image-config.js';
import { MAX_LAYERS, parseDescription, type ImageDescription } from './image-description.js';
import type { ImageStore, ImportedLayer } from './store.js';
import { checkName } from './store.js';
import type { Digest, ImageRecord } from './store-records.js';

/** What a build made. */
export interface BuildResult {
  image: ImageRecord;
  /** The layers the description added (not the base image's), lowest first. */
  layers: ImportedLayer[];
}

/** Builds `description` (an object, validated here; see readDescription for files) as image `name`. */
export async function buildImage(store: ImageStore, description: unknown, name: string, what = 'build description'): Promise<BuildResult> {
  checkName(name);
  const d: ImageDescription = parseDescription(description, what);
  const parent = d.from === undefined ? undefined : store.getImage(d.from);
  if (d.from !== undefined && !parent) throw new ImageError({ step: 'build', entry: what, reason: `field from: there is no image ${JSON.stringify(d.from)} in the store`, hint: 'see isolab image ls' });
  const total = (parent?.layers.length ?? 0) + d.layers.length;
  if (total > MAX_LAYERS) throw new ImageError({ step: 'build', entry: what, reason: `field layers: ${d.layers.length} layers on top of ${d.from}'s ${parent!.layers.length} make ${total}, more than overlayfs's ${MAX_LAYERS}` });
  const work = store.makeTempDir('build');
  const added: ImportedLayer[] = [];
  try {
    for (const [i, layer] of d.layers.entries()) {
      const tar = path.join(work, `layer-${i}.tar`);
      writeLayerTar(layer.ops, i, d.mtime ?? 0, tar, what);
      added.push(await store.importLayerTar(tar, { what: `${what} layers[${i}]` }));
      removeTree(tar);
    }
    const diffIds: Digest[] = [...(parent?.layers ?? []), ...added.map((l) => l.diffId)];
    const config = imageConfig(diffIds, { ...(parent ? { parent: parent.config } : {}), ...(d.config ? { settings: d.config } : {}), history: d.layers.map((l, i) => l.comment ?? `isolab image build: layer ${i}`) });
    const blobs = parent && !parent.blobs ? undefined : [...(parent?.blobs ?? []), ...added.map((l) => l.digest)];
    return { image: store.putImage(name, diffIds, config, blobs ? { blobs } : {}), layers: added };
  } catch (err) {
    store.discardLayers(added.filter((l) => !l.reused).map((l) => l.diffId));
    throw err;
  } finally {
    removeTree(work);
  }
}
