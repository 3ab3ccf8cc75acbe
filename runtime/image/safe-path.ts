// Safe resolution of layer entry paths. A layer tar is untrusted input: its names may climb
// out with "..", and an earlier entry may plant a symlink that a later entry writes through
// ("evil -> /etc", then "evil/passwd"). Unpack never lets the kernel resolve an entry path
// it has not vetted: every path is normalized lexically, and every parent component must be
// a directory this unpack itself created (LayerTree records what it made). Since the
// destination starts empty and stays mode 0700 until the end, that record is the truth;
// no symlink in the layer is ever followed.
import { ImageError } from './errors.js';
import { classifyName } from './whiteout.js';

/** What unpack has made at a path of the layer. */
export type NodeKind = 'dir' | 'file' | 'symlink' | 'whiteout' | 'special';

/** A name with something to normalize: ".", "..", empty components, leading or trailing "/". */
const NEEDS_WORK = /(^|\/)\.\.?(\/|$)|\/\/|^\/|\/$/;

/**
 * The path of an entry relative to the layer root, "" for the root itself. Leading "/" and
 * "." components are dropped (OCI: absolute names are relative to the layer root); ".." is
 * resolved lexically and refused when it would climb above the root.
 */
export function normalizeEntryPath(name: string, entry: string, what = 'path'): string {
  if (name.includes('\0')) throw new ImageError({ step: 'unpack', entry, reason: `${what} contains a NUL byte` });
  // Fast path for the usual "./a/b" and "a/b": nothing to resolve once a leading "./" is gone.
  const plain = name.startsWith('./') ? name.slice(2) : name;
  if (plain !== '' && !NEEDS_WORK.test(plain)) return plain;
  const out: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) throw new ImageError({ step: 'unpack', entry, reason: `${what} ${JSON.stringify(name)} climbs out of the layer`, hint: 'the layer is malformed or malicious' });
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** The parent of a normalized path ("" for top-level names). */
export function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}

/** The last component of a normalized path. */
export function baseOf(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

/** An ancestor directory that must be made before an entry can be written. */
export interface MissingDir {
  path: string;
  /** A whiteout of this layer is in the way (".wh.d" before "d/f"): it is replaced by the directory. */
  replacesWhiteout: boolean;
}

/** The record of what an unpack has created, which vets every path before it is used. */
export class LayerTree {
  private readonly kinds = new Map<string, NodeKind>([['', 'dir']]);

  kindOf(rel: string): NodeKind | undefined {
    return this.kinds.get(rel);
  }

  set(rel: string, kind: NodeKind): void {
    this.kinds.set(rel, kind);
  }

  /** Forgets rel and, when it was a directory, everything recorded below it. */
  forget(rel: string): void {
    if (this.kinds.get(rel) === 'dir') {
      const prefix = `${rel}/`;
      for (const k of this.kinds.keys()) if (k.startsWith(prefix)) this.kinds.delete(k);
    }
    this.kinds.delete(rel);
  }

  /** Every recorded path of a kind. */
  pathsOf(kind: NodeKind): string[] {
    return [...this.kinds].filter(([, k]) => k === kind).map(([p]) => p);
  }

  /**
   * The ancestors of rel to create, top-down. Refuses an ancestor that is a symlink or any
   * other non-directory, and a whiteout name used as a directory (".wh.x/y").
   */
  missingAncestors(rel: string, entry: string): MissingDir[] {
    const missing: MissingDir[] = [];
    let at = rel.indexOf('/');
    while (at >= 0) {
      const dir = rel.slice(0, at);
      const base = baseOf(dir);
      if (classifyName(base).kind !== 'plain') {
        throw new ImageError({ step: 'unpack', entry, reason: `whiteout name "${base}" used as a directory`, hint: 'whiteouts must be the last component of an entry name' });
      }
      const kind = this.kinds.get(dir);
      if (kind === undefined || kind === 'whiteout') missing.push({ path: dir, replacesWhiteout: kind === 'whiteout' });
      else if (kind === 'symlink') {
        throw new ImageError({ step: 'unpack', entry, reason: `parent "${dir}" is a symlink in this layer; unpack never writes through a symlink`, hint: 'the layer is malformed or malicious' });
      } else if (kind !== 'dir') {
        throw new ImageError({ step: 'unpack', entry, reason: `parent "${dir}" is not a directory in this layer` });
      }
      at = rel.indexOf('/', at + 1);
    }
    return missing;
  }

  /** The normalized target of a hardlink entry: it must be an earlier non-directory entry of this layer. */
  hardlinkTarget(linkname: string, entry: string): string {
    const target = normalizeEntryPath(linkname, entry, 'hardlink target');
    const kind = this.kinds.get(target);
    if (kind === undefined) {
      throw new ImageError({ step: 'unpack', entry, reason: `hardlink target ${JSON.stringify(linkname)} is not in this layer`, hint: 'a hardlink may only point to an earlier entry of the same layer' });
    }
    if (kind === 'dir' || kind === 'whiteout') throw new ImageError({ step: 'unpack', entry, reason: `hardlink target ${JSON.stringify(linkname)} is a ${kind === 'dir' ? 'directory' : 'whiteout'}` });
    return target;
  }
}
