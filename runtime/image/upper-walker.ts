// UpperWalker: the tar of an overlay upper directory, as commitLayer writes it (see there):
// whiteouts and opaque markers from overlayfs's spelling, renamed directories written whole
// from the merged view, excluded paths skipped, hardlinks kept, sockets skipped.
//
// Cost per regular file (the bulk of a layer): open, fstat, flistxattr, read, close — five
// syscalls and one path lookup (readdir's d_type says which entries are files, so they
// need no lstat). xattrs are listed on every file: overlayfs puts its own only on
// directories and copied-up files, but user.* and security.capability may be on any file,
// and a layer must carry them. Measured on 10,000 100-byte files: about 1 µs a file, a
// tenth of the commit; GNU tar -c reads none (with --xattrs it lists them too).
import fs from 'node:fs';
import { fgetxattr, flistxattr, lgetxattr, llistxattr, splitDev } from '../sys/inode.js';
import { entryFailure, ImageError } from './errors.js';
import type { LayerDir, OverlayLayers } from './overlay-merge.js';
import { TarBatch } from './tar-batch.js';
import type { TarWriteEntry } from './tar-writer.js';
import { isOverlayPrivateXattr, isWhiteoutDevice, OPAQUE_MARKER, OVERLAY_METACOPY_XATTR, OVERLAY_OPAQUE_XATTR, OVERLAY_REDIRECT_XATTR, OVERLAY_XWHITEOUT_XATTR, WHITEOUT_PREFIX } from './whiteout.js';

/** Files up to this size are read straight into the output batch. */
const SMALL_FILE = 1 << 16;
const CHUNK = 1 << 20;
// O_NONBLOCK: should a FIFO take a regular file's place after readdir, open must not hang on it.
const O_READ = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY;

/** Walks the upper layer and yields the tar in batches. */
export class UpperWalker {
  private readonly out = new TarBatch();
  private readonly linked = new Map<string, string>(); // dev:ino → first path, for hardlinks

  constructor(
    private readonly layers: OverlayLayers,
    private readonly haveLowers: boolean,
    private readonly exclude: ReadonlySet<string>,
    /** mtimes later than this are written as this (SOURCE_DATE_EPOCH); undefined: as they are. */
    private readonly clampMtime?: number,
  ) {}

  private mtime(st: fs.Stats): number {
    const s = seconds(st);
    return this.clampMtime !== undefined && s > this.clampMtime ? this.clampMtime : s;
  }

  /** Entries written so far. */
  get entries(): number {
    return this.out.entries;
  }

  /** The whole tar, in batches. */
  *chunks(): Generator<Buffer> {
    yield* this.walkUpper('');
    this.out.finish();
    yield* this.out.drain();
  }

  /** The upper's own changes below rel: whiteouts and opaque markers kept. */
  private *walkUpper(rel: string): Generator<Buffer> {
    const dir = this.layers.abs({ layer: 0, rel });
    for (const ent of sortedEntries(dir)) {
      const name = ent.name;
      const childRel = join(rel, name);
      if (this.exclude.has(childRel)) continue;
      const abs = `${dir}/${name}`;
      // Most of an upper layer is regular files: they take the fd path (fstat, flistxattr
      // and read on one open file: no path lookup but the open). The rest, and a file that
      // changed type since readdir, take the lstat path.
      if (!(ent.isFile() && this.regularFile(rel, name, abs))) yield* this.otherNode(rel, name, abs);
      if (this.out.hasReady) yield* this.out.drain();
    }
  }

