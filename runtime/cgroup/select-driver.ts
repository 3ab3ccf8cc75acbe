// Choosing the driver for this host: v2 on unified hosts; v1 on legacy and
// hybrid hosts, where the v1 hierarchies carry the controllers.

import type { CgroupTreeHooks } from './cgroup-dirs.js';
import { detectCgroupHost, type CgroupHost } from './detect.js';
import type { CgroupDriver } from './driver.js';
import { CgroupError } from './errors.js';
import { V1CgroupDriver } from './v1-driver.js';
import { V2CgroupDriver } from './v2-driver.js';

/** Inputs to openCgroupDriver(); all optional. */
export interface OpenCgroupDriverOptions {
  /** A detected (or, in tests, made-up) host; default: detectCgroupHost(). */
  host?: CgroupHost;
  /** Test seam for fake cgroupfs trees. */
  hooks?: CgroupTreeHooks;
}

/** The CgroupDriver for this host. */
export function openCgroupDriver(options: OpenCgroupDriverOptions = {}): CgroupDriver {
  const host = options.host ?? detectCgroupHost();
  if (host.mode === 'unified') {
    if (host.v2 === null) {
      throw new CgroupError({
        step: 'detect',
        syscall: '',
        path: '/proc/self/mountinfo',
        what: 'find the cgroup2 mount of a unified host',
        hint: 'the host description says unified but has no v2 mount; detect it again with detectCgroupHost()',
      });
    }
    return new V2CgroupDriver({ root: host.v2.mount, mode: host.mode, hooks: options.hooks });
  }
  return new V1CgroupDriver({ mounts: host.v1, mode: host.mode, hooks: options.hooks });
}
