// The one configuration every startup sample starts from: the target config, all
// namespaces but user (and time), the default image, and a cgroup with limits. The
// built-in runtime runs this Spec; runc and crun get it as config.json.
import { buildSpec } from '../../runtime/spec/defaults.js';
import type { NsName } from '../../runtime/spec/namespaces.js';
import type { Spec } from '../../runtime/spec/types.js';

/** Namespaces of every sample (those a runtime cannot express are named in its description). */
export const STARTUP_NS: readonly NsName[] = ['pid', 'mnt', 'uts', 'ipc', 'net', 'cgroup'];

/** Limits of every sample: 1 CPU, 256 MiB, 256 pids. */
export const STARTUP_LIMITS = { cpus: 1, memoryBytes: 256 * 2 ** 20, pids: 256 } as const;

/** What the probe does in a sample: exit at once, or print its first instruction's stamp. */
export type StartupWorkload = 'exit' | 'stamp';

/** The Spec of a startup sample on `image` (a rootfs directory). */
export function startupSpec(image: string, workload: StartupWorkload): Spec {
  return buildSpec({ args: ['/usr/bin/probe', workload], layers: [image], ns: STARTUP_NS, ...STARTUP_LIMITS });
}
