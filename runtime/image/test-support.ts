// Helpers of the image tests (not used by isolab itself): hand-built tars with tar-stream
// (an independent writer, so entry order and names are the test's), real overlay mounts
// that are always unmounted, temp dirs that are always removed, and tree listings to
// compare merged views.
import type { ExecutionContext } from 'ava';
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import * as tarStream from 'tar-stream';
import { removeTree } from '../sys/remove-tree.js';

/** One entry of a test tar (tar-stream's header, with content for files). */
export interface TestEntry {
  name: string;
  type?: 'file' | 'link' | 'symlink' | 'directory' | 'character-device' | 'block-device' | 'fifo';
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: Date;
  devmajor?: number;
  devminor?: number;
  pax?: Record<string, string>;
}

/** A tar of exactly these entries, in this order. */
export async function buildTar(entries: TestEntry[], opts: { gzip?: boolean } = {}): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c: unknown) => {
      chunks.push(c as Buffer);
    });
    pack.on('end', () => resolve());
    pack.on('error', reject);
  });
  for (const e of entries) {
    const type = e.type ?? 'file';
    const content = e.content === undefined ? Buffer.alloc(0) : Buffer.from(e.content);
    const header = {
      name: e.name,
      type,
      mode: e.mode ?? (type === 'directory' ? 0o755 : 0o644),
      uid: e.uid ?? 0,
      gid: e.gid ?? 0,
      mtime: e.mtime ?? new Date(1_600_000_000_000),
      ...(e.linkname !== undefined ? { linkname: e.linkname } : {}),
      ...(e.devmajor !== undefined ? { devmajor: e.devmajor, devminor: e.devminor ?? 0 } : {}),
      ...(e.pax ? { pax: e.pax } : {}),
    };
    await new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null): void => (err ? reject(err) : resolve());
      if (type === 'file') pack.entry({ ...header, size: content.length }, content, cb);
      else pack.entry(header, cb);
    });
  }
  pack.finalize();
  await done;
  const tar = Buffer.concat(chunks);
  return opts.gzip ? zlib.gzipSync(tar) : tar;
}

/** The entries of a tar as tar-stream reads them: name, type, and content of files. */
export async function readTar(tar: Buffer): Promise<Array<{ name: string; type: string; size: number; linkname: string | null; mode: number; uid: number; gid: number; mtime: number; pax: Record<string, string> | null; content: string }>> {
  const extract = tarStream.extract();
  const out: Awaited<ReturnType<typeof readTar>> = [];
  const done = (async () => {
    for await (const entry of extract) {
      const parts: Buffer[] = [];
      for await (const c of entry) parts.push(c as Buffer);
      const h = entry.header;
      out.push({ name: h.name, type: h.type, size: h.size, linkname: h.linkname ?? null, mode: h.mode, uid: h.uid, gid: h.gid, mtime: h.mtime.getTime() / 1000, pax: (h.pax as Record<string, string> | null) ?? null, content: Buffer.concat(parts).toString() });
    }
  })();
  extract.end(tar);
  await done;
  return out;
}

/** A temp dir removed after the test (after its overlay mounts, which teardown first). */
export function tempDir(t: ExecutionContext, prefix = 'isolab-image-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.teardown(() => removeTree(dir));
  return dir;
}

/** An overlay mount that is unmounted in teardown even when the test fails; umount() does it early. */
export interface TestOverlay {
  target: string;
  options: string;
  umount(): Promise<void>;
}

/** Mounts an overlay with mount(8); lowers top first (paths relative to cwd when given). */
export async function mountOverlay(t: ExecutionContext, o: { lowers: string[]; upper?: string; work?: string; target: string; extra?: string[]; cwd?: string }): Promise<TestOverlay> {
  const opts = [`lowerdir=${o.lowers.join(':')}`];
  if (o.upper) opts.push(`upperdir=${o.upper}`, `workdir=${o.work}`);
  opts.push(...(o.extra ?? []));
  const options = opts.join(',');
  await execa('mount', ['-t', 'overlay', 'overlay', '-o', options, o.target], { cwd: o.cwd });
  let mounted = true;
  const umount = async (): Promise<void> => {
    if (!mounted) return;
    mounted = false;
    await execa('umount', [o.target]);
  };
  // Registered after tempDir's teardown, so it runs before it (ava runs teardowns last-in, first-out).
  t.teardown(umount);
  return { target: o.target, options, umount };
}

/** What a tree shows, one line per path: type, mode, owner, mtime and content or link target. */
export function listTree(root: string, opts: { skip?: (rel: string) => boolean; mtimes?: boolean } = {}): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(path.join(root, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (opts.skip?.(r)) continue;
      const abs = path.join(root, r);
      const st = fs.lstatSync(abs);
      const kind = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : st.isFile() ? 'f' : st.isCharacterDevice() ? `c${st.rdev}` : st.isFIFO() ? 'p' : '?';
      const what = st.isFile() ? JSON.stringify(fs.readFileSync(abs, 'utf8')) : st.isSymbolicLink() ? `-> ${fs.readlinkSync(abs)}` : '';
      const mtime = opts.mtimes === false || st.isDirectory() ? '' : ` t=${Math.floor(st.mtimeMs / 1000)}`;
      out.push(`${r} ${kind} ${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}${mtime} ${what}`.trimEnd());
      if (st.isDirectory()) walk(r);
    }
  };
  walk('');
  return out;
}

/** The names directly in a directory, sorted. */
export function namesIn(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}
