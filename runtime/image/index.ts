// Public surface of runtime/image: layer unpack (OCI whiteouts → overlayfs), layer commit
// (overlay upper → OCI layer tar), and the content-addressed store.

export { ImageError, type ImageErrorInit, type ImageStep } from './errors.js';
export { unpackLayer, type LayerStats, type UnpackOptions } from './unpack-layer.js';
export { commitLayer, type CommitOptions, type CommittedLayer } from './commit-layer.js';
export { ImageStore, defaultStoreRoot, type ImportedLayer } from './store.js';
export type { Digest, ImageRecord, LayerRecord } from './store-records.js';
export type { Compression } from './layer-source.js';
export { OPAQUE_MARKER, WHITEOUT_PREFIX, OVERLAY_OPAQUE_XATTR, OVERLAY_REDIRECT_XATTR } from './whiteout.js';
export { benchUnpack, benchCommit, type TarComparison, type TarBenchOptions } from './bench-unpack.js';
