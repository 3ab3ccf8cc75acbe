// The layer-depth tree and its mounts: layers named 0 … 499 (topmost first), where depth d
// mounts layers 0 … d−1 and looks up files that only the lowest of them (d−1) holds, in a
// directory that every one of the d layers has (so each lookup walks all d layers, as a
// lookup in /usr/lib of a many-layer image does).
//
// mount(2) takes the whole option string in one page. 500 absolute paths under a scratch
// directory do not fit; 500 short names relative to the layers' directory do
// ("lowerdir=0:1:…:499" is under 2 KiB), so the mount is made from that directory as the
// working directory, which is where the kernel resolves relative paths. When even that
// does not fit, the new mount API adds the layers one at a time (fsconfig "lowerdir+",
// Linux ≥ 6.8), as runtime/native/launcher/overlay.c does.
import fs from 'node:fs';
import path from 'node:path';
import { mountOverlay } from '../../runtime/adapters/overlay-mount.js';
import { mount } from '../../runtime/sys/libc.js';

/** mount(2) refuses option strings of a page or more (the terminating NUL included). */
export const PAGE_BYTES = 4096;

/** The layer directory names of a mount of `depth` layers, topmost first. */
export function depthLayerNames(depth: number): string[] {
  return Array.from({ length: depth }, (_, i) => String(i));
}

/** The directory every layer of depth d has, holding the lowest layer's files. */
export const depthDirName = (depth: number): string => `d${depth}`;

/** The names of the files looked up at one depth. */
export function depthFileNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `f${String(i).padStart(6, '0')}`);
}

/** The overlay option string of depth layers with relative names (upper and work too). */
export function depthMountOptions(depth: number, upper = 'u', work = 'w'): string {
  return `lowerdir=${depthLayerNames(depth).join(':')},upperdir=${upper},workdir=${work}`;
}

/** Whether mount(2) takes this option string (shorter than one page, with its NUL). */
export function fitsInOnePage(options: string): boolean {
  return Buffer.byteLength(options) + 1 <= PAGE_BYTES;
}

/**
 * Builds the tree for the given depths in layersDir: layer i has the directory of every
 * depth d > i; layer d−1 has `files` empty files in depth d's directory.
 */
export function buildDepthLayers(layersDir: string, depths: readonly number[], files: number): void {
  const deepest = Math.max(...depths);
  const names = depthFileNames(files);
  for (let i = 0; i < deepest; i++) {
    const layer = path.join(layersDir, String(i));
    for (const d of depths) {
      if (d <= i) continue;
      const dir = path.join(layer, depthDirName(d));
      fs.mkdirSync(dir, { recursive: true });
      if (i === d - 1) for (const n of names) fs.writeFileSync(path.join(dir, n), '');
    }
    fs.mkdirSync(layer, { recursive: true }); // layers below every depth's bottom are empty
  }
}

/** How a depth mount was made: one mount(2) call, or layer by layer (fsconfig). */
export type DepthMountMethod = 'mount(2) relative' | 'fsconfig lowerdir+';

/**
 * Mounts `depth` layers of layersDir at target, with upper and work (names inside
 * layersDir, made fresh by the caller). Returns how.
 */
export function mountDepth(layersDir: string, depth: number, target: string, upper: string, work: string): DepthMountMethod {
  const options = depthMountOptions(depth, upper, work);
  if (fitsInOnePage(options)) {
    const before = process.cwd();
    process.chdir(layersDir); // the kernel resolves the relative layer names from here
    try {
      mount('overlay', target, 'overlay', 0, options);
    } finally {
      process.chdir(before);
    }
    return 'mount(2) relative';
  }
  const abs = (n: string) => path.join(layersDir, n);
  mountOverlay(target, { lower: depthLayerNames(depth).map(abs), upper: abs(upper), work: abs(work) });
  return 'fsconfig lowerdir+';
}
