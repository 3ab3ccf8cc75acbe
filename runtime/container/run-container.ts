// Running one container on the built-in runtime, as a straight list of named steps:
//   validate → intent (on disk, before anything exists) → plan the cgroup (recorded as
//   operations) → start: the launcher makes the directories and the cgroup, clones, the
//   child mounts and joins, execs → wait (a timeout kills through the cgroup) → collect
//   (counters the launcher read, output) → teardown (what the launcher could not remove).
// Teardown runs whatever happened before it, and leaves nothing behind.
import fs from 'node:fs';
import os from 'node:os';
import type { CgroupDriver } from '../cgroup/driver.js';
import { pruneCgroupParents } from '../cgroup/plan-path.js';
import { openCgroupDriver } from '../cgroup/select-driver.js';
import { deferCreate, fieldOfOp, forgetCgroupParents, statsFromContents } from '../cgroup/deferred-create.js';
import type { CgroupPlan, CgroupStats, LinuxResources } from '../cgroup/types.js';
import { LauncherClient, type ExitedEvent } from '../launcher/client.js';
import { ContainerError } from '../launcher/errors.js';
import type { StampName } from '../launcher/protocol.js';
import type { Spec } from '../spec/types.js';
import { validateSpec } from '../spec/validate.js';
import { selfIdentity } from '../sys/proc.js';
import { collectGarbage } from './gc.js';
import { ensureTraversable, type Intent } from './intent.js';
import { containerLayout, containersDir, newContainerId, type ContainerLayout } from './layout.js';
import { computePhases, type Phases } from './phases.js';
import { detachHostMount, releaseCgroup, removeContainerDir } from './release.js';
import { toLaunchRequest, type StdioMode } from './request.js';

/** Options of one run. */
export interface RunOptions {
  /** capture (default): stdout/stderr returned as text; inherit: isolab's own; null. */
  stdio?: StdioMode;
  /** Overrides spec.isolab.timeoutMs. */
  timeoutMs?: number;
  /** Called once the workload runs (e.g. to probe it from the host). */
  onStarted?: (c: RunningContainer) => void | Promise<void>;
  /** Called after the workload exited, before teardown: the writable layer is still there. */
  inspect?: (c: RunningContainer) => void | Promise<void>;
}

/** A container while it exists. */
export interface RunningContainer {
  id: string;
  /** Host pid of the container's pid 1. */
  pid: number;
  layout: ContainerLayout;
  cgroup: CgroupPlan;
  spec: Spec;
}

/** How a run ended, and what it cost. */
export interface RunResult {
  id: string;
  /** Exit code, when the workload exited. */
  exitCode: number | null;
  /** Terminating signal name (SIGKILL …), when it was killed. */
  signal: string | null;
  /** The cgroup's OOM killer ended the workload. */
  oomKilled: boolean;
  /** isolab killed the container when its timeout ran out. */
  timedOut: boolean;
  /** Host pid of the container's pid 1. */
  pid: number;
  stdout: string;
  stderr: string;
  phases: Phases;
  /** Raw launcher stamps (monotonic ns). */
  stamps: Partial<Record<StampName, number>>;
  cgroup: CgroupStats;
}

const now = () => Number(process.hrtime.bigint());
let driverOnce: CgroupDriver | undefined;
let gcDone: Promise<unknown> | undefined;

/**
 * The cgroup driver of this host (detected once per process). ISOLAB_CGROUP_VERSION=v2
 * uses the cgroup2 mount of a hybrid host (no controllers there: containers without limits).
 */
export function hostCgroupDriver(): CgroupDriver {
  const forced = process.env.ISOLAB_CGROUP_VERSION;
  return (driverOnce ??= openCgroupDriver(forced === 'v1' || forced === 'v2' ? { version: forced } : {}));
}

const signalName = (n: number) => Object.entries(os.constants.signals).find(([, v]) => v === n)?.[0] ?? `SIG${n}`;

const owner = selfIdentity();
let pruneOnExit: CgroupPlan | undefined;