  /** A regular file through its fd; false (nothing written) when it is not one after all. */
  private regularFile(rel: string, name: string, abs: string): boolean {
    const childRel = join(rel, name);
    let fd: number;
    try {
      fd = fs.openSync(abs, O_READ);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP' || code === 'ENXIO' || code === 'ENOENT') return false; // replaced meanwhile: the lstat path says by what
      throw entryFailure('commit', childRel, 'opening', err);
    }
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) return false;
      const xattrs = readXattrs(fd, childRel);
      if (xattrs.has(OVERLAY_XWHITEOUT_XATTR)) this.whiteout(rel, name, st);
      else this.node(childRel, abs, st, xattrs, fd);
      return true;
    } catch (err) {
      throw entryFailure('commit', childRel, 'reading', err);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Anything but a regular file: whiteouts, directories (opaque, renamed), symlinks, devices. */
  private *otherNode(rel: string, name: string, abs: string): Generator<Buffer> {
    const childRel = join(rel, name);
    const st = fs.lstatSync(abs);
    if (st.isFile()) {
      if (this.regularFile(rel, name, abs)) return;
      throw new ImageError({ step: 'commit', entry: childRel, reason: 'the file keeps changing type while it is committed', hint: 'stop the container before committing its layer' });
    }
    if (isWhiteoutDevice(st)) return this.whiteout(rel, name, st);
    const xattrs = readXattrs(abs, childRel);
    if (st.isDirectory() && xattrs.has(OVERLAY_REDIRECT_XATTR)) {
      yield* this.renamedDir(rel, name, st, xattrs);
    } else if (st.isDirectory()) {
      this.node(childRel, abs, st, xattrs);
      if (xattrs.get(OVERLAY_OPAQUE_XATTR)?.toString() === 'y') this.opaqueMarker(childRel, st);
      yield* this.walkUpper(childRel);
    } else this.node(childRel, abs, st, xattrs);
  }

  private whiteout(rel: string, name: string, st: fs.Stats): void {
    this.out.header({ name: join(rel, WHITEOUT_PREFIX + name), type: 'file', mode: 0o600, uid: st.uid, gid: st.gid, mtime: this.mtime(st), size: 0 });
  }

  /** A directory renamed from a lower one: written opaque, with its full merged contents. */
  private *renamedDir(rel: string, name: string, st: fs.Stats, xattrs: ReadonlyMap<string, Buffer>): Generator<Buffer> {
    const childRel = join(rel, name);
    if (!this.haveLowers) {
      throw new ImageError({ step: 'commit', entry: childRel, reason: `renamed directory (${OVERLAY_REDIRECT_XATTR}) needs the lower layers to be committed`, hint: 'pass lowerDirs (top first), or mount with redirect_dir=off' });
    }
    const merged = this.layers.lookup(this.layers.resolveDir(rel) ?? [{ layer: 0, rel }], name);
    this.node(childRel, this.layers.abs({ layer: 0, rel: childRel }), st, xattrs);
    this.opaqueMarker(childRel, st);
    yield* this.walkMerged(childRel, merged?.dirs ?? [{ layer: 0, rel: childRel }]);
  }

  /** Everything the merged view has below rel (whiteouts applied, none written). */
  private *walkMerged(rel: string, dirs: readonly LayerDir[]): Generator<Buffer> {
    const names = new Set<string>();
    for (const d of dirs) for (const n of sortedNames(this.layers.abs(d))) names.add(n);
    for (const name of [...names].sort(byBytes)) {
      const childRel = join(rel, name);
      if (this.exclude.has(childRel)) continue;
      const m = this.layers.lookup(dirs, name);
      if (!m) continue;
      this.node(childRel, m.abs, m.st, readXattrs(m.abs, childRel));
      if (m.st.isDirectory()) yield* this.walkMerged(childRel, m.dirs);
      if (this.out.hasReady) yield* this.out.drain();
    }
  }

  private opaqueMarker(dirRel: string, st: fs.Stats): void {
    this.out.header({ name: join(dirRel, OPAQUE_MARKER), type: 'file', mode: st.mode & 0o777, uid: st.uid, gid: st.gid, mtime: this.mtime(st), size: 0 });
  }

  /** One file system node; regular files with their data (read from fd when given, which stays open). Sockets are skipped (tar has no type for them). */
  private node(rel: string, abs: string, st: fs.Stats, allXattrs: ReadonlyMap<string, Buffer>, fd?: number): void {
    const type = typeOf(st);
    if (type === undefined) return;
    if (type === 'file' && allXattrs.has(OVERLAY_METACOPY_XATTR)) {
      throw new ImageError({ step: 'commit', entry: rel, reason: 'metadata-only copy-up (metacopy=on): the data is still in a lower layer', hint: 'mount the container overlay with metacopy=off' });
    }
    const xattrs = allXattrs.size === 0 ? allXattrs : new Map([...allXattrs].filter(([k]) => !isOverlayPrivateXattr(k)));
    const e: TarWriteEntry = { name: rel, type, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: this.mtime(st), size: 0, xattrs };
    try {
      if (type === 'symlink') e.linkname = fs.readlinkSync(abs);
      else if (type === 'char' || type === 'block') ({ major: e.devmajor, minor: e.devminor } = splitDev(st.rdev));
      else if (type === 'file' && st.nlink > 1) {
        const key = `${st.dev}:${st.ino}`;
        const first = this.linked.get(key);
        if (first !== undefined) {
          e.type = 'hardlink';
          e.linkname = first;
        } else this.linked.set(key, rel);
      }
      if (e.type !== 'file') return this.out.header(e);
      e.size = st.size;
      const own = fd === undefined ? fs.openSync(abs, O_READ) : fd;
      try {
        this.fileData(own, e);
      } finally {
        if (fd === undefined) fs.closeSync(own);
      }
    } catch (err) {
      throw entryFailure('commit', rel, 'reading', err);
    }
  }

  private fileData(fd: number, e: TarWriteEntry): void {
    this.out.header(e);
    if (e.size <= SMALL_FILE) {
      const { buf, off } = this.out.room(e.size); // straight into the batch
      readExactly(fd, e, buf, off, e.size);
      this.out.advance(e.size);
    } else {
      for (let left = e.size; left > 0; ) {
        const chunk = Buffer.allocUnsafe(Math.min(left, CHUNK));
        readExactly(fd, e, chunk, 0, chunk.length);
        this.out.queue(chunk);
        left -= chunk.length;
      }
    }
    this.out.pad(e.size);
  }
}

