// The on-disk intent log of a container: written before any resource is created, so that a
// harness killed with SIGKILL mid-run leaves a record from which `isolab gc` removes it all.
import fs from 'node:fs';
import path from 'node:path';
import type { CgroupPlan, CgroupVersion } from '../cgroup/types.js';
import type { ProcessIdentity } from '../sys/proc.js';

/**
 * A container that an external runtime (runc, crun, docker) created for isolab: gc removes
 * it through that runtime (`runc --root R delete --force ID`, `docker rm -f ID`).
 */
export interface ExternalContainer {
  runtime: 'runc' | 'crun' | 'docker';
  /** The runtime's container id (docker: the container name isolab gave it). */
  id: string;
  /** The runtime's state directory (runc/crun --root). */
  root?: string;
}

/** Everything a container may create on the host. */
export interface Intent {
  version: 1;
  id: string;
  /** The isolab process that owns the container; gc leaves it alone while it lives. */
  owner: ProcessIdentity;
  createdAt: string;
  dir: string;
  cgroup: { version: CgroupVersion; plan: CgroupPlan };
  /** Where a host-side mount of the rootfs may exist (cells without a mount ns, user ns). */
  hostMount?: string;
  /** Set when an external runtime runs the container; removed through it before the rest. */
  external?: ExternalContainer;
}

let traversable: string | undefined;

/** Makes the containers directory and its parent exist with mode 0711 (once per process). */
export function ensureTraversable(containers: string): void {
  if (traversable === containers) return;
  for (const d of [path.dirname(containers), containers]) {
    fs.mkdirSync(d, { recursive: true });
    fs.chmodSync(d, 0o711);
  }
  traversable = containers;
}

/** Writes the intent (creating the container's directory); must precede every resource. */
export function writeIntent(file: string, dir: string, intent: Intent): void {
  // 0711: a container in a user namespace (mapped root is not host root) must be able to
  // reach its rootfs below this directory, but no one else needs to list it.
  ensureTraversable(path.dirname(dir));
  fs.mkdirSync(dir, { mode: 0o711 });
  fs.writeFileSync(file, JSON.stringify(intent), { mode: 0o600 });
}

/** Reads an intent, or undefined when it is missing or unreadable (a crash before it was written). */
export function readIntent(file: string): Intent | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Intent;
    return v.version === 1 && typeof v.id === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
