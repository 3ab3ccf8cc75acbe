// Where isolab's built artefacts and its state live.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository (package) root, from this module's location (source or dist/). */
export function packageRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // runtime/launcher → root; dist/runtime/launcher → root
  const up = path.resolve(here, '..', '..');
  return path.basename(up) === 'dist' ? path.dirname(up) : up;
}

/** Directory of the native binaries built on install. */
export function nativeBuildDir(): string {
  return process.env.ISOLAB_NATIVE_DIR ?? path.join(packageRoot(), 'runtime', 'native', 'build');
}

export const launcherBinary = (): string => path.join(nativeBuildDir(), 'isolab-launcher');
export const probeBinary = (): string => path.join(nativeBuildDir(), 'probe');

/** Per-container state of running containers (removed when each one is). */
export function runRoot(): string {
  return process.env.ISOLAB_RUN_ROOT ?? '/run/isolab';
}

/** Persistent state: images, layers, the default image. */
export function stateRoot(): string {
  return process.env.ISOLAB_STATE_ROOT ?? '/var/lib/isolab';
}
