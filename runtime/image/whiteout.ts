// The two spellings of "deleted" in a layer: OCI tar whiteouts (`.wh.NAME`, `.wh..wh..opq`,
// from AUFS) and overlayfs's on-disk form (char device 0/0, xattr trusted.overlay.opaque=y).
// Unpack turns the first into the second, commit the second into the first.

/** Prefix of a whiteout entry: `.wh.NAME` deletes NAME from the layers below. */
export const WHITEOUT_PREFIX = '.wh.';
/** Entry that makes its directory opaque: the layers below contribute nothing to it. */
export const OPAQUE_MARKER = '.wh..wh..opq';
/** overlayfs's opaque-directory xattr; the value "y" means opaque. */
export const OVERLAY_OPAQUE_XATTR = 'trusted.overlay.opaque';
/** overlayfs's renamed-directory xattr (redirect_dir=on): where the directory's lower contents live. */
export const OVERLAY_REDIRECT_XATTR = 'trusted.overlay.redirect';
/** overlayfs's metadata-only copy-up xattr (metacopy=on): the data is still in a lower layer. */
export const OVERLAY_METACOPY_XATTR = 'trusted.overlay.metacopy';
/** overlayfs (Linux 6.7+) alternative whiteout: a regular file carrying this xattr. */
export const OVERLAY_XWHITEOUT_XATTR = 'trusted.overlay.whiteout';

/** What one path component of a layer entry means. */
export type EntryName =
  | { kind: 'plain' }
  | { kind: 'whiteout'; target: string }
  | { kind: 'opaque' }
  | { kind: 'invalid'; reason: string };

/** Classifies the last component of an entry path. */
export function classifyName(base: string): EntryName {
  if (!base.startsWith(WHITEOUT_PREFIX)) return { kind: 'plain' };
  if (base === OPAQUE_MARKER) return { kind: 'opaque' };
  const target = base.slice(WHITEOUT_PREFIX.length);
  // `.wh..wh.*` names other than the opaque marker are AUFS-internal (.wh..wh.plnk, .wh..wh.aufs).
  if (target.startsWith(WHITEOUT_PREFIX)) return { kind: 'invalid', reason: `"${base}" is a reserved whiteout name (only ${OPAQUE_MARKER} is defined)` };
  if (target === '' || target === '.' || target === '..') return { kind: 'invalid', reason: `"${base}" whites out no valid name` };
  return { kind: 'whiteout', target };
}

/** Whether an xattr belongs to overlayfs itself: never copied from a layer tar, never written into one. */
export function isOverlayPrivateXattr(name: string): boolean {
  return name.startsWith('trusted.overlay.') || name.startsWith('user.overlay.');
}

/** Whether an lstat result is an overlayfs whiteout (char device 0/0). */
export function isWhiteoutDevice(st: { isCharacterDevice(): boolean; rdev: number }): boolean {
  return st.isCharacterDevice() && st.rdev === 0;
}
