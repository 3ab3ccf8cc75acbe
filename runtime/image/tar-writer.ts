// Tar header encoding for commit: ustar headers, preceded by a PAX extended header only
// when a field does not fit ustar (long or non-ASCII names, big ids or sizes, xattrs).
// Everything in a header is a function of the entry, so the same tree always gives the
// same bytes: no uname/gname lookups, no atime/ctime, mtimes in whole seconds, PAX records
// sorted by key, and a fixed name for the PAX header itself.
import type { TarEntryType } from './tar-reader.js';

/** One entry to write. */
export interface TarWriteEntry {
  /** Path relative to the layer root, without a trailing slash. */
  name: string;
  type: TarEntryType;
  mode: number;
  uid: number;
  gid: number;
  /** Whole seconds since the epoch. */
  mtime: number;
  /** Data bytes that follow (regular files only). */
  size: number;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  /** xattr name → raw value, written as SCHILY.xattr.* records. */
  xattrs?: ReadonlyMap<string, Buffer>;
}

/** Two zero blocks: the end of an archive. */
export const END_OF_ARCHIVE: Buffer = Buffer.alloc(1024);

const FLAG: Record<TarEntryType, number> = { file: 0x30, hardlink: 0x31, symlink: 0x32, char: 0x33, block: 0x34, dir: 0x35, fifo: 0x36 };
const MAX_OCTAL_7 = 0o7777777;
const MAX_OCTAL_11 = 0o77777777777;
const ZEROS = Buffer.alloc(512);
const MAGIC = Buffer.from('ustar\x0000', 'latin1');

/** The zero bytes that pad `size` bytes of data to a whole block. */
export function padding(size: number): Buffer {
  return ZEROS.subarray(0, (512 - (size % 512)) % 512);
}

// Helpers live at module level: this is the per-file hot path of commit.
const isAscii = (s: string): boolean => Buffer.byteLength(s) === s.length && !s.includes('\0');
const fits = (v: number, max: number): boolean => Number.isInteger(v) && v >= 0 && v <= max;
const clamp = (v: number, max: number): number => (fits(v, max) ? v : 0);

/** Octal digits filling len-1 bytes, then NUL; returns the sum of the bytes written (for the checksum). */
function octal(buf: Buffer, off: number, len: number, v: number): number {
  let sum = 0;
  buf[off + len - 1] = 0;
  let i = off + len - 2;
  for (; v >= 0x80000000 && i >= off; i--) {
    const c = 0x30 + (v % 8);
    sum += buf[i] = c;
    v = Math.floor(v / 8);
  }
  for (; i >= off; i--) {
    const c = 0x30 + (v & 7); // 31-bit values: bit operations are exact, and much cheaper
    sum += buf[i] = c;
    v >>>= 3;
  }
  return sum;
}

/** A device number: octal when it fits, base-256 (GNU) otherwise; returns the byte sum. */
function devField(buf: Buffer, off: number, v: number): number {
  if (v <= MAX_OCTAL_7) return octal(buf, off, 8, v);
  let sum = 0x80;
  for (let i = off + 7; i > off; i--, v = Math.floor(v / 256)) sum += buf[i] = v % 256;
  buf[off] = 0x80;
  return sum;
}

/** Writes an ASCII string field; returns the byte sum. */
function text(buf: Buffer, off: number, max: number, s: string): number {
  let sum = 0;
  const n = Math.min(s.length, max);
  for (let i = 0; i < n; i++) sum += buf[off + i] = s.charCodeAt(i);
  return sum;
}

/** Splits an ASCII path into ustar prefix (≤155) and name (≤100), or undefined when it cannot be. */
function splitUstar(path: string): { prefix: string; name: string } | undefined {
  if (path.length <= 100) return { prefix: '', name: path };
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    if (i > 155) return undefined;
    if (path.length - i - 1 <= 100 && i > 0) return { prefix: path.slice(0, i), name: path.slice(i + 1) };
  }
  return undefined;
}

function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  let len = body.length + String(body.length).length;
  if (String(len).length > String(body.length).length) len++;
  return Buffer.concat([Buffer.from(String(len)), body]);
}

interface UstarFields {
  name: string;
  prefix: string;
  flag: number;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  linkname: string;
  devmajor: number;
  devminor: number;
}

const MAGIC_SUM = [...MAGIC].reduce((a, b) => a + b, 0);

/**
 * One 512-byte ustar header at buf[off]; all strings are ASCII by then. The checksum is
 * summed from what is written (the rest is zeros): summing 512 bytes costs more than the
 * whole header otherwise.
 */
