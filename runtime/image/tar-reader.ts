// A push parser for layer tars (ustar, GNU and PAX), written here rather than taken from a
// library because unpack needs what they drop: binary xattr values from PAX records
// (security.capability is not text), every entry as it comes (whiteouts may be anywhere),
// and refusal of what a layer must not contain. Chunks go in with push(); each entry comes
// out through the handler synchronously, file data as zero-copy slices of the input.

/** Entry types a layer may contain. */
export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'char' | 'block' | 'dir' | 'fifo';

/** One entry, with PAX and GNU long-name extensions applied. */
export interface TarEntry {
  /** The name as written in the archive (not yet normalized). */
  name: string;
  type: TarEntryType;
  size: number;
  /** Permission bits including setuid, setgid and sticky (07777). */
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch; fractional when a PAX record says so. */
  mtime: number;
  /** Symlink or hardlink target. */
  linkname: string;
  devmajor: number;
  devminor: number;
  /** From SCHILY.xattr.* (raw bytes) and LIBARCHIVE.xattr.* (base64) records. */
  xattrs: Map<string, Buffer>;
}

/** Receives entries as they are parsed; throwing from it aborts the parse. */
export interface TarHandler {
  begin(entry: TarEntry): void;
  /** A piece of a regular file's data; valid only during the call. */
  data(chunk: Buffer): void;
  end(): void;
}

/** A malformed archive. */
export class TarFormatError extends Error {
  readonly entry: string | undefined;
  constructor(message: string, entry?: string) {
    super(message);
    this.name = 'TarFormatError';
    this.entry = entry;
  }
}

const TYPES: Record<string, TarEntryType> = {
  '0': 'file', '\0': 'file', '7': 'file', '1': 'hardlink', '2': 'symlink', '3': 'char', '4': 'block', '5': 'dir', '6': 'fifo',
};
const MAX_META = 1 << 20;

function text(buf: Buffer, start: number, len: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end < 0 || end > start + len ? start + len : end);
}

function num(buf: Buffer, start: number, len: number, field: string): number {
  if (buf[start]! & 0x80) {
    if (buf[start] === 0xff) throw new TarFormatError(`negative ${field} in header`);
    let v = buf[start]! & 0x7f;
    for (let i = start + 1; i < start + len; i++) v = v * 256 + buf[i]!;
    return v;
  }
  // Octal, maybe space-padded in front, ended by NUL or space (or the field's end).
  const end = start + len;
  let i = start;
  while (i < end && buf[i] === 0x20) i++;
  let v = 0;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c === 0 || c === 0x20) break;
    if (c < 0x30 || c > 0x37) throw new TarFormatError(`bad octal ${field} "${buf.toString('latin1', start, end)}" in header`);
    v = v * 8 + (c - 0x30);
  }
  return v;
}

function paxStr(pax: Map<string, Buffer> | undefined, key: string): string | undefined {
  return pax?.get(key)?.toString('utf8');
}

/** A numeric PAX record overriding a header field (only mtime may be negative). */
function paxNum(pax: Map<string, Buffer> | undefined, key: string, fallback: number, entry: string): number {
  const s = paxStr(pax, key);
  if (s === undefined) return fallback;
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n) || (n < 0 && key !== 'mtime')) throw new TarFormatError(`bad PAX ${key} "${s}"`, entry);
  return n;
}

/**
 * The sum of a block's 512 bytes, four at a time: each 32-bit word adds its bytes pairwise
 * into two 16-bit lanes, which cannot overflow in 128 words (128 × 2 × 255 < 65536).
 * Summing byte by byte costs more than everything else in a header.
 */
function byteSum(words: Uint32Array): number {
  let acc = 0;
  for (let i = 0; i < 128; i++) {
    const w = words[i]!;
    acc += (w & 0x00ff00ff) + ((w >>> 8) & 0x00ff00ff);
  }
  return (acc % 65536) + Math.floor(acc / 65536);
}

