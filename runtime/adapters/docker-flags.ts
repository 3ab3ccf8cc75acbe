// From an isolab Spec to `docker run` flags, and the Specs docker cannot express. Pure.
// Docker applies defaults of its own that the Spec does not ask for (seccomp, AppArmor, a
// memory+swap limit of twice the memory limit); the flags turn each of them into what the
// Spec says, so the same Spec means the same container on every runtime.
import { DEFAULT_MASKED_PATHS, DEFAULT_READONLY_PATHS } from '../spec/defaults.js';
import type { NamespaceType } from '../spec/namespaces.js';
import type { Spec } from '../spec/types.js';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** An /etc/hosts line as docker --add-host takes it: "IP NAME…" → NAME:IP each. */
function addHosts(line: string): string[] | undefined {
  const [ip, ...names] = line.trim().split(/\s+/);
  if (!ip || names.length === 0 || !/^[0-9a-fA-F.:]+$/.test(ip) || names.some((n) => n.startsWith('#'))) return undefined;
  return names.map((n) => `${n}:${ip}`);
}

/** Why docker cannot run spec (the reason a cell is skipped), or undefined. */
export function dockerUnsupported(spec: Spec): string | undefined {
  const types = new Set<NamespaceType>(spec.linux.namespaces.map((n) => n.type));
  const joined = spec.linux.namespaces.find((n) => n.path);
  if (joined) return `docker joins only another container's namespaces (--${joined.type} container:NAME), not a namespace path (linux.namespaces[].path)`;
  if (!types.has('mount')) return 'docker cannot run a container without a mount namespace';
  if (!types.has('network')) return 'docker here must run with --network none: a Spec without a network namespace (the host network) cannot be expressed';
  if (types.has('time')) return 'docker has no time namespace option';
  if (types.has('user')) return 'docker gives containers a user namespace only daemon-wide (dockerd --userns-remap), not per container';
  const masked = spec.linux.maskedPaths ?? [];
  const ro = spec.linux.readonlyPaths ?? [];
  const defaults = sameSet(masked, DEFAULT_MASKED_PATHS) && sameSet(ro, DEFAULT_READONLY_PATHS);
  if (!defaults && (masked.length > 0 || ro.length > 0)) {
    return "docker masks its own fixed set of /proc and /sys paths or none (--security-opt systempaths=unconfined): the Spec's linux.maskedPaths/readonlyPaths differ from both";
  }
  const badHost = (spec.isolab.extraHosts ?? []).find((l) => !addHosts(l));
  if (badHost !== undefined) return `docker --add-host takes "IP NAME" entries only: isolab.extraHosts line ${JSON.stringify(badHost)} is not one`;
  const caps = spec.process.capabilities;
  if (caps && ((caps.ambient?.length ?? 0) > 0 || (caps.inheritable?.length ?? 0) > 0)) {
    return 'docker sets one capability set for a container: ambient and inheritable capabilities (process.capabilities) cannot be expressed';
  }
  return undefined;
}

/** The capability names docker takes ("CHOWN" for "CAP_CHOWN"). */
function capName(c: string): string {
  return c.replace(/^CAP_/, '');
}

/** What the flags depend on besides the Spec. */
export interface DockerHost {
  /** The capabilities the engine can grant (its bounding set, e.g. from /proc/self/status CapBnd). */
  boundingCapabilities: readonly string[];
}

/** The `docker run` flags of spec (call dockerUnsupported first). Image and args come after them. */
export function dockerRunFlags(spec: Spec, host: DockerHost): string[] {
  const f: string[] = ['--network', 'none']; // always: docker here has no bridge and must never get one
  const ns = new Set<NamespaceType>(spec.linux.namespaces.map((n) => n.type));
  if (!ns.has('pid')) f.push('--pid', 'host');
  f.push('--ipc', ns.has('ipc') ? 'private' : 'host');
  if (!ns.has('uts')) f.push('--uts', 'host');
  f.push('--cgroupns', ns.has('cgroup') ? 'private' : 'host');
  if (spec.hostname) f.push('--hostname', spec.hostname);
  if (spec.domainname) f.push('--domainname', spec.domainname);
  // process
  const { user, env, cwd, capabilities, noNewPrivileges } = spec.process;
  f.push('--user', `${user.uid}:${user.gid}`);
  for (const g of user.additionalGids ?? []) f.push('--group-add', String(g));
  for (const e of env) f.push('--env', e);
  f.push('--workdir', cwd);
  if (capabilities) {
    const kept = [...new Set([...(capabilities.bounding ?? []), ...(capabilities.permitted ?? []), ...(capabilities.effective ?? [])])];
    f.push('--cap-drop', 'ALL', ...kept.flatMap((c) => ['--cap-add', capName(c)]));
  } else {
    // No capabilities field: the process keeps all of root's. Not "--cap-add ALL": that names
    // every capability docker knows, and the container fails to start when the host's
    // bounding set lacks one (CAP_SYS_RESOURCE is missing here, for one).
    f.push(...host.boundingCapabilities.flatMap((c) => ['--cap-add', capName(c)]));
  }
  if (noNewPrivileges) f.push('--security-opt', 'no-new-privileges');
  // The Spec has no seccomp or AppArmor profile: neither does the container.
  f.push('--security-opt', 'seccomp=unconfined', '--security-opt', 'apparmor=unconfined');
  if ((spec.linux.maskedPaths ?? []).length === 0 && (spec.linux.readonlyPaths ?? []).length === 0) f.push('--security-opt', 'systempaths=unconfined');
  // rootfs
  if (spec.root.readonly || spec.isolab.rootfs.writable === false) f.push('--read-only');
  if (spec.isolab.init) f.push('--init');
  for (const line of spec.isolab.extraHosts ?? []) for (const h of addHosts(line) ?? []) f.push('--add-host', h);
  for (const ip of spec.isolab.dns ?? []) f.push('--dns', ip);
  // resources
  const r = spec.linux.resources;
  if (r?.memory?.limit !== undefined) {
    f.push('--memory', String(r.memory.limit));
    // OCI swap is memory+swap, like --memory-swap; unset means unlimited (docker would double the limit).
    f.push('--memory-swap', String(r.memory.swap ?? -1));
  }
  if (r?.cpu?.quota !== undefined) f.push('--cpu-quota', String(r.cpu.quota));
  if (r?.cpu?.period !== undefined) f.push('--cpu-period', String(r.cpu.period));
  if (r?.cpu?.shares !== undefined) f.push('--cpu-shares', String(r.cpu.shares));
  if (r?.cpu?.cpus !== undefined) f.push('--cpuset-cpus', r.cpu.cpus);
  if (r?.cpu?.mems !== undefined) f.push('--cpuset-mems', r.cpu.mems);
  if (r?.pids?.limit !== undefined) f.push('--pids-limit', String(r.pids.limit));
  return f;
}