/** Reads exactly n bytes; a file that shrank since its lstat is an error (one that grew is cut at its lstat size). */
function readExactly(fd: number, e: TarWriteEntry, buf: Buffer, off: number, n: number): void {
  for (let got = 0; got < n; ) {
    const r = fs.readSync(fd, buf, off + got, n - got, null);
    if (r === 0) throw new ImageError({ step: 'commit', entry: e.name, reason: 'the file shrank while it was committed', hint: 'stop the container before committing its layer' });
    got += r;
  }
}

const join = (a: string, b: string): string => (a === '' ? b : `${a}/${b}`);
const seconds = (st: fs.Stats): number => Math.floor(st.mtimeMs / 1000);
const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

function typeOf(st: fs.Stats): TarWriteEntry['type'] | undefined {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'dir';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  if (st.isFIFO()) return 'fifo';
  return undefined; // a socket
}

/** A directory's entries in byte order of their names; a name that is not valid UTF-8 is an error, not a mangled entry. */
function sortedEntries(dir: string): fs.Dirent[] {
  const ents = fs.readdirSync(dir, { withFileTypes: true });
  let wide = false;
  for (const e of ents) {
    if (e.name.includes('\uFFFD')) checkUtf8(dir, e.name);
    else if (!wide && /[\uD800-\uFFFF]/.test(e.name)) wide = true;
  }
  // UTF-16 order is byte (UTF-8) order except where surrogate pairs meet U+E000…U+FFFF.
  return wide ? ents.sort((a, b) => byBytes(a.name, b.name)) : ents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The names of dir in byte order, for the merged walk. */
function sortedNames(dir: string): string[] {
  return sortedEntries(dir).map((e) => e.name);
}

/** A decoded name with U+FFFD: refused unless the file really has that character in its name. */
function checkUtf8(dir: string, name: string): void {
  const raw = fs.readdirSync(dir, { encoding: 'buffer' });
  if (raw.some((b) => b.toString('utf8') === name && Buffer.from(name).equals(b))) return;
  throw new ImageError({ step: 'commit', entry: `${dir}/${name}`, reason: 'file name is not valid UTF-8 (isolab supports UTF-8 names only)' });
}

const NO_XATTRS: ReadonlyMap<string, Buffer> = new Map();

/** All xattrs of a node, by path (not followed) or open fd; overlay-private ones included: the caller reads and filters them. */
function readXattrs(at: string | number, rel: string): ReadonlyMap<string, Buffer> {
  try {
    const names = typeof at === 'number' ? flistxattr(at, rel) : llistxattr(at);
    if (names.length === 0) return NO_XATTRS; // most files: no Map to allocate
    const out = new Map<string, Buffer>();
    for (const name of names.sort()) {
      const v = typeof at === 'number' ? fgetxattr(at, name, rel) : lgetxattr(at, name);
      if (v !== undefined) out.set(name, v);
    }
    return out;
  } catch (err) {
    throw entryFailure('commit', rel, 'reading xattrs', err);
  }
}
