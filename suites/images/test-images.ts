// The images of the suites: the default image, and a layered image with overlay whiteouts
// (plus its "unconverted" twin whose whiteouts are plain ".wh." files) for the whiteout and
// init-layer checks. Built per suite run under the run root, removed after it; a crashed
// run's images are removed by the next one.
import fs from 'node:fs';
import path from 'node:path';
import { runRoot } from '../../runtime/launcher/paths.js';
import { ensureDefaultImage } from '../../runtime/rootfs/default-image.js';
import { removeTree } from '../../runtime/sys/remove-tree.js';
import type { RootfsDef } from '../matrix/cell-def.js';
import type { LayerSource } from '../matrix/materialize.js';
import { makeOpaque, makeWhiteout } from './overlay-marks.js';

/** What the layered image holds, for the checks to compare with. */
export const LAYERED = {
  /** Present in the lowest test layer, whited out above it. */
  deleted: '/wh/deleted',
  /** Lower layer holds a and b; the upper one marks it opaque and holds only c. */
  opaqueDir: '/wh/opaque',
  opaqueLower: ['a', 'b'],
  opaqueUpper: ['c'],
  /** A directory deleted in the middle layer and created again (other contents) in the top one. */
  recreatedDir: '/wh/recreated',
  recreatedOld: ['old'],
  recreatedNew: ['new'],
  /** A file of the lowest test layer that the container deletes. */
  kept: '/wh/kept',
  /** What the image's own /etc/hostname says (the init layer must hide it). */
  imageHostname: 'image-hostname',
  imageHostsLine: '# hosts file of the image',
} as const;

/** The built images of one suite run. */
export interface TestImages extends LayerSource {
  /** The default image's rootfs directory. */
  defaultImage: string;
  /** Whether the default image has /bin/sh (busybox): some checks script several probes. */
  hasShell: boolean;
  /** Removes what was built (idempotent). */
  remove(): void;
}

function write(root: string, rel: string, text: string): void {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o755 });
  fs.writeFileSync(p, text, { mode: 0o644 });
}

function mkdir(root: string, rel: string): string {
  const p = path.join(root, rel);
  fs.mkdirSync(p, { recursive: true, mode: 0o755 });
  return p;
}

/** The three test layers: lower, the whiteout layer (converted or not), top. */
function buildLayers(dir: string): void {
  const l1 = mkdir(dir, 'l1');
  write(l1, LAYERED.deleted, 'lower\n');
  for (const f of LAYERED.opaqueLower) write(l1, `${LAYERED.opaqueDir}/${f}`, 'lower\n');
  for (const f of LAYERED.recreatedOld) write(l1, `${LAYERED.recreatedDir}/${f}`, 'lower\n');
  write(l1, LAYERED.kept, 'kept\n');
  write(l1, '/etc/hostname', `${LAYERED.imageHostname}\n`);
  write(l1, '/etc/hosts', `${LAYERED.imageHostsLine}\n127.0.0.1 image-hostname\n`);

  const w = mkdir(dir, 'l2w'); // as overlayfs wants it
  mkdir(w, 'wh');
  makeWhiteout(path.join(w, LAYERED.deleted));
  const opq = mkdir(w, LAYERED.opaqueDir);
  makeOpaque(opq);
  for (const f of LAYERED.opaqueUpper) write(w, `${LAYERED.opaqueDir}/${f}`, 'upper\n');
  makeWhiteout(path.join(w, LAYERED.recreatedDir));

  const u = mkdir(dir, 'l2u'); // as an OCI layer tar has it, unpacked without conversion
  write(u, `/wh/.wh.${path.basename(LAYERED.deleted)}`, '');
  write(u, `${LAYERED.opaqueDir}/.wh..wh..opq`, '');
  for (const f of LAYERED.opaqueUpper) write(u, `${LAYERED.opaqueDir}/${f}`, 'upper\n');
  write(u, `/wh/.wh.${path.basename(LAYERED.recreatedDir)}`, '');

  const l3 = mkdir(dir, 'l3');
  for (const f of LAYERED.recreatedNew) write(l3, `${LAYERED.recreatedDir}/${f}`, 'top\n');
  // /wh is writable by every uid (as /tmp, less the sticky bit), so that a container's root
  // in a user namespace — a uid the host's root-owned layers do not know — can delete in it.
  for (const l of [l1, w, u, l3]) fs.chmodSync(path.join(l, 'wh'), 0o777);
}

const imagesRoot = () => path.join(runRoot(), 'suite-images');

function alive(pid: number): boolean {
  return fs.existsSync(`/proc/${pid}`);
}

/** Removes test images of runs whose process is gone. */
export function removeStaleImages(): void {
  let names: string[] = [];
  try {
    names = fs.readdirSync(imagesRoot());
  } catch {
    return;
  }
  for (const n of names) {
    const pid = Number(n.split('-')[0]);
    if (!Number.isInteger(pid) || !alive(pid)) removeTree(path.join(imagesRoot(), n));
  }
}

let seq = 0;

/** Builds the test images (the default image is shared and persistent). */
export function buildTestImages(): TestImages {
  const defaultImage = ensureDefaultImage();
  removeStaleImages();
  fs.mkdirSync(imagesRoot(), { recursive: true, mode: 0o755 });
  const dir = path.join(imagesRoot(), `${process.pid}-${seq++}-${Date.now().toString(36)}`);
  fs.mkdirSync(dir, { mode: 0o755 });
  try {
    buildLayers(dir);
  } catch (err) {
    removeTree(dir);
    throw err;
  }
  const padding: string[] = [];
  const pad = (n: number) => {
    while (padding.length < n) padding.push(mkdir(dir, `p/${padding.length}`));
    return padding.slice(0, n);
  };
  const layersOf = (image: RootfsDef['image']) =>
    image === 'default' ? [defaultImage]
      : [defaultImage, path.join(dir, 'l1'), path.join(dir, image === 'layered' ? 'l2w' : 'l2u'), path.join(dir, 'l3')];
  return {
    defaultImage,
    hasShell: fs.existsSync(path.join(defaultImage, 'bin/sh')),
    layersFor(r: RootfsDef) {
      const layers = layersOf(r.image);
      return r.layers !== undefined && r.layers > layers.length ? [...pad(r.layers - layers.length), ...layers] : layers;
    },
    remove: () => removeTree(dir),
  };
}
