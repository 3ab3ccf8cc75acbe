// The JSON records of the image store, their schemas, and the atomic file writes that keep
// them whole: a reader sees the old record or the new one, never half of one.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ImageError } from './errors.js';

/** A sha256 content address. */
export type Digest = `sha256:${string}`;

/** A sha256 digest in a JSON document. */
export const digestSchema = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256: and 64 lowercase hex digits') as unknown as z.ZodType<Digest>;

/** images/<name>.json: an image is its layers (lowest first) and its config. */
export const imageRecordSchema = z.object({
  schemaVersion: z.literal(1),
  name: z.string(),
  /** Layer diffIDs, lowest (base) layer first. */
  layers: z.array(digestSchema),
  /** The OCI image config (or the subset isolab uses), stored as given. */
  config: z.record(z.unknown()),
  /** The config exactly as imported (a blob in the store), so an export keeps its digest. */
  configDigest: digestSchema.optional(),
  /** Per layer, the blob the image was imported with (plain or gzip), so an export ships the same blobs. */
  blobs: z.array(digestSchema).optional(),
});
export type ImageRecord = z.infer<typeof imageRecordSchema>;

/** layers/sha256/<hex>/layer.json: what the store knows of an unpacked layer. */
export const layerRecordSchema = z.object({
  schemaVersion: z.literal(1),
  diffId: digestSchema,
  /** Blobs (as imported: plain or gzip) that unpack to this layer. */
  blobs: z.array(digestSchema),
  /** The short link to the layer root, relative to the store root ("l/0123abcd4567"). */
  link: z.string(),
  files: z.number(),
  bytes: z.number(),
});
export type LayerRecord = z.infer<typeof layerRecordSchema>;

/** Whether s is a sha256 digest. */
export function isDigest(s: string): s is Digest {
  return /^sha256:[0-9a-f]{64}$/.test(s);
}

/** The hex part of a digest; throws an ImageError naming it when it is not one. */
export function digestHex(d: string): string {
  if (!isDigest(d)) throw new ImageError({ step: 'store', entry: d, reason: 'not a sha256 digest (sha256: and 64 lowercase hex digits)' });
  return d.slice(7);
}

/** Writes a file by writing a temporary sibling and renaming it over the target. */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  const tmp = path.join(path.dirname(file), `.tmp-${randomBytes(6).toString('hex')}`);
  try {
    fs.writeFileSync(tmp, data, { mode: 0o644, flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Reads and validates a JSON record; undefined when the file does not exist. */
export function readRecord<T>(file: string, schema: z.ZodType<T>): T | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ImageError({ step: 'store', entry: file, reason: 'record is not valid JSON', hint: 'the store is damaged: remove this record', cause: err });
  }
  const r = schema.safeParse(parsed);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ImageError({ step: 'store', entry: file, reason: `record field ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, hint: 'the store is damaged: remove this record' });
  }
  return r.data;
}
