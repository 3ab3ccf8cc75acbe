// Containers from store images: the layer directories an image's rootfs is made of (what
// Spec.isolab.rootfs.layers takes, lowest first), and the default image as a store image.
// The launcher mounts the layers with mount(2) while the option string fits a page and
// with fsconfig("lowerdir+") beyond, so a tall stack mounts: up to the Spec's limit of
// MAX_RUN_LAYERS image layers (overlayfs stacks 500 lower layers; the init layer is one).
import fs from 'node:fs';
import path from 'node:path';
import { ensureDefaultImage } from '../rootfs/default-image.js';
import type { Spec } from '../spec/types.js';
import { commitLayer } from './commit-layer.js';
import { ImageError } from './errors.js';
import { imageConfig } from './image-config.js';
import { MAX_LAYERS } from './image-description.js';
import type { ImageStore } from './store.js';
import type { ImageRecord } from './store-records.js';

/** The most image layers a Spec may stack (runtime/spec/schema.ts checks the same). */
export const MAX_RUN_LAYERS = 498;

/** The name the default image has in a store. */
export const DEFAULT_IMAGE_NAME = 'isolab/default';
const DEFAULT_LABEL = 'org.isolab.default-image';

/** An image's layer directories, lowest first; throws when the image or a layer is missing, or when it has too many layers to run. */
export function imageLayerDirs(store: ImageStore, name: string): string[] {
  const image = store.getImage(name);
  if (!image) throw new ImageError({ step: 'store', entry: name, reason: 'no such image', hint: 'see isolab image ls' });
  if (image.layers.length > MAX_RUN_LAYERS) {
    throw new ImageError({ step: 'store', entry: name, reason: `has ${image.layers.length} layers; a container stacks at most ${MAX_RUN_LAYERS} image layers (the Spec's limit: overlayfs takes ${MAX_LAYERS} lower layers, and isolab adds the init layer)`, hint: 'export it, or build a shorter stack' });
  }
  return image.layers.map((l) => store.layerDir(l));
}

/** spec with its rootfs made of image `name`'s layers. */
export function withImageRootfs(spec: Spec, store: ImageStore, name: string): Spec {
  return { ...spec, isolab: { ...spec.isolab, rootfs: { ...spec.isolab.rootfs, layers: imageLayerDirs(store, name) } } };
}

/**
 * The default image (ensureDefaultImage: the probe, and busybox when the host has a static
 * one) as a one-layer store image named isolab/default; re-imported when the default image
 * changed. Returns the image.
 */
export async function ensureDefaultStoreImage(store: ImageStore): Promise<ImageRecord> {
  const dir = ensureDefaultImage();
  const id = path.basename(dir); // its directory is named by its content hash
  const have = store.getImage(DEFAULT_IMAGE_NAME);
  const labels = (have?.config.config as { Labels?: Record<string, string> } | undefined)?.Labels;
  if (have && labels?.[DEFAULT_LABEL] === id && have.layers.every((l) => store.hasLayer(l))) return have;
  const work = store.makeTempDir('default');
  try {
    const tar = path.join(work, 'layer.tar');
    await commitLayer(dir, tar);
    const layer = await store.importLayerTar(tar, { what: `the default image ${dir}` });
    const config = imageConfig([layer.diffId], { settings: { env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], cmd: fs.existsSync(path.join(dir, 'bin/sh')) ? ['/bin/sh'] : ['/usr/bin/probe', 'self'], labels: { [DEFAULT_LABEL]: id } }, history: [`isolab default image ${id}`] });
    const image = store.putImage(DEFAULT_IMAGE_NAME, [layer.diffId], config, { blobs: [layer.digest] });
    if (have) store.discardLayers(have.layers);
    return image;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
