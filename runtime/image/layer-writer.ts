// LayerWriter: applies the entries of a layer tar to a fresh directory, as overlayfs wants
// them. OCI whiteouts become overlayfs's own: `.wh.NAME` a char device 0/0 named NAME,
// `.wh..wh..opq` the xattr trusted.overlay.opaque=y on its directory. Every path is vetted
// by LayerTree first (safe-path.ts): nothing is written through a symlink or outside.
//
// File system calls are synchronous on purpose: a layer is thousands of tiny files, and the
// thread-pool round trip of each async call would cost more than the call itself.
import fs from 'node:fs';
import { removeTree } from '../sys/remove-tree.js';
import { lsetxattr, makedev, mknod, S_IFBLK, S_IFCHR, S_IFIFO } from '../sys/inode.js';
import { entryFailure, ImageError } from './errors.js';
import { baseOf, LayerTree, normalizeEntryPath, parentOf } from './safe-path.js';
import type { TarEntry, TarHandler } from './tar-reader.js';
import { classifyName, isOverlayPrivateXattr, OVERLAY_OPAQUE_XATTR } from './whiteout.js';

/** What one unpack wrote, by kind. */
export interface LayerCounts {
  /** Tar entries read, whiteouts included. */
  entries: number;
  files: number;
  dirs: number;
  symlinks: number;
  hardlinks: number;
  /** Char and block devices (not whiteouts). */
  devices: number;
  fifos: number;
  /** `.wh.NAME` entries. */
  whiteouts: number;
  /** Directories marked trusted.overlay.opaque=y (from `.wh..wh..opq`, or whited out and recreated in this layer). */
  opaqueDirs: number;
  /** Bytes of regular-file data written. */
  bytes: number;
}

interface DirMeta {
  mode: number;
  uid: number;
  gid: number;
  mtime: number | undefined;
}

const O_NEW_FILE = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;
const IMPLICIT_DIR: DirMeta = { mode: 0o755, uid: 0, gid: 0, mtime: undefined };

/** Applies tar entries to the destination; the TarParser's handler. */
export class LayerWriter implements TarHandler {
  readonly counts: LayerCounts = { entries: 0, files: 0, dirs: 0, symlinks: 0, hardlinks: 0, devices: 0, fifos: 0, whiteouts: 0, opaqueDirs: 0, bytes: 0 };
  private readonly tree = new LayerTree();
  /** Directory metadata, applied at the end (deepest first) so the tree stays 0700 and root-owned while it is written. */
  private readonly dirs = new Map<string, DirMeta>([['', IMPLICIT_DIR]]);
  private readonly opaque = new Set<string>();
  private readonly whitedOut = new Set<string>();
  private readonly asRoot = process.geteuid?.() === 0;
  private readonly self = { uid: process.geteuid?.() ?? -1, gid: process.getegid?.() ?? -1 };
  private readonly umask = readUmask();
  private file: { fd: number; entry: TarEntry; abs: string } | undefined;

  constructor(
    private readonly dest: string,
    private readonly allowDevices: boolean,
  ) {}

  begin(e: TarEntry): void {
    this.counts.entries++;
    try {
      this.apply(e);
    } catch (err) {
      throw entryFailure('unpack', e.name, `writing the ${e.type}`, err);
    }
  }

  data(chunk: Buffer): void {
    const f = this.file!;
    try {
      for (let off = 0; off < chunk.length; ) off += fs.writeSync(f.fd, chunk, off);
    } catch (err) {
      throw entryFailure('unpack', f.entry.name, 'writing file data', err);
    }
    this.counts.bytes += chunk.length;
  }

  end(): void {
    const f = this.file;
    if (!f) return;
    this.file = undefined;
    try {
      // chown before chmod (chown clears setuid/setgid), xattrs after both (chown clears security.capability).
      // A new file is already ours (its directory is not setgid yet): a chown to ourselves would be a no-op.
      const chown = this.asRoot && (f.entry.uid !== this.self.uid || f.entry.gid !== this.self.gid);
      if (chown) fs.fchownSync(f.fd, f.entry.uid, f.entry.gid);
      if (chown || this.modeAtCreate(f.entry.mode) !== f.entry.mode) fs.fchmodSync(f.fd, f.entry.mode);
      this.setXattrs(f.abs, f.entry);
      fs.futimesSync(f.fd, f.entry.mtime, f.entry.mtime);
    } catch (err) {
      throw entryFailure('unpack', f.entry.name, 'setting file metadata', err);
    } finally {
      fs.closeSync(f.fd);
    }
  }

