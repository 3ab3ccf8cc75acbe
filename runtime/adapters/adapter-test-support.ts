// Shared by the adapter tests: specs on the default image, the host's namespaces, whether an
// adapter can run here (a test that cannot run says why), and checks that a run left nothing.
import type { ExecutionContext } from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { containerLayout } from '../container/layout.js';
import { ensureDefaultImage } from '../rootfs/default-image.js';
import { buildSpec, type SpecOptions } from '../spec/defaults.js';
import { NS_NAMES, type NsName } from '../spec/namespaces.js';
import type { Spec } from '../spec/types.js';
import type { RuntimeAdapter } from './adapter.js';
import { allCgroupMounts } from './external-cgroup.js';
import { ociStateRoot, type OciRuntimeName } from './oci-cli-command.js';

/** A Spec running args on the default image; options as buildSpec's. */
export function specOf(args: string[], o: Omit<SpecOptions, 'args' | 'layers'> = {}): Spec {
  return buildSpec({ args, layers: [ensureDefaultImage()], ...o });
}

/** The namespace links of this (host) process. */
export function hostNamespaces(): Record<NsName, string> {
  return Object.fromEntries(NS_NAMES.map((n) => [n, fs.readlinkSync(`/proc/self/ns/${n}`)])) as Record<NsName, string>;
}

/** Why adapter cannot be tested here, or undefined when it can. */
export async function cannotTest(adapter: RuntimeAdapter): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'the adapter tests run containers and need root';
  const a = await adapter.available();
  return a.ok ? undefined : a.reason;
}

/** Logs a skip with its reason (the test then passes, visibly skipped). */
export function skip(t: ExecutionContext, reason: string): void {
  t.log(`skipped: ${reason}`);
  t.pass();
}

/** Whether a process exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  try {
    return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

/** Asserts that the isolab container `id` left no directory, mount or cgroup. */
export function assertNoHostState(t: ExecutionContext, id: string): void {
  const layout = containerLayout(id);
  t.false(fs.existsSync(layout.dir), `container directory ${layout.dir} is gone`);
  const mounts = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(id));
  t.deepEqual(mounts, [], 'no mount of the container is left');
  const cgroups = allCgroupMounts().map((m) => path.join(m, 'isolab', id)).filter((d) => fs.existsSync(d));
  t.deepEqual(cgroups, [], 'no cgroup of the container is left, in any hierarchy');
}

/** Asserts that runtime keeps no state of container id (isolab's root and the runtime's default). */
export function assertNoRuntimeState(t: ExecutionContext, runtime: OciRuntimeName, id: string): void {
  for (const root of [ociStateRoot(runtime), `/run/${runtime}`]) {
    t.false(fs.existsSync(path.join(root, id)), `${runtime} keeps no state of ${id} in ${root}`);
  }
}
