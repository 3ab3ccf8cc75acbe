// Helpers of the image-level tests (not used by isolab itself): stores in temp dirs, OCI
// layouts and docker save archives assembled by hand (with tar-stream, independent of
// isolab's own writers), and the file set a container sees, listed from inside it.
import type { ExecutionContext } from 'ava';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runContainer, type RunResult } from '../container/run-container.js';
import { ensureDefaultImage } from '../rootfs/default-image.js';
import { buildSpec } from '../spec/defaults.js';
import { imageLayerDirs } from './image-rootfs.js';
import { ImageStore } from './store.js';
import { buildTar, namesIn, tempDir, type TestEntry } from './test-support.js';

export const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** A store in a temp dir (removed after the test), and the temp dir. */
export function newStore(t: ExecutionContext): { store: ImageStore; work: string } {
  const work = tempDir(t);
  fs.chmodSync(work, 0o755);
  return { store: new ImageStore(path.join(work, 'store')), work };
}

/** Asserts that the store holds nothing: no image, layer, blob, link or work in progress. */
export function assertStoreEmpty(t: ExecutionContext, store: ImageStore): void {
  t.deepEqual(store.listImages(), [], 'no image');
  t.deepEqual(store.listLayers(), [], 'no layer');
  for (const d of ['blobs/sha256', 'l', 'tmp', 'layers/sha256']) {
    const p = path.join(store.root, d);
    t.deepEqual(fs.existsSync(p) ? namesIn(p) : [], [], `${d} is empty`);
  }
}

/** A layer of a hand-made image: its tar (plain or gzip) and diffID. */
export interface TestLayer {
  blob: Buffer;
  diffId: string;
  gzip: boolean;
}

export async function testLayer(entries: TestEntry[], gzip = false): Promise<TestLayer> {
  const plain = await buildTar(entries);
  return { blob: gzip ? await buildTar(entries, { gzip: true }) : plain, diffId: `sha256:${sha256(plain)}`, gzip };
}

/** A config document for the layers, as bytes (formatted the way another tool might: indented). */
export function testConfig(layers: TestLayer[], extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Env: ['HAND=made'] }, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) }, ...extra }, null, 3));
}

/** Files of an OCI image layout, name → bytes; `tamper` edits the documents before they are hashed into each other. */
export function ociLayoutFiles(layers: TestLayer[], o: { name?: string; config?: Buffer; tamper?: { manifest?: (m: Record<string, unknown>) => void; index?: (i: Record<string, unknown>) => void } } = {}): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const blob = (b: Buffer): { digest: string; size: number } => {
    const hex = sha256(b);
    files.set(`blobs/sha256/${hex}`, b);
    return { digest: `sha256:${hex}`, size: b.length };
  };
  const config = o.config ?? testConfig(layers);
  const manifest: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...blob(config) },
    layers: layers.map((l) => ({ mediaType: `application/vnd.oci.image.layer.v1.tar${l.gzip ? '+gzip' : ''}`, ...blob(l.blob) })),
  };
  o.tamper?.manifest?.(manifest);
  const mbytes = Buffer.from(JSON.stringify(manifest, null, 2));
  const index: Record<string, unknown> = {
    schemaVersion: 2,
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...blob(mbytes), ...(o.name ? { annotations: { 'org.opencontainers.image.ref.name': o.name } } : {}) }],
  };
  o.tamper?.index?.(index);
  files.set('index.json', Buffer.from(JSON.stringify(index)));
  files.set('oci-layout', Buffer.from('{"imageLayoutVersion": "1.0.0"}'));
  return files;
}

/**
 * Files of a `docker save` archive as docker 20.10 writes it: <id>/layer.tar, <config>.json,
 * manifest.json; a layer that appears twice is a symlink to the first copy.
 */
export function dockerSaveEntries(layers: TestLayer[], o: { tags?: string[]; config?: Buffer; layerPaths?: string[]; configPath?: string } = {}): TestEntry[] {
  const config = o.config ?? testConfig(layers);
  const configName = o.configPath ?? `${sha256(config)}.json`;
  const entries: TestEntry[] = [];
  const seen = new Map<string, string>();
  const paths = layers.map((l, i) => {
    const id = sha256(`${i}${l.diffId}`);
    const p = o.layerPaths?.[i] ?? `${id}/layer.tar`;
    if (o.layerPaths?.[i] === undefined) {
      entries.push({ name: `${id}/`, type: 'directory' });
      const first = seen.get(l.diffId);
      entries.push(first ? { name: p, type: 'symlink', linkname: `../${first}` } : { name: p, content: l.blob });
      if (!first) seen.set(l.diffId, p);
    }
    return p;
  });
  entries.push({ name: configName, content: config });
  entries.push({ name: 'manifest.json', content: JSON.stringify([{ Config: configName, RepoTags: o.tags ?? ['hand/made:1'], Layers: paths }]) });
  return entries;
}

/** Writes files (name → bytes) as a directory tree. */
export function writeTree(dir: string, files: Map<string, Buffer>): void {
  for (const [name, bytes] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), bytes);
  }
}

/** The files as a tar archive (directories implied). */
export async function archiveOf(files: Map<string, Buffer>, gzip = false): Promise<Buffer> {
  return buildTar([...files].map(([name, content]) => ({ name, content })), { gzip });
}

/** Whether the default image has a shell (busybox-static on the host): the file-set listings need one. */
export function defaultImageHasShell(): boolean {
  return fs.existsSync(path.join(ensureDefaultImage(), 'bin/sh'));
}

/**
 * A shell script that lists everything below dir, one sorted line per path: type, mode,
 * link count, size, content hash or link target. Runs on busybox and on any POSIX shell
 * with find, stat and md5sum, so isolab's and docker's containers list the same way.
 */
export function listingScript(dir: string): string {
  return `cd ${dir} && find . -mindepth 1 | sort | while read -r f; do
  if [ -L "$f" ]; then echo "$f l -> $(readlink "$f")";
  elif [ -d "$f" ]; then echo "$f d $(stat -c %a "$f")";
  else echo "$f f $(stat -c '%a %h %s' "$f") $(md5sum < "$f" | cut -c1-12)"; fi
done`;
}

/** Runs args in a container of a store image (built-in runtime); throws on a non-zero exit. */
export async function runIn(store: ImageStore, image: string, args: string[]): Promise<RunResult> {
  const r = await runContainer(buildSpec({ args, layers: imageLayerDirs(store, image) }));
  if (r.exitCode !== 0) throw new Error(`${args.join(' ')} in ${image} exited ${r.exitCode ?? r.signal}: ${r.stderr}`);
  return r;
}

/** The listing of dir inside a container of the image. */
export async function listInside(store: ImageStore, image: string, dir: string): Promise<string[]> {
  return (await runIn(store, image, ['sh', '-c', listingScript(dir)])).stdout.trimEnd().split('\n');
}

/** probe ls DIR inside a container of the image: entry names with type and link count. */
export async function probeLs(store: ImageStore, image: string, dir: string): Promise<Array<{ name: string; type: string; nlink: number; size: number; link_target?: string }>> {
  const r = await runIn(store, image, ['probe', 'ls', dir]);
  return (JSON.parse(r.stdout) as { entries: Array<{ name: string; type: string; nlink: number; size: number; link_target?: string }> | null }).entries ?? [];
}

/** probe cat PATH inside a container of the image: the content, or null when it does not exist. */
export async function probeCat(store: ImageStore, image: string, file: string): Promise<string | null> {
  const r = await runIn(store, image, ['probe', 'cat', file]);
  return (JSON.parse(r.stdout) as { content: string | null }).content;
}
