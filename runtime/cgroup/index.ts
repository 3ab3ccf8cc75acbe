// Public surface of runtime/cgroup: one CgroupDriver interface, the v1 and v2
// backends, host detection and the recording fake.

export type { CgroupDriver } from './driver.js';
export { DEFAULT_KILL_TIMEOUT_MS } from './driver.js';
export type { CgroupMode, CgroupPlan, CgroupStats, CgroupVersion, LinuxCpu, LinuxMemory, LinuxPids, LinuxResources } from './types.js';
export { CgroupError, type CgroupStep } from './errors.js';
export { detectCgroupHost, describeCgroupHost, parseCgroupMounts, type CgroupHost, type CgroupMounts } from './detect.js';
export { ownCgroupPaths, type OwnCgroupPaths } from './own-cgroup.js';
export { openCgroupDriver, type OpenCgroupDriverOptions } from './select-driver.js';
export { V1CgroupDriver, type V1DriverOptions } from './v1-driver.js';
export { V2CgroupDriver, type V2DriverOptions } from './v2-driver.js';
export { checkResources } from './check-resources.js';
export { checkCgroupPath, pruneCgroupParents } from './plan-path.js';
export { cpuWeightFromShares } from './v2-limits.js';
export { FakeCgroupDriver, type FakeCall, type FakeMethod } from './fake-driver.js';
export type { CgroupTreeHooks } from './cgroup-dirs.js';
