// The phases of a container's life, from the monotonic stamps taken by isolab and the launcher.
import type { StampName } from '../launcher/protocol.js';

/** Durations in milliseconds; every start is broken down the same way. */
export interface Phases {
  /** Intent log, init layer and upper/work directories. */
  prepare: number;
  /** cgroup mkdir and limit writes. */
  cgroupSetup: number;
  /** From isolab's request to the launcher reading it. */
  request: number;
  /** Overlay mount (in the container's mount namespace, or on the host for user-ns / no-mount-ns cells). */
  rootfsMount: number;
  /** clone() with the namespaces, up to the child's first step. */
  clone: number;
  /** Sync 1: id maps written and cgroups joined by the parent. */
  handshake: number;
  /** /proc, /dev, /sys, masked paths, pivot_root and detaching the old root. */
  pivotAndMounts: number;
  /** Hostname, credentials, capabilities, and execve until the parent saw it succeed. */
  exec: number;
  /** The workload running (exec to exit). */
  run: number;
  /** Killing leftovers, removing cgroups and directories. */
  teardown: number;
  /** Everything: the first step of prepare to the end of teardown. */
  total: number;
}

/** Monotonic ns of isolab's own steps. */
export interface HostStamps {
  begin: number;
  prepared: number;
  cgroupReady: number;
  exited: number;
  end: number;
}

const ms = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b >= a ? (b - a) / 1e6 : 0);

/** Computes the phases from isolab's and the launcher's stamps. */
export function computePhases(h: HostStamps, s: Partial<Record<StampName, number>>): Phases {
  const hostMount = ms(s.received, s.prepared);
  const cloneFrom = s.prepared ?? s.received;
  return {
    prepare: ms(h.begin, h.prepared),
    cgroupSetup: ms(h.prepared, h.cgroupReady),
    request: ms(h.cgroupReady, s.received),
    rootfsMount: hostMount + ms(s.joined, s.mounted),
    clone: ms(cloneFrom, s.child),
    handshake: ms(s.child, s.joined),
    pivotAndMounts: ms(s.mounted, s.pivoted),
    exec: ms(s.pivoted, s.started),
    run: ms(s.started, h.exited),
    teardown: ms(h.exited, h.end),
    total: ms(h.begin, h.end),
  };
}
