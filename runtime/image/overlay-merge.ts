// The merged view of overlay layers, computed from the layer directories themselves (no
// mount): what overlayfs would show at a path. Commit needs it for one case only: a
// directory renamed with redirect_dir=on is, in the upper layer, a directory carrying
// trusted.overlay.redirect whose lower contents live under another path; a layer tar cannot
// say "renamed", so commit writes such a directory out whole, as the merged view.
//
// The lookup follows fs/overlayfs/namei.c: a whiteout ends it, a non-directory ends it, an
// opaque directory is the last one stacked; a relative redirect renames the entry within
// its parent's lower directories, an absolute one restarts from the lower layers' roots.
import fs from 'node:fs';
import { lgetxattr } from '../sys/inode.js';
import { ImageError } from './errors.js';
import { isWhiteoutDevice, OVERLAY_OPAQUE_XATTR, OVERLAY_REDIRECT_XATTR, OVERLAY_XWHITEOUT_XATTR } from './whiteout.js';

/** A real directory of one layer that contributes to a merged directory. */
export interface LayerDir {
  layer: number;
  /** Path inside that layer, "" for its root. */
  rel: string;
}

/** What the merged view has at a name. */
export interface MergedNode {
  /** The topmost real node: its metadata and contents are the merged one's. */
  abs: string;
  st: fs.Stats;
  /** For a directory: the layer directories merged into it, top first. */
  dirs: LayerDir[];
}

const join = (a: string, b: string): string => (a === '' ? b : `${a}/${b}`);

/** Layers top first: index 0 is the upper (or topmost) layer. */
export class OverlayLayers {
  constructor(readonly roots: readonly string[]) {}

  abs(d: LayerDir): string {
    return d.rel === '' ? this.roots[d.layer]! : `${this.roots[d.layer]}/${d.rel}`;
  }

  /** The layer directories merged at rel, or undefined when rel is not a directory in the merged view. */
  resolveDir(rel: string): LayerDir[] | undefined {
    let dirs: LayerDir[] = this.roots.map((_, layer) => ({ layer, rel: '' }));
    for (const name of rel === '' ? [] : rel.split('/')) {
      const node = this.lookup(dirs, name);
      if (!node || !node.st.isDirectory()) return undefined;
      dirs = node.dirs;
    }
    return dirs;
  }

  /** The merged entry `name` of a merged directory made of `parent`, or undefined when hidden or absent. */
  lookup(parent: readonly LayerDir[], name: string): MergedNode | undefined {
    let top: { abs: string; st: fs.Stats } | undefined;
    const dirs: LayerDir[] = [];
    let current = name; // renamed by a relative redirect
    let fromRoot: string | undefined; // set by an absolute redirect
    let i = 0;
    let lastLayer = -1;
    for (;;) {
      let cand: LayerDir;
      if (fromRoot === undefined) {
        const p = parent[i++];
        if (!p) break;
        cand = { layer: p.layer, rel: join(p.rel, current) };
      } else {
        if (++lastLayer >= this.roots.length) break;
        cand = { layer: lastLayer, rel: fromRoot };
      }
      lastLayer = cand.layer;
      const found = fromRoot === undefined ? this.lstat(this.abs(cand)) : this.lstatPath(cand);
      if (!found) continue;
      if (isWhiteoutDevice(found) || (found.isFile() && lgetxattr(this.abs(cand), OVERLAY_XWHITEOUT_XATTR))) break;
      top ??= { abs: this.abs(cand), st: found };
      if (!found.isDirectory() || !top.st.isDirectory()) break;
      dirs.push(cand);
      const abs = this.abs(cand);
      if (lgetxattr(abs, OVERLAY_OPAQUE_XATTR)?.toString() === 'y') break;
      const redirect = lgetxattr(abs, OVERLAY_REDIRECT_XATTR)?.toString();
      if (redirect === undefined) continue;
      const target = checkRedirect(redirect, abs);
      if (redirect.startsWith('/')) fromRoot = target;
      else current = target;
    }
    return top && { ...top, dirs: top.st.isDirectory() ? dirs : [] };
  }

  private lstat(abs: string): fs.Stats | undefined {
    return fs.lstatSync(abs, { throwIfNoEntry: false });
  }

  /** lstat of a multi-component path inside one layer: every parent must be a real directory of that layer. */
  private lstatPath(d: LayerDir): fs.Stats | undefined {
    const parts = d.rel.split('/');
    let at = this.roots[d.layer]!;
    for (let k = 0; k < parts.length; k++) {
      at = `${at}/${parts[k]}`;
      const st = this.lstat(at);
      if (!st) return undefined;
      if (k === parts.length - 1) return st;
      if (!st.isDirectory()) return undefined;
    }
    return undefined;
  }
}

/** A redirect's target as a path inside a layer; refuses anything that could leave it. */
function checkRedirect(value: string, abs: string): string {
  const parts = value.split('/').filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => p === '.' || p === '..') || (!value.startsWith('/') && parts.length !== 1)) {
    throw new ImageError({ step: 'commit', entry: abs, reason: `unusable ${OVERLAY_REDIRECT_XATTR} value ${JSON.stringify(value)}` });
  }
  return parts.join('/');
}
