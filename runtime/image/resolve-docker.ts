// From a `docker save` archive (manifest.json → <config>.json and <layer>/layer.tar) to the
// blobs to import. docker's manifest.json names files by path, so each path is checked to
// stay inside the archive; the config is checked against the digest its name carries, and
// each layer against the diffID the config lists (when the layer is a plain tar, as docker
// writes it, that is its sha256, checked here before anything is unpacked).
import { createHash } from 'node:crypto';
import { ImageError } from './errors.js';
import type { ImageSource } from './image-source.js';
import { configSchema, dockerManifestSchema, parseDocument } from './oci-schemas.js';
import type { ResolvedImage } from './resolved-image.js';
import type { Digest } from './store-records.js';

/** The digest a docker archive path carries: "<hex>.json" (docker ≤ 24) or "blobs/sha256/<hex>" (docker 25+). */
function digestInName(p: string): Digest | undefined {
  const m = /(?:^|\/)(?:blobs\/sha256\/)?([0-9a-f]{64})(?:\.json)?$/.exec(p);
  return m ? `sha256:${m[1]}` : undefined;
}

/** Resolves the image of a docker save archive; `want` picks one by tag when it holds several. */
export function resolveDockerImage(src: ImageSource, want: string | undefined): ResolvedImage {
  const doc = `${src.what}:manifest.json`;
  const entries = parseDocument(src.read('manifest.json', 'manifest.json'), doc, dockerManifestSchema);
  const tags = (i: number): string[] => entries[i]!.RepoTags ?? [];
  const named = want === undefined ? [] : entries.map((_, i) => i).filter((i) => tags(i).includes(want) || tags(i).includes(`${want}:latest`));
  const at = named.length === 1 ? named[0] : entries.length === 1 ? 0 : undefined;
  if (at === undefined) {
    throw new ImageError({ step: 'import', entry: doc, reason: `lists ${entries.length} images (${entries.map((_, i) => tags(i)[0] ?? '(untagged)').join(', ')})${want ? `, none tagged ${want}` : ''}`, hint: 'choose one with --name' });
  }
  const entry = entries[at]!;
  const configBytes = src.read(entry.Config, `manifest.json [${at}].Config`);
  const configDoc = `${src.what}:${entry.Config}`;
  const expected = digestInName(entry.Config);
  const actual = `sha256:${createHash('sha256').update(configBytes).digest('hex')}`;
  if (expected !== undefined && actual !== expected) {
    throw new ImageError({ step: 'import', entry: configDoc, reason: `digest mismatch: its name says ${expected}, the content hashes to ${actual}`, hint: 'the archive is corrupt or was tampered with' });
  }
  const config = parseDocument(configBytes, configDoc, configSchema);
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== entry.Layers.length) {
    throw new ImageError({ step: 'import', entry: configDoc, reason: `field rootfs.diff_ids lists ${diffIds.length} layers, manifest.json [${at}].Layers ${entry.Layers.length}` });
  }
  const layers = entry.Layers.map((p, i) => {
    const field = `manifest.json [${at}].Layers[${i}]`;
    const loc = src.locate(p, field);
    const digest = p.startsWith('blobs/sha256/') ? digestInName(p) : undefined;
    const hash = loc.sha256 === undefined ? undefined : `sha256:${loc.sha256}`;
    if (digest !== undefined && hash !== undefined && hash !== digest) {
      throw new ImageError({ step: 'import', entry: loc.what, reason: `digest mismatch: ${field} names ${digest}, the content hashes to ${hash}`, hint: 'the archive is corrupt or was tampered with' });
    }
    // A plain layer.tar (what docker writes) must hash to its diffID; a compressed one is checked once decompressed.
    return { loc, ...(digest ? { digest } : hash === diffIds[i] ? { digest: hash } : {}), diffId: diffIds[i]! };
  });
  return { format: 'docker', name: entry.RepoTags?.[0], configBytes, config, layers };
}
