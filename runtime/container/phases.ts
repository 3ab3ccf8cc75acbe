// The phases of a container's life, from the monotonic stamps taken by isolab and the launcher.
import type { StampName } from '../launcher/protocol.js';

/**
 * Durations in milliseconds; every start is broken down the same way. cgroupSetup runs in
 * the launcher while the child mounts its rootfs, so it overlaps rootfsMount and
 * pivotAndMounts; what the child waits for it is in handshake. The other phases add up
 * to total.
 */
export interface Phases {
  /** Validation, the intent log, the init layer and the upper/work/rootfs directories. */
  prepare: number;
  /** From isolab's request to the launcher reading it. */
  request: number;
  /** Overlay mount (in the container's mount namespace, or on the host for user-ns / no-mount-ns cells). */
  rootfsMount: number;
  /** clone() with the namespaces, up to the child's first step. */
  clone: number;
  /** The child waiting at the sync point for its cgroup (and id maps), and joining it. */
  handshake: number;
  /** /proc, /dev, /sys, masked paths, pivot_root and detaching the old root. */
  pivotAndMounts: number;
  /** cgroup mkdir and limit writes, by the launcher in parallel with the child's mounts (v1), or before clone (v2). */
  cgroupSetup: number;
  /** Hostname, cgroup namespace, credentials, capabilities, and execve until the parent saw it succeed. */
  exec: number;
  /** The workload running (exec to exit). */
  run: number;
  /** Removing directories and the cgroup (killing leftovers if any), reading counters and output. */
  teardown: number;
  /** Everything: the first step of prepare to the end of teardown. */
  total: number;
}

/** Monotonic ns of isolab's own steps. */
export interface HostStamps {
  begin: number;
  prepared: number;
  exited: number;
  end: number;
}

const ms = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b >= a ? (b - a) / 1e6 : 0);

/** Computes the phases from isolab's and the launcher's stamps. */
export function computePhases(h: HostStamps, s: Partial<Record<StampName, number>>): Phases {
  const dirsDone = s.dirs ?? s.received;
  const cloneFrom = s.prepared ?? dirsDone;
  const wait = ms(s.waiting, s.joined);
  // cgroup v2: the cgroup is made before clone (the child is cloned into it).
  const cgroupFirst = s.cgroup !== undefined && s.cloned !== undefined && s.cgroup < s.cloned;
  // User-ns cells wait at once, others after mounting (before pivot_root).
  const waitedEarly = s.waiting !== undefined && s.mounted !== undefined && s.waiting < s.mounted;
  return {
    prepare: ms(h.begin, h.prepared) + ms(s.received, s.dirs),
    request: ms(h.prepared, s.received),
    rootfsMount: ms(dirsDone, s.prepared) + ms(waitedEarly ? s.joined : s.child, s.mounted),
    clone: ms(cgroupFirst ? s.cgroup : cloneFrom, s.child),
    handshake: wait,
    pivotAndMounts: ms(s.mounted, s.pivoted) - (waitedEarly ? 0 : wait),
    cgroupSetup: cgroupFirst ? ms(cloneFrom, s.cgroup) : ms(s.cloned, s.cgroup),
    exec: ms(s.pivoted, s.started),
    run: ms(s.started, h.exited),
    teardown: ms(h.exited, h.end),
    total: ms(h.begin, h.end),
  };
}
