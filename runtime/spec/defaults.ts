// buildSpec: the Spec that isolab's CLI, suites and benchmarks start from, with the defaults
// people expect of a container runtime (docker's capability set, masked /proc paths).
import type { LinuxResources } from '../cgroup/types.js';
import { DEFAULT_NS, type NsName, ociNamespaceType } from './namespaces.js';
import type { IdMapping, Spec, TimeOffset } from './types.js';
import { validateSpec } from './validate.js';

/** The capabilities a container keeps unless asked otherwise (docker's default set). */
export const DEFAULT_CAPS = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

/** Paths hidden from the container: host information it has no business reading. */
export const DEFAULT_MASKED_PATHS = [
  '/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware',
];

/** Paths the container may read but not write: kernel knobs. */
export const DEFAULT_READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** The default uid/gid map of a user namespace: container 0..65535 → host 100000..165535. */
export const DEFAULT_ID_MAP: IdMapping[] = [{ containerID: 0, hostID: 100000, size: 65536 }];

export const DEFAULT_ENV = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOME=/root'];

/** Options for buildSpec; everything but args and layers has a default. */
export interface SpecOptions {
  args: string[];
  layers: string[];
  ns?: readonly NsName[];
  hostname?: string;
  env?: string[];
  cwd?: string;
  uid?: number;
  gid?: number;
  /** CPUs as a fraction (1.5 = one and a half CPUs), turned into quota/period. */
  cpus?: number;
  cpuset?: string;
  memoryBytes?: number;
  swapBytes?: number;
  pids?: number;
  uidMappings?: IdMapping[];
  gidMappings?: IdMapping[];
  timeOffsets?: { monotonic?: TimeOffset; boottime?: TimeOffset };
  init?: boolean;
  timeoutMs?: number;
  readonlyRoot?: boolean;
  writable?: boolean;
  /** Keep every capability and mask nothing (like docker --privileged, less the devices). */
  privileged?: boolean;
}

const CPU_PERIOD_US = 100_000;

/** Turns the CLI's limits into OCI linux.resources (undefined when there are none). */
export function resourcesFrom(o: Pick<SpecOptions, 'cpus' | 'cpuset' | 'memoryBytes' | 'swapBytes' | 'pids'>): LinuxResources | undefined {
  const r: LinuxResources = {};
  if (o.cpus !== undefined || o.cpuset !== undefined) {
    r.cpu = {};
    if (o.cpus !== undefined) Object.assign(r.cpu, { quota: Math.round(o.cpus * CPU_PERIOD_US), period: CPU_PERIOD_US });
    if (o.cpuset !== undefined) r.cpu.cpus = o.cpuset;
  }
  if (o.memoryBytes !== undefined) r.memory = { limit: o.memoryBytes, ...(o.swapBytes !== undefined ? { swap: o.swapBytes } : {}) };
  if (o.pids !== undefined) r.pids = { limit: o.pids };
  return Object.keys(r).length ? r : undefined;
}

/** Builds and validates a Spec from options. */
export function buildSpec(o: SpecOptions): Spec {
  const ns = o.ns ?? DEFAULT_NS;
  const resources = resourcesFrom(o);
  const spec: Spec = {
    ociVersion: '1.0.2',
    process: {
      user: { uid: o.uid ?? 0, gid: o.gid ?? 0 },
      args: o.args,
      env: o.env ?? DEFAULT_ENV,
      cwd: o.cwd ?? '/',
      ...(o.privileged ? {} : { capabilities: { bounding: DEFAULT_CAPS, effective: DEFAULT_CAPS, permitted: DEFAULT_CAPS } }),
      noNewPrivileges: !o.privileged,
    },
    root: { path: 'rootfs', readonly: o.readonlyRoot ?? false },
    linux: {
      namespaces: ns.map((n) => ({ type: ociNamespaceType(n) })),
      maskedPaths: o.privileged ? [] : DEFAULT_MASKED_PATHS,
      readonlyPaths: o.privileged ? [] : DEFAULT_READONLY_PATHS,
      ...(resources ? { resources } : {}),
    },
    isolab: { rootfs: { layers: o.layers, writable: o.writable ?? true } },
  };
  if (ns.includes('uts')) spec.hostname = o.hostname ?? 'isolab';
  else if (o.hostname) spec.hostname = o.hostname; // validation names the problem
  if (ns.includes('user')) {
    spec.linux.uidMappings = o.uidMappings ?? DEFAULT_ID_MAP;
    spec.linux.gidMappings = o.gidMappings ?? DEFAULT_ID_MAP;
  }
  if (o.timeOffsets) spec.linux.timeOffsets = o.timeOffsets;
  if (o.init) spec.isolab.init = true;
  if (o.timeoutMs !== undefined) spec.isolab.timeoutMs = o.timeoutMs;
  return validateSpec(spec);
}
