// The protocol between isolab and the native launcher (runtime/native/launcher/protocol.h).
// The names of events and stamps are defined in protocol.h; a test checks these agree.

/** Named sync points of a container start, in order (ISOLAB_STAMPS in protocol.h). */
export const STAMPS = ['received', 'dirs', 'prepared', 'cloned', 'child', 'cgroup', 'waiting', 'mapped', 'joined', 'mounted', 'pivoted', 'exec', 'started'] as const;
export type StampName = (typeof STAMPS)[number];

/** Launcher event kinds (ISOLAB_EVENTS in protocol.h). */
export const EVENTS = ['ready', 'started', 'failed', 'exited'] as const;

export const PROTOCOL_VERSION = 1;

/** CLOCK_MONOTONIC nanoseconds, as Number (exact below 2^53 ns ≈ 104 days of uptime). */
export type MonotonicNs = number;

export type LauncherEvent =
  | { event: 'ready'; version: number; pid: number }
  | { event: 'started'; id: string; pid: number; stamps: Partial<Record<StampName, MonotonicNs>> }
  | { event: 'failed'; id: string; step: string; syscall: string; path: string; errno: number; code: string; message: string }
  | {
      event: 'exited'; id: string; pid: number; code?: number; signal?: number;
      /** When pid 1 was reaped, and when the launcher had removed the directories and cgroup. */
      t: MonotonicNs;
      cleaned: MonotonicNs;
      /** The launcher removed the cgroup (false: still populated, e.g. by an escaped daemon). */
      cgroupRemoved: boolean;
      /** The launcher removed the intent and the container's directory: nothing is left. */
      dirRemoved: boolean;
      /** Contents of the requested cgroup stat files, read before removal. */
      stats: Record<string, string>;
    };

/** The compact form of a Spec that the launcher reads (one request per container). */
export interface LaunchRequest {
  id: string;
  /** Namespaces by /proc name: pid, mnt, uts, ipc, net, user, cgroup, time. */
  ns: string[];
  rootfs: string;
  /** Overlay lower dirs, top-most first. */
  lower: string[];
  upper?: string;
  work?: string;
  readonly?: boolean;
  hostname?: string;
  domainname?: string;
  cwd: string;
  args: string[];
  env: string[];
  /** The cgroup's creation ("m"+dir, "w"+file+TAB+value), in order, done by the launcher. */
  cgroupOps?: string[];
  cgroupProcs: string[];
  /** cgroup v1 `tasks` files: the child joins by writing its own tid (no global lock); cgroupProcs is then unused. */
  cgroupTasks?: string[];
  /** cgroup v2 leaf dir: the launcher makes the cgroup first and clones the child into it (clone3). */
  cgroupInto?: string;
  /** The intent log, written by the launcher (in a new directory) before anything else. */
  intent?: { path: string; json: string };
  /** After the exit, once the cgroup and directories are gone, remove the intent and its directory. */
  removeAll?: boolean;
  /** Files read after the exit; cgroup leaf dirs removed after that. */
  cgroupStats?: string[];
  cgroupRemove?: string[];
  uidMap?: string[];
  gidMap?: string[];
  setgroupsDeny?: boolean;
  monotonicOffset?: [number, number];
  boottimeOffset?: [number, number];
  uid: number;
  gid: number;
  gids?: number[];
  /** Capabilities kept; undefined keeps all. */
  caps?: string[];
  init?: boolean;
  noNewPrivs?: boolean;
  /** "@host" (isolab's own), "@null", or a host path. */
  stdio: [string, string, string];
  masked?: string[];
  readonlyPaths?: string[];
  /** No namespaces and no rootfs: a plain fork+exec on the host (the measurement floor). */
  plain?: boolean;
  /** The launcher makes this init layer (lower[0]) before the start, owned by `owner` (host ids) if given. */
  initLayer?: { dir: string; dirs: string[]; files: [string, string][]; links: [string, string][]; owner?: [number, number] };
  /** The launcher makes the rootfs, upper and work directories before the start. */
  mkdirs?: boolean;
  /** The launcher removes the init layer, upper, work and rootfs after reaping pid 1. */
  cleanup?: boolean;
  /** The child mounts a tmpfs here in its own mount namespace and makes the init layer and dirs in it. */
  scratch?: string;
}