  /** After the last entry: opaque markers, then directory owners, modes and mtimes. */
  finish(): void {
    for (const d of new Set([...this.opaque, ...this.whitedOut])) {
      // A directory whited out and recreated in this same layer must hide the lower one's children too.
      if (this.tree.kindOf(d) !== 'dir') continue;
      try {
        lsetxattr(this.abs(d), OVERLAY_OPAQUE_XATTR, Buffer.from('y'));
      } catch (err) {
        throw entryFailure('unpack', d, `setting ${OVERLAY_OPAQUE_XATTR}`, err);
      }
      this.counts.opaqueDirs++;
    }
    const depth = (p: string): number => (p === '' ? -1 : p.split('/').length);
    for (const [rel, m] of [...this.dirs].sort((a, b) => depth(b[0]) - depth(a[0]))) {
      const abs = this.abs(rel);
      try {
        if (this.asRoot) fs.lchownSync(abs, m.uid, m.gid);
        fs.chmodSync(abs, m.mode); // the tree says abs is a directory this unpack made: nothing to follow
        if (m.mtime !== undefined) fs.lutimesSync(abs, m.mtime, m.mtime);
      } catch (err) {
        throw entryFailure('unpack', rel === '' ? '/' : rel, 'setting directory metadata', err);
      }
    }
  }

  /** Closes what is open after a failure (the caller removes the tree). */
  abort(): void {
    if (this.file) fs.closeSync(this.file.fd);
    this.file = undefined;
  }

  /** The mode to create a file with: its own when the umask keeps all of it and it has no special bits, else 0600. */
  private modeAtCreate(mode: number): number {
    return (mode & ~0o777) === 0 && (mode & this.umask) === 0 ? mode : 0o600;
  }

  private abs(rel: string): string {
    return rel === '' ? this.dest : `${this.dest}/${rel}`;
  }

  private apply(e: TarEntry): void {
    const rel = normalizeEntryPath(e.name, e.name);
    if (rel === '') return this.rootEntry(e);
    const name = classifyName(baseOf(rel));
    if (name.kind === 'invalid') throw new ImageError({ step: 'unpack', entry: e.name, reason: `invalid whiteout: ${name.reason}` });
    this.makeAncestors(rel, e.name);
    if (name.kind === 'opaque') return this.markOpaque(parentOf(rel), e);
    if (name.kind === 'whiteout') return this.whiteout(parentOf(rel) === '' ? name.target : `${parentOf(rel)}/${name.target}`);
    this.checkXattrs(e);
    const abs = this.abs(rel);
    switch (e.type) {
      case 'dir':
        if (!this.clear(rel, true)) {
          fs.mkdirSync(abs, 0o700);
          this.tree.set(rel, 'dir');
          this.counts.dirs++;
        }
        this.dirs.set(rel, { mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime });
        this.setXattrs(abs, e);
        return;
      case 'file':
        this.clear(rel, false);
        // Created with its final mode when the umask lets it through (no fchmod needed then);
        // nobody else can reach it meanwhile: every directory is still 0700.
        this.file = { fd: fs.openSync(abs, O_NEW_FILE, this.modeAtCreate(e.mode)), entry: e, abs };
        this.tree.set(rel, 'file');
        this.counts.files++;
        return;
      case 'symlink':
        this.clear(rel, false);
        fs.symlinkSync(e.linkname, abs);
        this.tree.set(rel, 'symlink');
        this.counts.symlinks++;
        return this.finishNode(abs, e, false);
      case 'hardlink':
        return this.hardlink(rel, e);
      case 'char':
      case 'block':
      case 'fifo':
        return this.special(rel, e);
    }
  }

  private rootEntry(e: TarEntry): void {
    if (e.type !== 'dir') throw new ImageError({ step: 'unpack', entry: e.name, reason: `the layer root must be a directory, not a ${e.type}` });
    this.checkXattrs(e);
    this.dirs.set('', { mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime });
    this.setXattrs(this.dest, e);
  }

  private checkXattrs(e: TarEntry): void {
    for (const k of e.xattrs.keys()) {
      if (isOverlayPrivateXattr(k)) throw new ImageError({ step: 'unpack', entry: e.name, reason: `xattr "${k}" belongs to overlayfs; a layer may not set it`, hint: 'whiteouts and opaque directories must be spelled .wh.NAME and .wh..wh..opq' });
    }
  }

