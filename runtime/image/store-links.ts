// The store's short layer links, l/<12 hex digits> -> ../layers/sha256/<hex>/root: lowerdir
// strings built from them, relative to the store root, fit ~250 layers into mount(2)'s
// one-page option string. Every change is atomic (a link is made under a temporary name
// and renamed into place); a link whose layer is gone is removed by the next store use.
import fs from 'node:fs';
import path from 'node:path';
import { isStale, tmpName } from './store-files.js';
import { digestHex, type Digest, type LayerRecord } from './store-records.js';

function linkTarget(hex: string): string {
  return `../layers/sha256/${hex}/root`;
}

function readlinkOrUndefined(p: string): string | undefined {
  try {
    return fs.readlinkSync(p);
  } catch {
    return undefined;
  }
}

/** The shortest free link name for a layer (12 hex digits, longer only on a prefix collision), relative to root. */
export function pickLink(root: string, diffId: Digest): string {
  const hex = digestHex(diffId);
  for (let n = 12; n < 64; n += 4) {
    const link = `l/${hex.slice(0, n)}`;
    const target = readlinkOrUndefined(path.join(root, link));
    if (target === undefined || target === linkTarget(hex)) return link;
  }
  return `l/${hex}`;
}

/** (Re)creates a layer's short link; atomic by rename. */
export function ensureLink(root: string, record: LayerRecord): void {
  const want = linkTarget(digestHex(record.diffId));
  const at = path.join(root, record.link);
  if (readlinkOrUndefined(at) === want) return;
  const tmp = path.join(root, 'l', `.${tmpName('link')}`);
  fs.symlinkSync(want, tmp);
  fs.renameSync(tmp, at);
}

/** Removes a layer's link, unless the name now leads to another layer. */
export function removeLink(root: string, record: LayerRecord): void {
  const link = path.join(root, record.link);
  if (readlinkOrUndefined(link) === linkTarget(digestHex(record.diffId))) fs.rmSync(link, { force: true });
}

/** Removes links whose layer is gone, and link work of processes that are gone. */
export function cleanLinks(root: string): void {
  const dir = path.join(root, 'l');
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const p = path.join(dir, name);
    if (name.startsWith('.') ? isStale(p, name.slice(1)) : !fs.existsSync(p)) fs.rmSync(p, { force: true });
  }
}
