// From a Spec to the launcher's compact request: the only translation of configuration.
import type { DeferredCgroup } from '../cgroup/deferred-create.js';
import type { CgroupPlan } from '../cgroup/types.js';
import type { LaunchRequest } from '../launcher/protocol.js';
import { nsName } from '../spec/namespaces.js';
import { initLayerEntries } from '../rootfs/init-layer.js';
import type { IdMapping, Spec } from '../spec/types.js';
import type { Intent } from './intent.js';
import type { ContainerLayout } from './layout.js';

/** How the container's stdin, stdout and stderr are connected. */
export type StdioMode = 'capture' | 'inherit' | 'null';

const idMap = (m: IdMapping[] | undefined) => m?.map((l) => `${l.containerID} ${l.hostID} ${l.size}`);

/**
 * Builds the launch request of a Spec for a container laid out at `layout`. The launcher
 * makes the init layer and directories, and removes them after the exit unless `keep`
 * (an inspect hook wants to see the writable layer first).
 */
export function toLaunchRequest(spec: Spec, layout: ContainerLayout, plan: CgroupPlan, cgroup: DeferredCgroup, intent: Intent, stdio: StdioMode, keep = false): LaunchRequest {
  const entries = initLayerEntries(spec);
  const types = spec.linux.namespaces.map((n) => n.type);
  const scratch = !keep && types.includes('mount') && !types.includes('user');
  // In a user namespace, the host ids of the container's root own the init layer.
  const hostIdOfRoot = (m: IdMapping[] | undefined) => m?.find((l) => l.containerID === 0)?.hostID;
  const uid0 = hostIdOfRoot(spec.linux.uidMappings);
  const gid0 = hostIdOfRoot(spec.linux.gidMappings);
  const rootOwner: [number, number] | undefined = types.includes('user') && uid0 !== undefined && gid0 !== undefined ? [uid0, gid0] : undefined;
  const caps = spec.process.capabilities;
  const kept = caps ? [...new Set([...(caps.bounding ?? []), ...(caps.permitted ?? []), ...(caps.effective ?? [])])] : undefined;
  const writable = spec.isolab.rootfs.writable ?? true;
  const t = spec.linux.timeOffsets;
  const out: [string, string, string] =
    stdio === 'capture' ? ['@null', layout.stdout, layout.stderr] : stdio === 'inherit' ? ['@host', '@host', '@host'] : ['@null', '@null', '@null'];
  return {
    id: layout.id,
    ns: spec.linux.namespaces.map((n) => nsName(n.type)),
    rootfs: layout.rootfs,
    lower: [layout.init, ...[...spec.isolab.rootfs.layers].reverse()],
    ...(writable ? { upper: layout.upper, work: layout.work } : {}),
    readonly: spec.root.readonly ?? false,
    ...(spec.hostname ? { hostname: spec.hostname } : {}),
    ...(spec.domainname ? { domainname: spec.domainname } : {}),
    cwd: spec.process.cwd,
    args: spec.process.args,
    env: spec.process.env,
    cgroupOps: cgroup.ops.map((o) => (o.op === 'mkdir' ? `m${o.path}` : `w${o.path}\t${o.value}`)),
    cgroupProcs: plan.procs,
    // cgroup v1: the child moves itself through `tasks`, which takes no global lock.
    ...(cgroup.version === 'v1' ? { cgroupTasks: plan.procs.map((p) => p.replace(/cgroup\.procs$/, 'tasks')) } : {}),
    // cgroup v2: cloned straight into its cgroup (no migration at all).
    ...(cgroup.version === 'v2' && plan.dirs.length === 1 ? { cgroupInto: plan.dirs[0]! } : {}),
    cgroupStats: cgroup.statFiles,
    cgroupRemove: plan.dirs,
    ...(spec.linux.uidMappings ? { uidMap: idMap(spec.linux.uidMappings)! } : {}),
    ...(spec.linux.gidMappings ? { gidMap: idMap(spec.linux.gidMappings)! } : {}),
    setgroupsDeny: spec.isolab.setgroups === 'deny',
    ...(t?.monotonic ? { monotonicOffset: [t.monotonic.secs, t.monotonic.nanosecs ?? 0] as [number, number] } : {}),
    ...(t?.boottime ? { boottimeOffset: [t.boottime.secs, t.boottime.nanosecs ?? 0] as [number, number] } : {}),
    uid: spec.process.user.uid,
    gid: spec.process.user.gid,
    gids: spec.process.user.additionalGids ?? [],
    ...(kept ? { caps: kept } : {}),
    init: spec.isolab.init ?? false,
    noNewPrivs: spec.process.noNewPrivileges ?? false,
    stdio: out,
    masked: spec.linux.maskedPaths ?? [],
    readonlyPaths: spec.linux.readonlyPaths ?? [],
    initLayer: {
      dir: layout.init,
      dirs: entries.flatMap((e) => (e.kind === 'dir' ? [e.path] : [])),
      files: entries.flatMap((e) => (e.kind === 'file' ? [[e.path, e.content] as [string, string]] : [])),
      links: entries.flatMap((e) => (e.kind === 'symlink' ? [[e.path, e.target] as [string, string]] : [])),
      ...(rootOwner ? { owner: rootOwner } : {}),
    },
    mkdirs: true,
    // An ephemeral container with its own mount namespace keeps its init and writable
    // layers in a tmpfs of that namespace (made by the child, gone with it); the others
    // get directories on the host, which the launcher removes after the exit unless kept.
    ...(scratch ? { scratch: layout.dir } : { cleanup: !keep }),
    intent: { path: layout.intent, json: JSON.stringify(intent) },
    // Nothing for isolab to read afterwards: the launcher removes the last traces itself.
    removeAll: !keep && stdio !== 'capture',
  };
}
