// The JSON documents of OCI image layouts and `docker save` archives, validated with zod
// before anything is read from them: index.json, manifests, image configs, oci-layout and
// docker's manifest.json. Only what import uses is checked strictly; unknown fields are
// kept (a config is stored as it came). Errors name the document and the field.
import { z } from 'zod';
import { ImageError } from './errors.js';
import { digestSchema } from './store-records.js';

export const MEDIA_OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const MEDIA_OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const MEDIA_OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const MEDIA_OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar';
export const MEDIA_OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const MEDIA_DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const MEDIA_DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

/** Index (manifest list) media types: the descriptor leads to more descriptors. */
export const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_OCI_INDEX, MEDIA_DOCKER_LIST]);
/** Image manifest media types. */
export const MANIFEST_TYPES: ReadonlySet<string> = new Set([MEDIA_OCI_MANIFEST, MEDIA_DOCKER_MANIFEST]);
/** Layer media types isolab unpacks (the blob's compression is detected from its bytes). */
export const LAYER_TYPES: ReadonlySet<string> = new Set([
  MEDIA_OCI_LAYER, MEDIA_OCI_LAYER_GZIP,
  'application/vnd.oci.image.layer.nondistributable.v1.tar', 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  'application/vnd.docker.image.rootfs.diff.tar', 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
]);

/** The annotations that carry an image's name in an index. */
export const NAME_ANNOTATIONS = ['io.containerd.image.name', 'org.opencontainers.image.ref.name'] as const;

const platformSchema = z.object({ architecture: z.string(), os: z.string(), variant: z.string().optional() }).passthrough();

/** A content descriptor: what a blob is, its digest and size. */
export const descriptorSchema = z.object({
  mediaType: z.string().min(1),
  digest: digestSchema,
  size: z.number().int().nonnegative(),
  annotations: z.record(z.string()).optional(),
  platform: platformSchema.optional(),
}).passthrough();
export type Descriptor = z.infer<typeof descriptorSchema>;

export const ociLayoutSchema = z.object({ imageLayoutVersion: z.string().min(1) }).passthrough();

export const indexSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  manifests: z.array(descriptorSchema),
}).passthrough();
export type ImageIndex = z.infer<typeof indexSchema>;

export const manifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  config: descriptorSchema,
  layers: z.array(descriptorSchema).max(500, 'more than 500 layers: overlayfs cannot stack them'),
}).passthrough();
export type ImageManifest = z.infer<typeof manifestSchema>;

export const configSchema = z.object({
  architecture: z.string().optional(),
  os: z.string().optional(),
  config: z.record(z.unknown()).nullable().optional(),
  rootfs: z.object({ type: z.literal('layers'), diff_ids: z.array(digestSchema) }).passthrough(),
  history: z.array(z.record(z.unknown())).optional(),
}).passthrough();
export type ImageConfigDoc = z.infer<typeof configSchema>;

/** docker save's manifest.json: one entry per image saved. */
export const dockerManifestSchema = z.array(z.object({
  Config: z.string().min(1),
  RepoTags: z.array(z.string()).nullable().optional(),
  Layers: z.array(z.string().min(1)).max(500, 'more than 500 layers: overlayfs cannot stack them'),
}).passthrough()).min(1, 'lists no image');
export type DockerManifest = z.infer<typeof dockerManifestSchema>;

/** "manifests[0].digest" from a zod issue path. */
export function fieldName(p: ReadonlyArray<string | number>): string {
  return p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s === '' ? k : `${s}.${k}`), '') || '(the document)';
}

/** Parses and validates a JSON document; errors name the document (`doc`, e.g. "image.tar:index.json") and the field. */
export function parseDocument<T>(bytes: Buffer, doc: string, schema: z.ZodType<T>, step: 'import' | 'build' = 'import'): T {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new ImageError({ step, entry: doc, reason: `not valid JSON (${(err as Error).message})`, cause: err });
  }
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ImageError({ step, entry: doc, reason: `field ${fieldName(issue.path)}: ${issue.message}` });
  }
  return r.data;
}