/** The checksum as old tars computed it, with signed bytes. */
function signedSum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < 512; i++) {
    const v = i >= 148 && i < 156 ? 0x20 : b[i]!;
    sum += v > 127 ? v - 256 : v;
  }
  return sum;
}

/** Parses PAX "LEN key=value\n" records; values stay bytes. */
function parsePax(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let at = 0;
  while (at < buf.length && buf[at] !== 0) {
    const sp = buf.indexOf(0x20, at);
    const len = sp < 0 ? NaN : Number(buf.toString('latin1', at, sp));
    if (!Number.isInteger(len) || len <= 0 || at + len > buf.length || buf[at + len - 1] !== 0x0a) throw new TarFormatError('malformed PAX record');
    const rec = buf.subarray(sp + 1, at + len - 1);
    const eq = rec.indexOf(0x3d);
    if (eq < 0) throw new TarFormatError('malformed PAX record (no "=")');
    out.set(rec.toString('utf8', 0, eq), rec.subarray(eq + 1));
    at += len;
  }
  return out;
}

/** Streaming tar parser; see the file comment. */
export class TarParser {
  private state: 'header' | 'body' | 'meta' | 'skip' | 'end' = 'header';
  private readonly block = Buffer.alloc(512);
  private readonly words = new Uint32Array(this.block.buffer, this.block.byteOffset, 128);
  private fill = 0;
  private remaining = 0; // bytes of body/meta/padding still to come
  private padding = 0;
  private meta: { type: string; buf: Buffer; at: number } | undefined;
  private pax: Map<string, Buffer> | undefined;
  private longName: string | undefined;
  private longLink: string | undefined;
  private current: TarEntry | undefined;

  constructor(private readonly handler: TarHandler) {}

