// The host fingerprint: everything about the machine, kernel and installed runtimes
// that can change a result, recorded in every results file so that runs can be
// compared across kernels, distros and runtime versions. Collection only reads files
// and asks tools for their versions; it changes nothing and never throws for a
// missing file or tool (those are recorded as null / absent).
import os from 'node:os';
import { readPrivileges, type Privileges } from './capabilities.js';
import { readCgroupLayout, type CgroupLayout } from './cgroup-layout.js';
import { readIsolabVersion } from './isolab-version.js';
import { readCpuInfo, readKernelInfo, type CpuInfo, type KernelInfo } from './machine.js';
import { readNamespaceSupport, type NamespaceSupport } from './namespaces.js';
import { readDistro, type Distro } from './os-release.js';
import { readOverlayFeatures, type OverlayFeatures } from './overlay-features.js';
import { readIntegerOrNull } from './read-host-file.js';
import { probeRuntimes, type ProbeOptions, type RuntimeProbes } from './runtime-probes.js';
import { readSecurityFeatures, type SecurityFeatures } from './security.js';

/** Bumped when a field of HostFingerprint changes meaning or shape. */
export const FINGERPRINT_VERSION = 1;

/** What isolab records about the host it ran on. */
export interface HostFingerprint {
  /** Shape version of this record (FINGERPRINT_VERSION). */
  fingerprintVersion: number;
  /** Version of isolab that collected it (its package.json). */
  isolabVersion: string;
  /** Node.js version running isolab, e.g. "v20.20.2". */
  nodeVersion: string;
  /** When it was collected (ISO 8601, UTC). */
  collectedAt: string;
  /** The host's name (os.hostname()). */
  hostname: string;
  /** Machine architecture as uname -m prints it, e.g. "x86_64", "aarch64". */
  arch: string;
  /** Kernel release (os.release()) and the /proc/version line. */
  kernel: KernelInfo;
  /** Distribution from /etc/os-release: id, versionId, prettyName. */
  distro: Distro;
  /** CPU model and how many CPUs are online and usable. */
  cpu: CpuInfo;
  /** Physical memory in bytes (MemTotal). */
  memoryTotalBytes: number;
  /** uid, whether root, and the effective capabilities (CapEff). */
  privileges: Privileges;
  /** cgroup mode (unified / legacy / hybrid / none), v1 mount points, v2 mount and controllers. */
  cgroup: CgroupLayout;
  /** overlayfs availability, module parameters and mount API limits. */
  overlay: OverlayFeatures;
  /** Namespace types the kernel offers and the per-user limits on creating them. */
  namespaces: NamespaceSupport;
  /** /proc/sys/kernel/pid_max; null when unreadable. */
  pidMax: number | null;
  /** Active LSMs and seccomp support. */
  security: SecurityFeatures;
  /** Container runtimes and workload tools on PATH, with versions. */
  runtimes: RuntimeProbes;
}

/** Options for collectFingerprint (tests shorten the probe time limits). */
export type FingerprintOptions = ProbeOptions;

/** Collects the host fingerprint; all reads and tool probes run in parallel. */
export async function collectFingerprint(options: FingerprintOptions = {}): Promise<HostFingerprint> {
  const collectedAt = new Date().toISOString();
  const kernelRelease = os.release();
  const [isolabVersion, kernel, distro, cpu, privileges, cgroup, overlay, namespaces, pidMax, security, runtimes] =
    await Promise.all([
      readIsolabVersion(),
      readKernelInfo(),
      readDistro(),
      readCpuInfo(),
      readPrivileges(),
      readCgroupLayout(),
      readOverlayFeatures(kernelRelease),
      readNamespaceSupport(),
      readIntegerOrNull('/proc/sys/kernel/pid_max'),
      readSecurityFeatures(),
      probeRuntimes(options),
    ]);
  return {
    fingerprintVersion: FINGERPRINT_VERSION,
    isolabVersion,
    nodeVersion: process.version,
    collectedAt,
    hostname: os.hostname(),
    arch: os.machine(),
    kernel,
    distro,
    cpu,
    memoryTotalBytes: os.totalmem(),
    privileges,
    cgroup,
    overlay,
    namespaces,
    pidMax,
    security,
    runtimes,
  };
}
