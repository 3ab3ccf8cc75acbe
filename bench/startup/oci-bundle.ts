// The bundle runc and crun start in a sample: config.json made from the benchmark's Spec by
// the runtime adapters' own translation (toOciConfig), so that they start the very
// configuration the built-in runtime starts. One difference, which the brief fixes: the
// rootfs is the image directory itself, read-only (no overlay, no writable layer), and
// no cgroup filesystem is mounted inside (the built-in launcher mounts none either).
import fs from 'node:fs';
import path from 'node:path';
import { toOciConfig, type OciConfig } from '../../runtime/adapters/oci-config.js';
import type { Spec } from '../../runtime/spec/types.js';

/** The OCI config of a one-layer Spec run directly on its layer, read-only, in cgroup `/${cgroupsPath}`. */
export function benchOciConfig(spec: Spec, cgroupsPath: string): OciConfig {
  const layers = spec.isolab.rootfs.layers;
  const [image] = layers;
  if (image === undefined || layers.length !== 1) {
    throw new Error(`isolab.rootfs.layers: a benchmark bundle runs on exactly one layer directory, got ${layers.length}`);
  }
  // Not writable: writes would land in the shared image directory.
  const readOnly: Spec = { ...spec, isolab: { ...spec.isolab, rootfs: { ...spec.isolab.rootfs, writable: false } } };
  return toOciConfig(readOnly, { rootfs: path.resolve(image), cgroupsPath, cgroupMount: false });
}

/** Writes config.json into dir (made if absent); returns dir. */
export function writeOciBundle(dir: string, config: OciConfig): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  return dir;
}
