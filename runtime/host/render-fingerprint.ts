// Turns a HostFingerprint into the text `isolab env` prints: aligned "key: value"
// sections, then a table of runtimes. Pure: it returns a string and prints nothing.
import Table from 'cli-table3';
import { listAvailableControllers, type CgroupLayout } from './cgroup-layout.js';
import type { HostFingerprint } from './fingerprint.js';
import { NAMESPACE_TYPES } from './namespaces.js';
import { PROBED_TOOLS } from './tool-versions.js';

/** How to render. */
export interface RenderOptions {
  /** Use ANSI colour and bold (only for a TTY without NO_COLOR). */
  color: boolean;
}

type Row = readonly [key: string, value: string];

/** ANSI styling that collapses to plain text when colour is off. */
function makePainter(color: boolean) {
  const wrap = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39) };
}

/** Colour only for a terminal, and never when NO_COLOR is set to a non-empty value (no-color.org). */
export function shouldUseColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/** Formats a byte count with a binary unit, e.g. "23.5 GiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Groups v1 controllers that share one mount point ("cpu,cpuacct" on many distros). */
function v1Rows(layout: CgroupLayout): Row[] {
  const byMount = new Map<string, string[]>();
  for (const [controller, mountPoint] of Object.entries(layout.v1Controllers)) {
    byMount.set(mountPoint, [...(byMount.get(mountPoint) ?? []), controller]);
  }
  const rows: Row[] = [...byMount].map(([mountPoint, controllers]) => [`v1 ${controllers.join(',')}`, mountPoint]);
  for (const [name, mountPoint] of Object.entries(layout.v1Named)) rows.push([`v1 name=${name}`, mountPoint]);
  return rows;
}

/** Builds the "key: value" sections in reading order. */
function buildSections(fp: HostFingerprint, paint: ReturnType<typeof makePainter>): Array<[string, Row[]]> {
  const yesNo = (value: boolean) => (value ? paint.green('yes') : paint.red('no'));
  const absent = (value: string | number | null, why = 'absent') => (value === null ? paint.dim(`(${why})`) : String(value));
  const { privileges, cgroup, overlay, namespaces, security } = fp;

  const distro = fp.distro.prettyName ?? ([fp.distro.id, fp.distro.versionId].filter(Boolean).join(' ') || null);
  const ids = [fp.distro.id, fp.distro.versionId].filter(Boolean).join(' ');
  const system: Row[] = [
    ['hostname', fp.hostname],
    ['kernel', `${fp.kernel.release} (${fp.arch})`],
    ['/proc/version', absent(fp.kernel.version, 'unreadable')],
    ['distro', distro === null ? paint.dim('(no os-release)') : ids ? `${distro} [${ids}]` : distro],
    ['cpu', `${fp.cpu.model ?? 'unknown model'}; ${fp.cpu.online} online, ${fp.cpu.usable} usable`],
    ['memory', formatBytes(fp.memoryTotalBytes)],
    ['pid_max', absent(fp.pidMax, 'unreadable')],
  ];

  const known = privileges.capabilities.length;
  const missingCaps = privileges.missingCapabilities;
  const privilegeRows: Row[] = [
    ['user', privileges.isRoot ? paint.green('root (uid 0)') : paint.yellow(`uid ${privileges.uid} (not root)`)],
    [
      'capabilities',
      privileges.capEffHex === null
        ? paint.dim('(CapEff unreadable)')
        : `${known} of ${known + missingCaps.length} effective (CapEff ${privileges.capEffHex})` +
          (missingCaps.length === 0 ? '' : `; missing ${missingCaps.length > 8 ? `${missingCaps.length} incl. ` : ''}${missingCaps.slice(0, 8).join(' ')}`),
    ],
  ];

  const available = listAvailableControllers(cgroup);
  const unmounted = Object.entries(cgroup.kernelControllers ?? {})
    .filter(([name, enabled]) => enabled && !available.includes(name))
    .map(([name]) => name);
  const cgroupRows: Row[] = [
    ['mode', cgroup.mode === 'none' ? paint.red('none (no cgroup filesystem mounted)') : cgroup.mode],
    ['cgroup2', cgroup.v2 === null ? paint.dim('(not mounted)') : `${cgroup.v2.mountPoint} (controllers: ${cgroup.v2.controllers.join(' ') || 'none'})`],
    ...v1Rows(cgroup),
  ];
  if (unmounted.length > 0) cgroupRows.push(['not mounted', `${unmounted.join(' ')} (in /proc/cgroups, in no hierarchy)`]);

  const parameters = Object.entries(overlay.parameters).map(([name, value]) => `${name}=${value}`);
  const overlayRows: Row[] = [
    ['available', yesNo(overlay.available)],
    ['mount API', `fsconfig ${yesNo(overlay.newMountApi)}, lowerdir+ ${yesNo(overlay.lowerdirPlus)}, ≤ ${overlay.maxLowerLayers} lower layers`],
    ['parameters', parameters.length > 0 ? parameters.join(' ') : paint.dim('(module parameters not visible)')],
  ];

  const missingNs = NAMESPACE_TYPES.filter((type) => !namespaces.available.includes(type));
  const limits = NAMESPACE_TYPES.map((type) => namespaces.maxPerUser[type]);
  const sameLimit = limits.every((limit) => limit === limits[0]);
  const namespaceRows: Row[] = [
    ['offered', namespaces.available.join(' ') + (missingNs.length > 0 ? `; ${paint.red(`missing ${missingNs.join(' ')}`)}` : '')],
    [
      'max_*_namespaces',
      sameLimit ? `${absent(limits[0] ?? null)} each` : NAMESPACE_TYPES.map((type) => `${type}=${absent(namespaces.maxPerUser[type])}`).join(' '),
    ],
    ['unprivileged_userns_clone', absent(namespaces.unprivilegedUsernsClone)],
    ['apparmor_restrict_unprivileged_userns', absent(namespaces.apparmorRestrictUnprivilegedUserns)],
  ];

  const securityRows: Row[] = [
    ['LSMs', security.lsms === null ? paint.dim('(securityfs not mounted)') : security.lsms.join(',') || paint.dim('(none)')],
    ['seccomp', security.seccomp ? `${paint.green('yes')}; actions: ${security.seccompActions?.join(' ') ?? '?'}` : paint.red('no')],
    ['isolab under seccomp', absent(security.selfSeccompMode, 'unknown')],
  ];

  return [
    ['System', system],
    ['Privileges', privilegeRows],
    ['Cgroups', cgroupRows],
    ['Overlayfs', overlayRows],
    ['Namespaces', namespaceRows],
    ['Security', securityRows],
  ];
}