  push(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length && this.state !== 'end') {
      if (this.state === 'header') {
        const n = Math.min(512 - this.fill, chunk.length - off);
        chunk.copy(this.block, this.fill, off, off + n);
        this.fill += n;
        off += n;
        if (this.fill === 512) {
          this.fill = 0;
          this.header();
        }
      } else if (this.state === 'meta') {
        const m = this.meta!;
        const n = Math.min(m.buf.length - m.at, chunk.length - off);
        chunk.copy(m.buf, m.at, off, off + n);
        m.at += n;
        off += n;
        if (m.at === m.buf.length) this.metaDone(m);
      } else {
        const n = Math.min(this.remaining, chunk.length - off);
        if (this.state === 'body' && n > 0) this.handler.data(chunk.subarray(off, off + n));
        this.remaining -= n;
        off += n;
        if (this.remaining === 0) this.bodyDone();
      }
    }
  }

  /** Call at the end of input: throws when it stopped inside an entry. */
  finish(): void {
    if (this.state === 'end' || (this.state === 'header' && this.fill === 0 && !this.meta && !this.pax && !this.longName)) return;
    throw new TarFormatError('archive is truncated', this.current?.name);
  }

  private header(): void {
    const b = this.block;
    const total = byteSum(this.words);
    if (total === 0) {
      this.state = 'end'; // end-of-archive; whatever follows is padding
      return;
    }
    let field = 0;
    for (let i = 148; i < 156; i++) field += b[i]!;
    const sum = total - field + 8 * 0x20; // the checksum field counts as spaces
    const stored = num(b, 148, 8, 'checksum');
    if (stored !== sum && stored !== signedSum(b)) throw new TarFormatError('bad header checksum: not a tar archive, or a corrupted one');
    const flag = String.fromCharCode(b[156]!);
    const size = num(b, 124, 12, 'size');
    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      if (size > MAX_META) throw new TarFormatError(`extended header of ${size} bytes is too large`);
      this.meta = { type: flag, buf: Buffer.alloc(size), at: 0 };
      this.padding = (512 - (size % 512)) % 512;
      this.state = 'meta';
      if (size === 0) this.metaDone(this.meta);
      return;
    }
    const type = TYPES[flag];
    const ustar = b.toString('latin1', 257, 263) === 'ustar\0';
    let name = text(b, 0, 100);
    if (ustar && b[345] !== 0) name = `${text(b, 345, 155)}/${name}`;
    const pax = this.pax;
    name = paxStr(pax, 'path') ?? this.longName ?? name;
    // Invalid UTF-8 decodes to U+FFFD; such a name (or one really containing U+FFFD) is refused, not mangled.
    if (name.includes('\uFFFD')) throw new TarFormatError('entry name is not valid UTF-8 (isolab supports UTF-8 names only)', name);
    if (type === undefined) throw new TarFormatError(`unsupported entry type "${flag === '\0' ? '\\0' : flag}"${flag === 'S' ? ' (GNU sparse file)' : ''}`, name);
    if (pax && [...pax.keys()].some((k) => k.startsWith('GNU.sparse.'))) throw new TarFormatError('PAX sparse files are not supported', name);
    const xattrs = new Map<string, Buffer>();
    for (const [k, v] of pax ?? []) {
      if (k.startsWith('SCHILY.xattr.')) xattrs.set(k.slice(13), v);
      else if (k.startsWith('LIBARCHIVE.xattr.')) {
        let key: string;
        try {
          key = decodeURIComponent(k.slice(17));
        } catch {
          throw new TarFormatError(`bad PAX record name "${k}"`, name);
        }
        xattrs.set(key, Buffer.from(v.toString('latin1'), 'base64'));
      }
    }
    const entry: TarEntry = {
      name,
      type,
      size: paxNum(pax, 'size', size, name),
      mode: num(b, 100, 8, 'mode') & 0o7777,
      uid: paxNum(pax, 'uid', num(b, 108, 8, 'uid'), name),
      gid: paxNum(pax, 'gid', num(b, 116, 8, 'gid'), name),
      mtime: paxNum(pax, 'mtime', num(b, 136, 12, 'mtime'), name),
      linkname: paxStr(pax, 'linkpath') ?? this.longLink ?? text(b, 157, 100),
      devmajor: type === 'char' || type === 'block' ? num(b, 329, 8, 'devmajor') : 0,
      devminor: type === 'char' || type === 'block' ? num(b, 337, 8, 'devminor') : 0,
      xattrs,
    };
    if (name.endsWith('/') && entry.type === 'file') entry.type = 'dir'; // old tars mark directories by the slash only
    if (entry.linkname.includes('\uFFFD')) throw new TarFormatError('link target is not valid UTF-8 (isolab supports UTF-8 names only)', name);
    this.pax = this.longName = this.longLink = undefined;
    this.current = entry;
    this.handler.begin(entry);
    // Only regular files have a data section; for the other types the size field is
    // ignored (as Go's archive/tar, hence Docker, does).
    this.remaining = entry.type === 'file' ? entry.size : 0;
    this.padding = (512 - (this.remaining % 512)) % 512;
    this.state = 'body';
    if (this.remaining === 0) this.bodyDone();
  }

  private metaDone(m: { type: string; buf: Buffer }): void {
    if (m.type === 'x') this.pax = parsePax(m.buf);
    else if (m.type === 'L') this.longName = text(m.buf, 0, m.buf.length);
    else if (m.type === 'K') this.longLink = text(m.buf, 0, m.buf.length);
    // 'g' (PAX global header) is ignored, as Docker and containerd do.
    this.meta = undefined;
    this.remaining = this.padding;
    this.padding = 0;
    this.state = this.remaining > 0 ? 'skip' : 'header';
  }

  private bodyDone(): void {
    if (this.state === 'body') {
      this.handler.end();
      this.current = undefined;
      this.remaining = this.padding;
      this.padding = 0;
      this.state = this.remaining > 0 ? 'skip' : 'header';
    } else this.state = 'header';
  }
}
