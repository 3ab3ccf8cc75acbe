// The table of contents of an image archive (an OCI layout or a `docker save` in one tar):
// for each regular file, where its bytes are in the archive and their sha256, found in one
// sequential read. Import then verifies every blob against its manifest before it unpacks
// anything, and copies blobs straight out of the archive, without extracting it.
//
// Entry names are only keys here: nothing is ever written under them. A name that climbs
// out of the archive ("../x") is refused all the same, as a sign of a malicious archive.
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { ImageError } from './errors.js';
import { normalizeEntryPath } from './safe-path.js';
import { TarFormatError, TarParser, type TarEntry, type TarHandler } from './tar-reader.js';

/** One regular file of the archive. */
export interface ArchiveFile {
  /** Offset of its first byte in the archive file. */
  start: number;
  size: number;
  /** Hex sha256 of its bytes. */
  sha256: string;
}

/** The archive's entries by normalized name: files, and links (symlink or hardlink) with their target. */
export interface ArchiveIndex {
  files: Map<string, ArchiveFile>;
  links: Map<string, { target: string; hard: boolean }>;
}

class Indexer implements TarHandler {
  readonly index: ArchiveIndex = { files: new Map(), links: new Map() };
  /** The chunk being parsed and its offset in the archive: data() slices point into it. */
  chunk: Buffer = Buffer.alloc(0);
  chunkStart = 0;
  private current: { name: string; size: number; start: number | undefined; hash: Hash } | undefined;

  constructor(private readonly what: string) {}

  begin(e: TarEntry): void {
    const name = normalizeEntryPath(e.name, e.name, 'archive entry');
    if (e.type === 'file') this.current = { name, size: e.size, start: e.size === 0 ? 0 : undefined, hash: createHash('sha256') };
    else if (e.type === 'symlink' || e.type === 'hardlink') {
      this.index.links.set(name, { target: e.linkname, hard: e.type === 'hardlink' });
      this.index.files.delete(name); // a later entry replaces an earlier one of the same name
    }
  }

  data(slice: Buffer): void {
    const c = this.current!;
    if (c.start === undefined) {
      // The parser hands out zero-copy slices of the chunk it was given (tar-reader.ts).
      if (slice.buffer !== this.chunk.buffer) throw new ImageError({ step: 'import', entry: this.what, reason: 'internal error: tar data is not a slice of its chunk' });
      c.start = this.chunkStart + (slice.byteOffset - this.chunk.byteOffset);
    }
    c.hash.update(slice);
  }

  end(): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    this.index.files.set(c.name, { start: c.start ?? 0, size: c.size, sha256: c.hash.digest('hex') });
    this.index.links.delete(c.name); // a later entry replaces an earlier one of the same name
  }
}

/** Reads the archive once and returns its index; `what` names it in errors. */
export async function indexArchive(file: string, what: string): Promise<ArchiveIndex> {
  const indexer = new Indexer(what);
  const parser = new TarParser(indexer);
  let offset = 0;
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
      const b = chunk as Buffer;
      indexer.chunk = b;
      indexer.chunkStart = offset;
      parser.push(b);
      offset += b.length;
    }
    parser.finish();
  } catch (err) {
    if (err instanceof ImageError) throw new ImageError({ step: 'import', entry: err.entry === undefined ? what : `${what}:${err.entry}`, reason: err.reason, hint: 'the archive is malformed or malicious' });
    if (err instanceof TarFormatError) throw new ImageError({ step: 'import', entry: err.entry === undefined ? what : `${what}:${err.entry}`, reason: `not a readable tar archive: ${err.message}` });
    const code = (err as NodeJS.ErrnoException).code;
    throw new ImageError({ step: 'import', entry: what, reason: 'cannot read the archive', errno: code, cause: err });
  }
  return indexer.index;
}

/** The file an archive name leads to, following links inside the archive (never out of it). */
export function resolveArchiveName(index: ArchiveIndex, name: string, what: string): ArchiveFile | undefined {
  let at = name;
  for (let hops = 0; hops < 16; hops++) {
    const f = index.files.get(at);
    if (f) return f;
    const link = index.links.get(at);
    if (!link) return undefined;
    const base = link.hard || link.target.startsWith('/') ? '' : at.slice(0, at.lastIndexOf('/') + 1);
    at = normalizeEntryPath(`${base}${link.target}`, `${what}:${at}`, 'link target');
  }
  throw new ImageError({ step: 'import', entry: `${what}:${name}`, reason: 'too many links to follow' });
}
