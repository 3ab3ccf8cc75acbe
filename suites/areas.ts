// The areas of isolation that the suites check, and their names on the command line.
import type { NsName } from '../runtime/spec/namespaces.js';

/** One area of isolation; each has its own file of checks in suites/checks/. */
export type Area =
  | 'pid' | 'mount' | 'uts' | 'ipc' | 'net' | 'user' | 'cgroupns' | 'timens'
  | 'fds' | 'cgroup-limits' | 'whiteout' | 'init-layer';

/** Every area, in the order results are reported. */
export const AREAS: readonly Area[] = [
  'pid', 'mount', 'uts', 'ipc', 'net', 'user', 'cgroupns', 'timens', 'fds', 'cgroup-limits', 'whiteout', 'init-layer',
];

/** The namespace each namespace area is about. */
export const AREA_NAMESPACE: Readonly<Partial<Record<Area, NsName>>> = {
  pid: 'pid', mount: 'mnt', uts: 'uts', ipc: 'ipc', net: 'net', user: 'user', cgroupns: 'cgroup', timens: 'time',
};

/** The areas that are about one namespace each. */
export const NAMESPACE_AREAS: readonly Area[] = AREAS.filter((a) => AREA_NAMESPACE[a] !== undefined);

/** Other names people type for an area (the /proc/self/ns and OCI names). */
const ALIASES: Record<string, Area> = {
  mnt: 'mount', cgroup: 'cgroupns', time: 'timens', network: 'net', limits: 'cgroup-limits', cgroups: 'cgroup-limits',
  whiteouts: 'whiteout', init: 'init-layer', fd: 'fds',
};

/** The area a name means (an area name or an alias), or undefined. */
export function areaNamed(name: string): Area | undefined {
  const n = name.trim().toLowerCase();
  return (AREAS as readonly string[]).includes(n) ? (n as Area) : ALIASES[n];
}

/** Parses "pid,net" into areas; throws naming the unknown entry and listing the known ones. */
export function parseAreaList(text: string, source = '--only'): Area[] {
  const out = new Set<Area>();
  for (const raw of text.split(',')) {
    if (!raw.trim()) continue;
    const a = areaNamed(raw);
    if (!a) throw new Error(`${source}: unknown area "${raw.trim()}": use a comma-separated list of ${AREAS.join(', ')}`);
    out.add(a);
  }
  if (out.size === 0) throw new Error(`${source}: name at least one area (${AREAS.join(', ')})`);
  return AREAS.filter((a) => out.has(a));
}