function ustarInto(buf: Buffer, off: number, f: UstarFields, zeroed: boolean): void {
  if (!zeroed) buf.fill(0, off, off + 512);
  let sum = 8 * 0x20; // the checksum field counts as spaces
  sum += text(buf, off, 100, f.name);
  sum += octal(buf, off + 100, 8, f.mode);
  sum += octal(buf, off + 108, 8, f.uid);
  sum += octal(buf, off + 116, 8, f.gid);
  sum += octal(buf, off + 124, 12, f.size);
  sum += octal(buf, off + 136, 12, f.mtime);
  sum += buf[off + 156] = f.flag;
  sum += text(buf, off + 157, 100, f.linkname);
  MAGIC.copy(buf, off + 257);
  sum += MAGIC_SUM;
  sum += devField(buf, off + 329, f.devmajor);
  sum += devField(buf, off + 337, f.devminor);
  sum += text(buf, off + 345, 155, f.prefix);
  octal(buf, off + 148, 7, sum); // six digits and NUL,
  buf[off + 155] = 0x20; // then a space
}

/** An entry's header worked out before it is written: its PAX records, if any, and its length. */
export interface PreparedHeader {
  pax: Buffer | undefined;
  /** The ustar name/prefix split, when the name fits ustar. */
  split: { prefix: string; name: string } | undefined;
  /** Bytes the header(s) take. */
  length: number;
}

/** Works out an entry's header: ustar alone in the usual case, PAX records (sorted by key) when a field does not fit. */
export function prepareHeader(e: TarWriteEntry): PreparedHeader {
  const name = e.type === 'dir' ? `${e.name}/` : e.name;
  const linkname = e.linkname ?? '';
  const split = isAscii(name) ? splitUstar(name) : undefined;
  const simple = split !== undefined && (linkname === '' || (linkname.length <= 100 && isAscii(linkname))) && fits(e.uid, MAX_OCTAL_7) && fits(e.gid, MAX_OCTAL_7) && fits(e.size, MAX_OCTAL_11) && fits(e.mtime, MAX_OCTAL_11) && !e.xattrs?.size;
  if (simple) return { pax: undefined, split, length: 512 };
  const pax: Array<[string, Buffer]> = [];
  if (!split) pax.push(['path', Buffer.from(name)]);
  if (linkname.length > 100 || !isAscii(linkname)) pax.push(['linkpath', Buffer.from(linkname)]);
  if (!fits(e.uid, MAX_OCTAL_7)) pax.push(['uid', Buffer.from(String(e.uid))]);
  if (!fits(e.gid, MAX_OCTAL_7)) pax.push(['gid', Buffer.from(String(e.gid))]);
  if (!fits(e.size, MAX_OCTAL_11)) pax.push(['size', Buffer.from(String(e.size))]);
  if (!fits(e.mtime, MAX_OCTAL_11)) pax.push(['mtime', Buffer.from(String(e.mtime))]);
  for (const [k, v] of e.xattrs ?? []) pax.push([`SCHILY.xattr.${k}`, v]);
  pax.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const records = Buffer.concat(pax.map(([k, v]) => paxRecord(k, v)));
  return { pax: records, split, length: 1024 + records.length + padding(records.length).length };
}

/**
 * Writes the header(s) of an entry at buf[off] (h.length bytes); the caller writes the data
 * and padding(size) after. `zeroed`: those bytes are zeros already (no need to clear them).
 */
export function writeHeader(buf: Buffer, off: number, e: TarWriteEntry, h: PreparedHeader, zeroed = false): void {
  const linkname = e.linkname ?? '';
  const mtime = clamp(e.mtime, MAX_OCTAL_11);
  if (h.pax) {
    // A fixed, ASCII name for the PAX header (Go's archive/tar spelling), so it never varies.
    const slash = e.name.lastIndexOf('/');
    const paxName = `${e.name.slice(0, slash + 1)}PaxHeaders.0/${e.name.slice(slash + 1)}`.replace(/[^\x20-\x7e]/g, '_').slice(0, 99);
    ustarInto(buf, off, { name: paxName, prefix: '', flag: 0x78, mode: 0o644, uid: 0, gid: 0, size: h.pax.length, mtime, linkname: '', devmajor: 0, devminor: 0 }, zeroed);
    h.pax.copy(buf, off + 512);
    const padded = h.pax.length + padding(h.pax.length).length;
    if (!zeroed) buf.fill(0, off + 512 + h.pax.length, off + 512 + padded);
    off += 512 + padded;
  }
  const name = e.type === 'dir' ? `${e.name}/` : e.name;
  ustarInto(buf, off, {
    name: h.split?.name ?? Buffer.from(name).subarray(0, 100).toString('latin1').replace(/[^\x20-\x7e]/g, '_'),
    prefix: h.split?.prefix ?? '',
    flag: FLAG[e.type],
    mode: e.mode & 0o7777,
    uid: clamp(e.uid, MAX_OCTAL_7),
    gid: clamp(e.gid, MAX_OCTAL_7),
    size: clamp(e.size, MAX_OCTAL_11),
    mtime,
    linkname: linkname.length <= 100 && isAscii(linkname) ? linkname : '',
    devmajor: e.devmajor ?? 0,
    devminor: e.devminor ?? 0,
  }, zeroed);
}

/** The header block(s) of an entry as a new buffer. */
export function encodeHeader(e: TarWriteEntry): Buffer {
  const h = prepareHeader(e);
  const b = Buffer.alloc(h.length);
  writeHeader(b, 0, e, h);
  return b;
}
