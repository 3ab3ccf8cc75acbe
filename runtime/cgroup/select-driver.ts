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
  /**
   * Force a driver: 'v2' uses the cgroup2 mount even on a hybrid host (where it usually
   * has no controllers, so no limits: for testing the v2 path, e.g. clone into a cgroup).
   */
  version?: 'v1' | 'v2';
}

/** The CgroupDriver for this host. */
export function openCgroupDriver(options: OpenCgroupDriverOptions = {}): CgroupDriver {
  const host = options.host ?? detectCgroupHost();
  if (options.version === 'v2' && host.mode !== 'unified') {
    if (host.v2 === null) {
      throw new CgroupError({ step: 'detect', syscall: '', path: '/proc/self/mountinfo', what: 'find a cgroup2 mount for the v2 driver', hint: 'this host mounts no cgroup2 filesystem; use the v1 driver' });
    }
    return new V2CgroupDriver({ root: host.v2.mount, mode: host.mode, hooks: options.hooks });
  }
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