/** Encodes a request: "<length>\n" then NUL-terminated key=value fields. */
export function encodeRequest(r: LaunchRequest): Buffer {
  const f: string[] = [`id=${r.id}`, `ns=${r.ns.join(',')}`, ...(r.plain ? [] : [`rootfs=${r.rootfs}`]), `cwd=${r.cwd}`, `uid=${r.uid}`, `gid=${r.gid}`];
  for (const l of r.lower) f.push(`lower=${l}`);
  if (r.upper && r.work) f.push(`upper=${r.upper}`, `work=${r.work}`);
  if (r.readonly) f.push('readonly=1');
  if (r.hostname) f.push(`hostname=${r.hostname}`);
  if (r.domainname) f.push(`domainname=${r.domainname}`);
  for (const a of r.args) f.push(`arg=${a}`);
  for (const e of r.env) f.push(`env=${e}`);
  for (const o of r.cgroupOps ?? []) f.push(`cgop=${o}`);
  if (r.cgroupInto) f.push(`cginto=${r.cgroupInto}`);
  if (r.intent) f.push(`intent=${r.intent.path}`, `intentjson=${r.intent.json}`);
  if (r.removeAll) f.push('removeall=1');
  if (r.cgroupTasks?.length) for (const c of r.cgroupTasks) f.push(`cgtask=${c}`);
  else for (const c of r.cgroupProcs) f.push(`cgroup=${c}`);
  for (const c of r.cgroupStats ?? []) f.push(`cgstat=${c}`);
  for (const c of r.cgroupRemove ?? []) f.push(`cgrm=${c}`);
  for (const m of r.uidMap ?? []) f.push(`uidmap=${m}`);
  for (const m of r.gidMap ?? []) f.push(`gidmap=${m}`);
  if (r.setgroupsDeny) f.push('setgroups=deny');
  if (r.monotonicOffset) f.push(`monotonic=${r.monotonicOffset[0]} ${r.monotonicOffset[1]}`);
  if (r.boottimeOffset) f.push(`boottime=${r.boottimeOffset[0]} ${r.boottimeOffset[1]}`);
  for (const g of r.gids ?? []) f.push(`gid+=${g}`);
  if (r.caps) f.push(`caps=${r.caps.join(',')}`);
  if (r.init) f.push('init=1');
  if (r.noNewPrivs) f.push('nnp=1');
  f.push(`stdin=${r.stdio[0]}`, `stdout=${r.stdio[1]}`, `stderr=${r.stdio[2]}`);
  for (const m of r.masked ?? []) f.push(`mask=${m}`);
  for (const p of r.readonlyPaths ?? []) f.push(`ro=${p}`);
  if (r.plain) f.push('plain=1');
  if (r.initLayer) {
    f.push(`initlayer=${r.initLayer.dir}`);
    for (const d of r.initLayer.dirs) f.push(`initdir=${d}`);
    for (const [p, c] of r.initLayer.files) f.push(`initfile=${p}=${c}`);
    for (const [p, t] of r.initLayer.links) f.push(`initlink=${p}=${t}`);
    if (r.initLayer.owner) f.push(`initowner=${r.initLayer.owner[0]}:${r.initLayer.owner[1]}`);
  }
  if (r.mkdirs) f.push('mkdirs=1');
  if (r.cleanup) f.push('cleanup=1');
  if (r.scratch) f.push(`scratch=${r.scratch}`);
  for (const field of f) {
    if (field.includes('\0')) throw new Error(`launch request field contains a NUL byte: ${field.split('=')[0]}`);
  }
  const payload = Buffer.from(f.join('\0') + '\0');
  return Buffer.concat([Buffer.from(`${payload.length}\n`), payload]);
}
