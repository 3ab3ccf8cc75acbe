// What overlayfs offers on this kernel: whether it is registered at all, the module's
// default feature switches, and which mount interface can carry many lower layers.
import { join } from 'node:path';
import { isKernelAtLeast } from './kernel-version.js';
import { listDirOrNull, readTextOrNull, readTrimmedOrNull } from './read-host-file.js';

/** The kernel's limit on stacked lower layers (OVL_MAX_STACK in fs/overlayfs). */
export const OVERLAY_MAX_LOWER_LAYERS = 500;

/** Overlayfs support on the host. */
export interface OverlayFeatures {
  /** "overlay" is listed in /proc/filesystems (registered: built in or module loaded). */
  available: boolean;
  /** /sys/module/overlay/parameters/* (defaults such as redirect_dir, index, metacopy, xino_auto, nfs_export); empty when the module is not loaded. */
  parameters: Record<string, string>;
  /** fsopen()/fsconfig() exist (Linux ≥ 5.2); inferred from the kernel release, not probed. */
  newMountApi: boolean;
  /** overlayfs accepts fsconfig "lowerdir+" one layer per call, escaping mount(2)'s one-page option limit (Linux ≥ 6.8); inferred from the release. */
  lowerdirPlus: boolean;
  /** Most lower layers one overlay mount can stack. */
  maxLowerLayers: number;
}

/** True when a /proc/filesystems text lists `fsType` (lines like "nodev\toverlay"). */
export function listsFilesystem(procFilesystems: string, fsType: string): boolean {
  return procFilesystems.split('\n').some((line) => line.trim().split(/\s+/).pop() === fsType);
}

/** Reads every file of a module's parameters directory into name → trimmed value. */
export async function readModuleParameters(module: string): Promise<Record<string, string>> {
  const directory = join('/sys/module', module, 'parameters');
  const names = (await listDirOrNull(directory)) ?? [];
  const values = await Promise.all(names.map((name) => readTrimmedOrNull(join(directory, name))));
  const parameters: Record<string, string> = {};
  names.forEach((name, index) => {
    const value = values[index];
    if (value !== null && value !== undefined) parameters[name] = value;
  });
  return parameters;
}

/** Collects overlayfs support for a kernel with the given release (os.release()). */
export async function readOverlayFeatures(kernelRelease: string): Promise<OverlayFeatures> {
  const [filesystems, parameters] = await Promise.all([
    readTextOrNull('/proc/filesystems'),
    readModuleParameters('overlay'),
  ]);
  const available = filesystems !== null && listsFilesystem(filesystems, 'overlay');
  return {
    available,
    parameters,
    newMountApi: isKernelAtLeast(kernelRelease, 5, 2),
    lowerdirPlus: available && isKernelAtLeast(kernelRelease, 6, 8),
    maxLowerLayers: OVERLAY_MAX_LOWER_LAYERS,
  };
}
