// Writes the outer tar of an image archive (OCI archive, `docker load` archive): files from
// memory or from disk, with headers that depend only on the name and size (owner 0, fixed
// modes, mtime 0), in the order given. The same entries give the same bytes. Written to a
// temporary sibling and renamed over `out`, so a failed export leaves no partial archive.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { encodeHeader, END_OF_ARCHIVE, padding } from './tar-writer.js';

/** One entry of an archive: a directory, bytes, or a file's whole content. */
export type ArchiveEntry = { name: string; kind: 'dir' } | { name: string; kind: 'bytes'; bytes: Buffer } | { name: string; kind: 'file'; file: string };

async function* archiveChunks(entries: readonly ArchiveEntry[]): AsyncGenerator<Buffer> {
  for (const e of entries) {
    if (e.kind === 'dir') {
      yield encodeHeader({ name: e.name, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0, size: 0 });
      continue;
    }
    const size = e.kind === 'bytes' ? e.bytes.length : fs.statSync(e.file).size;
    yield encodeHeader({ name: e.name, type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size });
    if (e.kind === 'bytes') yield e.bytes;
    else {
      let copied = 0;
      for await (const chunk of fs.createReadStream(e.file, { highWaterMark: 1 << 20 })) {
        copied += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      if (copied !== size) throw new Error(`${e.file} changed size while it was archived`);
    }
    yield padding(size);
  }
  yield END_OF_ARCHIVE;
}

/** Writes the entries as a tar at out (replacing it). */
export async function writeArchive(out: string, entries: readonly ArchiveEntry[]): Promise<void> {
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.tmp-${randomBytes(4).toString('hex')}`);
  try {
    await pipeline(Readable.from(archiveChunks(entries)), fs.createWriteStream(tmp, { flags: 'wx', mode: 0o644 }));
    fs.renameSync(tmp, out);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
