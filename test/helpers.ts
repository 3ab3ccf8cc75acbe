// Shared helpers of the runtime tests: real containers on the default image, and checks
// that a run left nothing behind.
import type { ExecutionContext } from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { containerLayout } from '../runtime/container/layout.js';
import { runContainer, type RunOptions, type RunResult } from '../runtime/container/run-container.js';
import { ensureDefaultImage } from '../runtime/rootfs/default-image.js';
import { buildSpec, type SpecOptions } from '../runtime/spec/defaults.js';
import { NS_NAMES, type NsName } from '../runtime/spec/namespaces.js';

/** The namespace links of this (host) process. */
export function hostNamespaces(): Record<NsName, string> {
  return Object.fromEntries(NS_NAMES.map((n) => [n, fs.readlinkSync(`/proc/self/ns/${n}`)])) as Record<NsName, string>;
}

/** Runs a container on the default image; options as buildSpec's, without layers. */
export async function run(args: string[], o: Omit<SpecOptions, 'args' | 'layers'> = {}, ro: RunOptions = {}): Promise<RunResult> {
  return runContainer(buildSpec({ args, layers: [ensureDefaultImage()], ...o }), ro);
}

/** Runs the probe and parses its one JSON line. */
export async function probe<T = Record<string, unknown>>(args: string[], o: Omit<SpecOptions, 'args' | 'layers'> = {}): Promise<{ r: RunResult; out: T }> {
  const r = await run(['probe', ...args], o);
  if (r.exitCode !== 0) throw new Error(`probe ${args.join(' ')} exited ${r.exitCode ?? r.signal}: ${r.stderr}`);
  return { r, out: JSON.parse(r.stdout) as T };
}

function cgroupMounts(): string[] {
  return fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
    .map((l) => l.split(' - ')).filter((p) => p[1]?.startsWith('cgroup')).map((p) => p[0]!.split(' ')[4]!);
}

/** Asserts that container id left no directory, mount, cgroup or process. */
export function assertNothingLeft(t: ExecutionContext, id: string, pids: number[] = []): void {
  const layout = containerLayout(id);
  t.false(fs.existsSync(layout.dir), `container directory ${layout.dir} is gone`);
  const mounts = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(id));
  t.deepEqual(mounts, [], 'no mount of the container is left');
  const cgroups = cgroupMounts().map((m) => path.join(m, 'isolab', id)).filter((d) => fs.existsSync(d));
  t.deepEqual(cgroups, [], 'no cgroup of the container is left');
  const alive = pids.filter((p) => fs.existsSync(`/proc/${p}`) && !fs.readFileSync(`/proc/${p}/stat`, 'utf8').includes(') Z '));
  t.deepEqual(alive, [], 'no process of the container is left');
}
