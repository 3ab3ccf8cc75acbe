// The one configuration object of isolab: an OCI runtime-spec config.json (the subset isolab
// needs) plus an "isolab" section for what OCI leaves to the runtime (the layered rootfs).
import type { LinuxResources } from '../cgroup/types.js';
import type { NamespaceType } from './namespaces.js';

export type { LinuxResources };

/** One line of a uid or gid map. */
export interface IdMapping {
  containerID: number;
  hostID: number;
  size: number;
}

/** A time namespace clock offset. */
export interface TimeOffset {
  secs: number;
  nanosecs?: number;
}

/** OCI process.capabilities: each a list like "CAP_CHOWN". */
export interface Capabilities {
  bounding?: string[];
  effective?: string[];
  permitted?: string[];
  inheritable?: string[];
  ambient?: string[];
}

/** OCI `process`. */
export interface ProcessSpec {
  terminal?: boolean;
  user: { uid: number; gid: number; additionalGids?: number[] };
  args: string[];
  env: string[];
  cwd: string;
  capabilities?: Capabilities;
  noNewPrivileges?: boolean;
}

/** OCI `linux`. */
export interface LinuxSpec {
  namespaces: { type: NamespaceType; path?: string }[];
  uidMappings?: IdMapping[];
  gidMappings?: IdMapping[];
  timeOffsets?: { monotonic?: TimeOffset; boottime?: TimeOffset };
  resources?: LinuxResources;
  cgroupsPath?: string;
  maskedPaths?: string[];
  readonlyPaths?: string[];
}

/** What OCI leaves to the runtime: how the rootfs is assembled, and run options. */
export interface IsolabSpec {
  rootfs: {
    /** Read-only image layers (directories), lowest first. */
    layers: string[];
    /** Give the container a writable upper layer (default true). */
    writable?: boolean;
  };
  /** Extra lines for the init layer's /etc/hosts. */
  extraHosts?: string[];
  /** Nameserver lines of /etc/resolv.conf (default none: containers here have no network). */
  dns?: string[];
  /** Run the workload under a minimal init as pid 1. */
  init?: boolean;
  /** Write "deny" to /proc/PID/setgroups before the gid map (user namespace only). */
  setgroups?: 'allow' | 'deny';
  /** Kill the container after this many milliseconds. */
  timeoutMs?: number;
}

/** The isolab Spec: an OCI config.json subset plus the isolab section. */
export interface Spec {
  ociVersion: string;
  process: ProcessSpec;
  root: { path: string; readonly?: boolean };
  hostname?: string;
  domainname?: string;
  linux: LinuxSpec;
  annotations?: Record<string, string>;
  isolab: IsolabSpec;
}
