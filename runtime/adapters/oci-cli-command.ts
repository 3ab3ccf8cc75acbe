// How isolab invokes runc and crun: the binary, isolab's own state root for each (so that
// its containers never mix with anyone else's), and the hybrid-cgroup workaround of crun.
import path from 'node:path';
import { detectCgroupHost } from '../cgroup/detect.js';
import { runRoot } from '../launcher/paths.js';
import { findBinary } from './find-binary.js';

/** The OCI runtimes driven through their command line. */
export type OciRuntimeName = 'runc' | 'crun';

/** A command ready for execa. */
export interface Command {
  file: string;
  args: string[];
}

/** The environment variable that overrides where a runtime's binary is (ISOLAB_RUNC, ISOLAB_CRUN). */
export const binaryEnvVar = (runtime: OciRuntimeName): string => `ISOLAB_${runtime.toUpperCase()}`;

/** The runtime's binary, or undefined when it is not installed. */
export function ociBinary(runtime: OciRuntimeName): string | undefined {
  return findBinary(runtime, binaryEnvVar(runtime));
}

/** The runtime's state directory (its --root) for isolab's containers. */
export function ociStateRoot(runtime: OciRuntimeName): string {
  return path.join(runRoot(), runtime);
}

let hybridMount: string | null | undefined;

/** The cgroup2 mount point of a hybrid host (null on unified and legacy hosts). */
function hybridCgroup2Mount(): string | null {
  if (hybridMount === undefined) {
    try {
      const host = detectCgroupHost();
      hybridMount = host.mode === 'hybrid' ? (host.v2?.mount ?? null) : null;
    } catch {
      hybridMount = null;
    }
  }
  return hybridMount;
}

/**
 * Whether the runtime must run in a private mount namespace without the cgroup2 mount:
 * crun 1.8 refuses hybrid hosts ("cgroups in hybrid mode not supported") and treats the
 * host as legacy v1 once /sys/fs/cgroup/unified is gone from its view.
 */
export function needsHybridWorkaround(runtime: OciRuntimeName): boolean {
  return runtime === 'crun' && hybridCgroup2Mount() !== null;
}

/**
 * The command line of `runtime --root ROOT args…`. For crun on a hybrid host it is wrapped:
 * `unshare -m --propagation private sh -c 'umount UNIFIED; exec "$0" "$@"' crun --root …`.
 * The umount happens in the private namespace only; the host keeps its cgroup2 mount.
 */
export function ociCommand(runtime: OciRuntimeName, binary: string, args: string[], root = ociStateRoot(runtime)): Command {
  const direct = ['--root', root, ...args];
  const unified = needsHybridWorkaround(runtime) ? hybridCgroup2Mount() : null;
  if (unified === null) return { file: binary, args: direct };
  const script = `umount ${shellQuote(unified)} 2>/dev/null; exec "$0" "$@"`;
  return { file: 'unshare', args: ['--mount', '--propagation', 'private', 'sh', '-c', script, binary, ...direct] };
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
