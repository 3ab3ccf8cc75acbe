// From an OCI image layout (index.json → manifest → config and layers) to the blobs to
// import, every document validated and every blob checked against the digest and size its
// descriptor gives before anything is unpacked (when the source is an archive, whose index
// already hashed every file; a directory's layer blobs are checked as they are copied in).
import { createHash } from 'node:crypto';
import { ImageError } from './errors.js';
import { goArch } from './image-config.js';
import type { ImageSource } from './image-source.js';
import { configSchema, INDEX_TYPES, indexSchema, LAYER_TYPES, MANIFEST_TYPES, manifestSchema, NAME_ANNOTATIONS, ociLayoutSchema, parseDocument, type Descriptor } from './oci-schemas.js';
import type { ResolvedImage } from './resolved-image.js';
import { digestHex } from './store-records.js';

interface Candidate {
  desc: Descriptor;
  field: string;
  name: string | undefined;
}

const blobName = (d: Descriptor): string => `blobs/sha256/${digestHex(d.digest)}`;

/** Reads a blob the descriptor names, checking its size and digest. */
function readVerified(src: ImageSource, d: Descriptor, field: string): { bytes: Buffer; doc: string } {
  const name = blobName(d);
  const doc = `${src.what}:${name}`;
  const bytes = src.read(name, `${field}.digest`);
  if (bytes.length !== d.size) throw new ImageError({ step: 'import', entry: doc, reason: `is ${bytes.length} bytes, but ${field}.size says ${d.size}`, hint: 'the image is corrupt or was tampered with' });
  const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (actual !== d.digest) throw new ImageError({ step: 'import', entry: doc, reason: `digest mismatch: ${field}.digest is ${d.digest}, the content hashes to ${actual}`, hint: 'the image is corrupt or was tampered with' });
  return { bytes, doc };
}

/**
 * The image name a descriptor's annotations give. org.opencontainers.image.ref.name is a
 * full name when isolab (or buildkit) wrote it, and only a tag ("latest") for other tools:
 * it wins when it looks like a name, else containerd's annotation does.
 */
function nameOf(d: Descriptor): string | undefined {
  const [containerd, ref] = NAME_ANNOTATIONS.map((k) => d.annotations?.[k] || undefined);
  return ref !== undefined && /[/:]/.test(ref) ? ref : (containerd ?? ref);
}

/** The image manifests an index lists; a nested index contributes its manifest for this platform. */
function candidates(src: ImageSource, descs: readonly Descriptor[], where: string, depth: number): Candidate[] {
  const out: Candidate[] = [];
  descs.forEach((d, i) => {
    const field = `${where}manifests[${i}]`;
    if (MANIFEST_TYPES.has(d.mediaType)) out.push({ desc: d, field, name: nameOf(d) });
    else if (INDEX_TYPES.has(d.mediaType)) {
      if (depth > 2) throw new ImageError({ step: 'import', entry: src.what, reason: `${field}: indexes nested too deep` });
      const { bytes, doc } = readVerified(src, d, field);
      const nested = candidates(src, parseDocument(bytes, doc, indexSchema).manifests, `${doc} `, depth + 1);
      const forHost = nested.filter((c) => !c.desc.platform || (c.desc.platform.os === 'linux' && c.desc.platform.architecture === goArch()));
      const pick = forHost.length === 1 ? forHost[0] : nested.length === 1 ? nested[0] : undefined;
      if (!pick) throw new ImageError({ step: 'import', entry: doc, reason: `lists no single image for linux/${goArch()}` });
      out.push({ ...pick, name: nameOf(d) ?? pick.name });
    } else throw new ImageError({ step: 'import', entry: `${src.what}:index.json`, reason: `field ${field}.mediaType: "${d.mediaType}" is neither an image manifest nor an index` });
  });
  return out;
}

/** Resolves the image of an OCI layout; `want` picks one by name when the index lists several. */
export function resolveOciImage(src: ImageSource, want: string | undefined): ResolvedImage {
  if (src.has('oci-layout')) {
    const layout = parseDocument(src.read('oci-layout', 'oci-layout'), `${src.what}:oci-layout`, ociLayoutSchema);
    if (!layout.imageLayoutVersion.startsWith('1.')) throw new ImageError({ step: 'import', entry: `${src.what}:oci-layout`, reason: `field imageLayoutVersion: version ${layout.imageLayoutVersion} is not supported (1.x is)` });
  }
  const index = parseDocument(src.read('index.json', 'index.json'), `${src.what}:index.json`, indexSchema);
  const all = candidates(src, index.manifests, '', 0);
  const named = want === undefined ? [] : all.filter((c) => c.name === want || c.name === `${want}:latest`);
  const chosen = named.length === 1 ? named[0] : all.length === 1 ? all[0] : undefined;
  if (!chosen) {
    const names = all.map((c) => c.name ?? '(unnamed)').join(', ');
    throw new ImageError({ step: 'import', entry: `${src.what}:index.json`, reason: all.length === 0 ? 'field manifests: lists no image' : `lists ${all.length} images (${names})${want ? `, none named ${want}` : ''}`, hint: 'choose one with --name' });
  }
  const m = readVerified(src, chosen.desc, `index.json ${chosen.field}`);
  const manifest = parseDocument(m.bytes, m.doc, manifestSchema);
  const c = readVerified(src, manifest.config, `${m.doc} config`);
  const config = parseDocument(c.bytes, c.doc, configSchema);
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== manifest.layers.length) {
    throw new ImageError({ step: 'import', entry: c.doc, reason: `field rootfs.diff_ids lists ${diffIds.length} layers, the manifest ${manifest.layers.length}` });
  }
  const layers = manifest.layers.map((d, i) => {
    const field = `${m.doc} layers[${i}]`;
    if (!LAYER_TYPES.has(d.mediaType)) throw new ImageError({ step: 'import', entry: m.doc, reason: `field layers[${i}].mediaType: "${d.mediaType}" is not a layer type isolab unpacks (plain or gzip tar)` });
    const loc = src.locate(blobName(d), `${field}.digest`);
    if (loc.size !== d.size) throw new ImageError({ step: 'import', entry: loc.what, reason: `is ${loc.size} bytes, but ${field}.size says ${d.size}`, hint: 'the image is corrupt or was tampered with' });
    if (loc.sha256 !== undefined && `sha256:${loc.sha256}` !== d.digest) {
      throw new ImageError({ step: 'import', entry: loc.what, reason: `digest mismatch: ${field}.digest is ${d.digest}, the content hashes to sha256:${loc.sha256}`, hint: 'the image is corrupt or was tampered with' });
    }
    return { loc, digest: d.digest, diffId: diffIds[i]! };
  });
  return { format: 'oci', name: chosen.name, configBytes: c.bytes, config, layers };
}
