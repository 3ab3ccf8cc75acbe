// What resolving an image document tree (OCI or docker) yields: the config as it came, and
// for each layer where its blob is and what it must hash to.
import type { BlobLocation } from './image-source.js';
import type { ImageConfigDoc } from './oci-schemas.js';
import type { Digest } from './store-records.js';

/** One layer to import, lowest first. */
export interface ResolvedLayer {
  loc: BlobLocation;
  /** The blob's digest when the format names it (OCI descriptors, docker 25+ blobs/ paths). */
  digest?: Digest;
  /** The diffID the config lists for it. */
  diffId: Digest;
}

/** An image ready to import. */
export interface ResolvedImage {
  format: 'oci' | 'docker';
  /** The name the source gives the image, if any. */
  name: string | undefined;
  configBytes: Buffer;
  config: ImageConfigDoc;
  layers: ResolvedLayer[];
}