/** cli-table3 characters for a borderless table indented like the sections above it. */
const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '  ', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/** Builds the runtimes table: one row per probed tool, plus the Docker daemon. */
function renderRuntimes(fp: HostFingerprint, paint: ReturnType<typeof makePainter>, color: boolean): string {
  const table = new Table({
    head: ['tool', 'version', 'path', 'note'],
    style: { head: color ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': 0 },
    chars: BORDERLESS,
  });
  for (const tool of PROBED_TOOLS) {
    const probe = fp.runtimes[tool];
    if (!probe.present) {
      table.push([tool, paint.dim('absent'), '', '']);
      continue;
    }
    table.push([tool, probe.version ?? paint.yellow('?'), probe.path ?? '', probe.error ?? '']);
  }
  const server = fp.runtimes.docker.server;
  if (server !== null) {
    table.push(['docker daemon', server.reachable ? (server.version ?? '?') : paint.dim('not reachable'), '', server.error ?? '']);
  }
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** Renders the fingerprint as readable sections followed by the runtimes table. */
export function renderFingerprint(fp: HostFingerprint, options: RenderOptions = { color: false }): string {
  const paint = makePainter(options.color);
  const sections = buildSections(fp, paint);
  const lines = [paint.bold(`isolab ${fp.isolabVersion} host fingerprint`) + paint.dim(` (collected ${fp.collectedAt}, node ${fp.nodeVersion})`)];
  for (const [title, rows] of sections) {
    const width = Math.max(...rows.map(([key]) => key.length));
    lines.push('', paint.bold(title));
    for (const [key, value] of rows) lines.push(`  ${`${key}:`.padEnd(width + 1)} ${value}`);
  }
  lines.push('', paint.bold('Runtimes'), renderRuntimes(fp, paint, options.color));
  return `${lines.join('\n')}\n`;
}