/** Starts through the launcher; a cgroup parent removed by another isolab is made again once. */
async function launch(spec: Spec, layout: ContainerLayout, plan: CgroupPlan, resources: LinuxResources, intent: Intent, stdio: StdioMode, keep: boolean) {
  const driver = hostCgroupDriver();
  for (let attempt = 0; ; attempt++) {
    const cgroup = deferCreate(driver, plan, resources);
    try {
      return { ...(await LauncherClient.shared().start(toLaunchRequest(spec, layout, plan, cgroup, intent, stdio, keep))), cgroup };
    } catch (err) {
      if (!(err instanceof ContainerError) || err.step !== 'cgroup') throw err;
      if (err.errno === 'ENOENT' && attempt === 0) {
        forgetCgroupParents();
        // The launcher wrote the intent (and maybe the directories) before the clone failed:
        // the retry starts from nothing, or its intent write fails with EEXIST.
        removeContainerDir(layout.dir);
        continue;
      }
      const field = err.path ? fieldOfOp(cgroup.ops, err.path) : undefined;
      throw field ? new ContainerError({ step: err.step, syscall: err.syscall ?? 'write', path: err.path ?? '', errno: err.errno ?? '', message: `${err.message}: check linux.resources.${field}`, cause: err }) : err;
    }
  }
}

/** Runs spec to completion on the built-in runtime. */
export async function runContainer(input: Spec, opts: RunOptions = {}): Promise<RunResult> {
  const begin = now();
  const spec = validateSpec(input);
  gcDone ??= collectGarbage().catch(() => undefined); // what crashed runs left behind
  await gcDone;
  const driver = hostCgroupDriver();
  const id = newContainerId();
  const layout = containerLayout(id);
  const resources = spec.linux.resources ?? {};
  const plan = driver.plan(spec.linux.cgroupsPath?.replace(/^\//, '') ?? `isolab/${id}`, resources);
  const ns = spec.linux.namespaces.map((n) => n.type);
  const intent: Intent = {
    version: 1, id, owner, createdAt: new Date().toISOString(), dir: layout.dir,
    cgroup: { version: driver.version, plan },
    ...(!ns.includes('mount') || ns.includes('user') ? { hostMount: layout.rootfs } : {}),
  };
  if (!pruneOnExit) process.once('exit', () => pruneCgroupParents(pruneOnExit!)); // the shared "isolab" parents
  pruneOnExit = plan;
  const stdio = opts.stdio ?? 'capture';
  let cgroupGone = false;
  let dirGone = false;
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  try {
    // intent: recorded (by the launcher, first thing) before anything is created. The
    // launcher makes the init layer and the upper, work and rootfs directories, then the
    // cgroup (while the child mounts), and after the exit reads the cgroup's counters and
    // removes it all, the intent last.
    ensureTraversable(containersDir());
    const prepared = now();
    const { started, exited: exitedP } = await launch(spec, layout, plan, resources, intent, stdio, opts.inspect !== undefined);
    const running: RunningContainer = { id, pid: started.pid, layout, cgroup: plan, spec };
    const timeoutMs = opts.timeoutMs ?? spec.isolab.timeoutMs;
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        timedOut = true;
        driver.killAll(plan).catch(() => undefined);
      }, timeoutMs);
    }
    await opts.onStarted?.(running);
    // wait
    const exited: ExitedEvent = await exitedP;
    clearTimeout(timer);
    cgroupGone = exited.cgroupRemoved;
    dirGone = exited.dirRemoved;
    // collect
    const cgroup = statsFromContents(driver, plan, exited.stats);
    const signal = exited.signal !== undefined ? signalName(exited.signal) : null;
    const read = (f: string) => (stdio === 'capture' && fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
    await opts.inspect?.(running);
    const result = {
      id, pid: started.pid, exitCode: exited.code ?? null, signal,
      oomKilled: signal === 'SIGKILL' && (cgroup.oomKills ?? 0) > 0 && !timedOut,
      timedOut, stdout: read(layout.stdout), stderr: read(layout.stderr), stamps: started.stamps, cgroup,
    };
    // teardown
    if (!dirGone) await teardown(driver, plan, cgroupGone, intent);
    const end = now();
    return { ...result, phases: computePhases({ begin, prepared, exited: exited.t, end }, started.stamps) };
  } catch (err) {
    clearTimeout(timer);
    await teardown(driver, plan, cgroupGone, intent).catch(() => undefined); // the first error is the one to report
    throw err;
  }
}

/** Whatever the launcher could not remove: a cgroup kept alive by escaped processes, the state dir. */
async function teardown(driver: CgroupDriver, plan: CgroupPlan, cgroupGone: boolean, intent: Intent): Promise<void> {
  if (!cgroupGone) await releaseCgroup(driver, plan);
  if (intent.hostMount) detachHostMount(intent.hostMount); // normally already gone: the launcher detaches it
  removeContainerDir(intent.dir);
}
