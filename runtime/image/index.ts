// Public surface of runtime/image: layer unpack (OCI whiteouts → overlayfs), layer commit
// (overlay upper → OCI layer tar), the content-addressed store, image import / export /
// build, commit of a container, and rootfs assembly from store images.

export { ImageError, type ImageErrorInit, type ImageStep } from './errors.js';
export { unpackLayer, type LayerStats, type UnpackOptions } from './unpack-layer.js';
export { commitLayer, type CommitOptions, type CommittedLayer } from './commit-layer.js';
export { ImageStore, defaultStoreRoot, type ImportedLayer } from './store.js';
export type { BlobSpan } from './store-files.js';
export type { Digest, ImageRecord, LayerRecord } from './store-records.js';
export type { Compression } from './layer-source.js';
export { OPAQUE_MARKER, WHITEOUT_PREFIX, OVERLAY_OPAQUE_XATTR, OVERLAY_REDIRECT_XATTR } from './whiteout.js';
export { benchUnpack, benchCommit, benchTarComparisons, DEFAULT_RUNS, type TarComparison, type TarBenchOptions } from './bench-unpack.js';
export { importImage, type ImportOptions, type ImportResult } from './import-image.js';
export { exportImage, dockerRef, EXPORT_FORMATS, type ExportFormat, type ExportResult, type ExportedLayer } from './export-image.js';
export { buildImage, type BuildResult } from './build-image.js';
export { parseDescription, readDescription, MAX_LAYERS, type ImageDescription, type ImageDescriptionInput, type LayerOp } from './image-description.js';
export { imageConfig, goArch, type RunSettings, type ImageConfigInput } from './image-config.js';
export { imageLayerDirs, withImageRootfs, ensureDefaultStoreImage, DEFAULT_IMAGE_NAME, MAX_RUN_LAYERS } from './image-rootfs.js';
export { commitContainer, commitWritableLayer, type CommitContainerOptions, type CommitResult, type WritableLayerOptions } from './commit-container.js';
export { checkName as checkImageName } from './store.js';