  /** Creates the missing ancestors of rel (a whiteout of this layer in the way becomes a directory). */
  private makeAncestors(rel: string, entry: string): void {
    for (const d of this.tree.missingAncestors(rel, entry)) {
      if (d.replacesWhiteout) {
        fs.unlinkSync(this.abs(d.path));
        this.tree.forget(d.path);
      }
      fs.mkdirSync(this.abs(d.path), 0o700);
      this.tree.set(d.path, 'dir');
      this.dirs.set(d.path, IMPLICIT_DIR);
      this.counts.dirs++;
    }
  }

  /** Removes what this layer already has at rel (tar semantics: the later entry wins); true when a directory stays for a directory entry. */
  private clear(rel: string, forDir: boolean): boolean {
    const kind = this.tree.kindOf(rel);
    if (kind === undefined) return false;
    if (kind === 'dir' && forDir) return true;
    if (kind === 'dir') {
      removeTree(this.abs(rel));
      for (const k of this.dirs.keys()) if (k === rel || k.startsWith(`${rel}/`)) this.dirs.delete(k);
    } else fs.unlinkSync(this.abs(rel));
    this.tree.forget(rel);
    return false;
  }

  private whiteout(target: string): void {
    this.whitedOut.add(target);
    this.counts.whiteouts++;
    // This layer's own entry at that name already hides the lower one (OCI: a whiteout never hides its own layer's files).
    if (this.tree.kindOf(target) !== undefined) return;
    mknod(this.abs(target), S_IFCHR, 0n);
    this.tree.set(target, 'whiteout');
  }

  private markOpaque(dir: string, e: TarEntry): void {
    // overlayfs ignores the opaque xattr on a layer's root: the lower roots would still show through.
    if (dir === '') throw new ImageError({ step: 'unpack', entry: e.name, reason: 'an opaque marker at the layer root is not supported (overlayfs ignores opaque on layer roots)', hint: 'whiteout the top-level names one by one' });
    this.opaque.add(dir);
  }

  private hardlink(rel: string, e: TarEntry): void {
    const target = this.tree.hardlinkTarget(e.linkname, e.name);
    if (target === rel) throw new ImageError({ step: 'unpack', entry: e.name, reason: 'hardlink to itself' });
    const kind = this.tree.kindOf(target)!;
    this.clear(rel, false);
    if (this.tree.kindOf(target) === undefined) throw new ImageError({ step: 'unpack', entry: e.name, reason: `hardlink target ${JSON.stringify(e.linkname)} was replaced by this entry` });
    fs.linkSync(this.abs(target), this.abs(rel));
    this.tree.set(rel, kind);
    this.counts.hardlinks++;
  }

  private special(rel: string, e: TarEntry): void {
    if (e.type !== 'fifo') {
      if (e.devmajor === 0 && e.devminor === 0) {
        throw new ImageError({ step: 'unpack', entry: e.name, reason: `a ${e.type} device 0/0 is an overlay whiteout in disguise`, hint: 'a layer deletes a file with a .wh.NAME entry' });
      }
      if (!this.allowDevices) throw new ImageError({ step: 'unpack', entry: e.name, reason: `${e.type} device nodes are refused here`, hint: 'only root may unpack layers with device nodes' });
    }
    this.clear(rel, false);
    const type = e.type === 'char' ? S_IFCHR : e.type === 'block' ? S_IFBLK : S_IFIFO;
    mknod(this.abs(rel), type | 0o600, e.type === 'fifo' ? 0n : makedev(e.devmajor, e.devminor));
    this.tree.set(rel, 'special');
    if (e.type === 'fifo') this.counts.fifos++;
    else this.counts.devices++;
    this.finishNode(this.abs(rel), e, true);
  }

  /** Owner, mode (not for symlinks), xattrs and mtime of a node that has no open fd. */
  private finishNode(abs: string, e: TarEntry, chmod: boolean): void {
    if (this.asRoot) fs.lchownSync(abs, e.uid, e.gid);
    if (chmod) fs.chmodSync(abs, e.mode); // abs is the node just made by mknod: nothing to follow
    this.setXattrs(abs, e);
    fs.lutimesSync(abs, e.mtime, e.mtime);
  }

  private setXattrs(abs: string, e: TarEntry): void {
    for (const [k, v] of e.xattrs) lsetxattr(abs, k, v);
  }
}

/** This process's umask, from /proc (process.umask() cannot read it without changing it); 0o777 when unknown, so every mode gets an fchmod. */
function readUmask(): number {
  try {
    const m = /^Umask:\s*([0-7]+)$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? parseInt(m[1]!, 8) : 0o777;
  } catch {
    return 0o777;
  }
}
