// An OCI bundle made from an isolab Spec, as a straight list of steps:
//   intent → init layer → upper/work/rootfs directories → overlay mount → config.json
// and its removal in reverse. The intent is on disk before anything else exists, so a
// harness killed at any point leaves a record that `isolab gc` removes everything from.
import fs from 'node:fs';
import path from 'node:path';
import type { CgroupPlan, CgroupVersion } from '../cgroup/types.js';
import { writeIntent, type ExternalContainer, type Intent } from '../container/intent.js';
import { containerLayout, newContainerId, type ContainerLayout } from '../container/layout.js';
import { detachHostMount, removeContainerDir } from '../container/release.js';
import { writeInitLayer } from '../rootfs/init-layer.js';
import type { Spec } from '../spec/types.js';
import { SyscallError } from '../sys/libc.js';
import { selfIdentity } from '../sys/proc.js';
import { AdapterError } from './adapter-error.js';
import { planExternalCgroup } from './external-cgroup.js';
import { toOciConfig } from './oci-config.js';
import { mountOverlay } from './overlay-mount.js';

/** A bundle on disk: where everything is, and the intent that records it. */
export interface Bundle {
  id: string;
  layout: ContainerLayout;
  /** The bundle directory (holds config.json; the runtime's `--bundle`). */
  dir: string;
  /** Relative cgroup path of the container, e.g. "isolab/ab12cd34ef56". */
  cgroupPath: string;
  /** The cgroup over every hierarchy, as recorded in the intent. */
  plan: CgroupPlan;
  intent: Intent;
}

/** What createBundle needs besides the Spec. */
export interface BundleOptions {
  /** The external runtime that will run it, for gc. */
  runtime: ExternalContainer['runtime'];
  /** That runtime's state root (runc/crun --root). */
  root?: string;
  /** The cgroup version isolab's driver speaks here (recorded in the intent). */
  cgroupVersion: CgroupVersion;
  /** Mount /sys/fs/cgroup inside (default true). */
  cgroupMount?: boolean;
}

/** Plans a bundle (no side effects): id, paths, cgroup, intent. */
export function planBundle(spec: Spec, o: BundleOptions): Bundle {
  const id = newContainerId();
  const layout = containerLayout(id);
  const cgroupPath = spec.linux.cgroupsPath?.replace(/^\/+/, '') ?? `isolab/${id}`;
  const plan = planExternalCgroup(cgroupPath);
  const intent: Intent = {
    version: 1, id, owner: selfIdentity(), createdAt: new Date().toISOString(), dir: layout.dir,
    cgroup: { version: o.cgroupVersion, plan },
    hostMount: layout.rootfs,
    external: { runtime: o.runtime, id, ...(o.root ? { root: o.root } : {}) },
  };
  return { id, layout, dir: layout.dir, cgroupPath, plan, intent };
}

/** Creates the planned bundle on disk. On failure, what was made stays recorded for removeBundle(). */
export function createBundle(b: Bundle, spec: Spec, o: BundleOptions): void {
  const { layout } = b;
  // intent: recorded before anything is created.
  writeIntent(layout.intent, layout.dir, b.intent);
  // init layer, writable layer, mount point.
  writeInitLayer(layout.init, spec);
  fs.mkdirSync(layout.rootfs, { mode: 0o755 });
  const writable = spec.isolab.rootfs.writable ?? true;
  if (writable) {
    fs.mkdirSync(layout.upper, { mode: 0o755 });
    fs.mkdirSync(layout.work, { mode: 0o700 });
  }
  // overlay: the init layer above the image layers (given lowest first).
  const lower = [layout.init, ...[...spec.isolab.rootfs.layers].reverse()];
  try {
    mountOverlay(layout.rootfs, { lower, ...(writable ? { upper: layout.upper, work: layout.work } : {}) });
  } catch (err) {
    const e = err instanceof SyscallError ? err : undefined;
    throw new AdapterError({
      runtime: o.runtime, step: 'mount', what: `overlay mount of ${lower.length} lower layer(s) on ${layout.rootfs}`,
      path: layout.rootfs, ...(e ? { syscall: e.syscall, errno: e.code } : {}),
      hint: 'check that every layer directory exists and that overlayfs is available (modprobe overlay)', cause: err,
    });
  }
  // config.json: the Spec minus its isolab section.
  const config = toOciConfig(spec, { rootfs: layout.rootfs, cgroupsPath: b.cgroupPath, cgroupMount: o.cgroupMount ?? true });
  fs.writeFileSync(path.join(b.dir, 'config.json'), JSON.stringify(config));
}

/** Whether dir is a mount point (its device differs from its parent's). */
function isMountPoint(dir: string): boolean {
  try {
    return fs.statSync(dir).dev !== fs.statSync(path.dirname(dir)).dev;
  } catch {
    return false;
  }
}

/** Unmounts the rootfs and removes the bundle's directories (the intent log last). */
export function removeBundleFiles(b: Bundle): void {
  detachHostMount(b.layout.rootfs);
  // Never descend into a rootfs that is still mounted: that would delete image files.
  if (isMountPoint(b.layout.rootfs)) {
    throw new AdapterError({
      runtime: b.intent.external?.runtime ?? 'oci', step: 'delete', what: `removal of ${b.dir}`, path: b.layout.rootfs,
      detail: 'the rootfs is still mounted', hint: 'unmount it (umount -l) and run `isolab gc`',
    });
  }
  removeContainerDir(b.dir);
}
