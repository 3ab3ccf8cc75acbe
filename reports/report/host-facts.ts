// The host facts reports show and compare diffs: the things that can change a result
// (kernel, distro, cgroup mode, overlay features, runtime versions, CPU), as label/value
// pairs in a fixed order.
import type { HostData } from '../model/results-schema.js';
import { formatBytes } from '../render/format.js';

/** One fact about a host. */
export interface HostFact {
  /** Stable key, e.g. "kernel", "runtime.crun". */
  key: string;
  label: string;
  value: string;
}

/** The overlay module's settings that change behaviour, e.g. "index=N metacopy=N redirect_dir=N xino_auto=N". */
function overlaySummary(o: HostData['overlay']): string {
  if (!o.available) return 'not available';
  const keys = ['index', 'metacopy', 'redirect_dir', 'xino_auto', 'nfs_export'];
  const params = keys.filter((k) => o.parameters[k] !== undefined).map((k) => `${k}=${o.parameters[k]}`);
  const api = [o.newMountApi ? 'fsconfig' : null, o.lowerdirPlus ? 'lowerdir+' : null].filter(Boolean).join(', ');
  return [params.join(' '), api ? `(${api}${o.maxLowerLayers ? `, ≤ ${o.maxLowerLayers} layers` : ''})` : ''].filter(Boolean).join(' ') || 'available';
}

function runtimeVersion(p: HostData['runtimes'][string]): string {
  if (!p.present) return 'absent';
  const server = p.server ? (p.server.reachable ? `, daemon ${p.server.version ?? '?'}` : ', daemon not running') : '';
  return `${p.version ?? p.banner ?? 'present (version unknown)'}${server}`;
}

/** The facts of a host, in report order. */
export function hostFacts(h: HostData): HostFact[] {
  const cg = h.cgroup;
  const v2 = cg.v2 ? ` (cgroup2 at ${cg.v2.mountPoint}: ${cg.v2.controllers.join(' ') || 'no controllers'})` : '';
  const facts: HostFact[] = [
    { key: 'kernel', label: 'kernel', value: h.kernel.release },
    { key: 'distro', label: 'distro', value: h.distro.prettyName ?? ([h.distro.id, h.distro.versionId].filter(Boolean).join(' ') || 'unknown') },
    { key: 'cgroup', label: 'cgroup mode', value: `${cg.mode}${v2}` },
    { key: 'overlay', label: 'overlayfs', value: overlaySummary(h.overlay) },
    ...Object.entries(h.runtimes).map(([name, p]) => ({ key: `runtime.${name}`, label: name, value: runtimeVersion(p) })),
    { key: 'cpu', label: 'CPU', value: `${h.cpu.model ?? 'unknown model'} × ${h.cpu.usable}${h.cpu.online !== h.cpu.usable ? ` (of ${h.cpu.online} online)` : ''}` },
    { key: 'memory', label: 'memory', value: formatBytes(h.memoryTotalBytes) },
    { key: 'arch', label: 'arch', value: h.arch },
  ];
  if (h.namespaces) facts.push({ key: 'namespaces', label: 'namespaces', value: h.namespaces.available.join(' ') });
  if (h.security) {
    const lsm = h.security.lsms ? h.security.lsms.join(',') || 'none' : 'unknown';
    facts.push({ key: 'security', label: 'LSMs / seccomp', value: `${lsm} / ${h.security.seccomp ? 'seccomp' : 'no seccomp'}` });
  }
  facts.push(
    { key: 'isolab', label: 'isolab', value: h.isolabVersion },
    { key: 'node', label: 'Node.js', value: h.nodeVersion },
    { key: 'hostname', label: 'hostname', value: h.hostname },
  );
  return facts;
}
