// DockerAdapter: the docker engine through its CLI. One run is a straight list of steps:
//   validate → image (import once) → intent → `docker run -d` (labelled, --network none)
//   → wait (timeout: `docker kill`) → collect (`docker inspect`, `docker logs`) → inspect
//   → teardown (`docker rm -f`, the intent)
// The engine keeps the container's rootfs (overlay2) and cgroups; isolab keeps only the
// intent, so that a harness killed mid-run has its container removed by `isolab gc`.
import fs from 'node:fs';
import { decodeCapabilityMask } from '../host/capabilities.js';
import type { Spec } from '../spec/types.js';
import { validateSpec } from '../spec/validate.js';
import { writeIntent, type Intent } from '../container/intent.js';
import { containerLayout, newContainerId } from '../container/layout.js';
import { removeContainerDir } from '../container/release.js';
import { isAlive, selfIdentity, type ProcessIdentity } from '../sys/proc.js';
import type { AdapterContainer, AdapterResult, AdapterRunOptions, Availability, RuntimeAdapter } from './adapter.js';
import { AdapterError } from './adapter-error.js';
import { docker, dockerBinary } from './docker-cli.js';
import { dockerRunFlags, dockerUnsupported, type DockerHost } from './docker-flags.js';
import { ensureDockerImage } from './docker-image.js';
import { decodeExitStatus } from './exit-status.js';
import { emptyPlan } from './external-cgroup.js';
import { removeExternalContainer } from './external-remove.js';
import { cgroupDriver, collectGarbageOnce } from './host-state.js';
import { kernelLogHasOomKill, kmsgClockUs, oomKillCount } from './kernel-oom.js';

/** How long `docker info` may take before the engine counts as unreachable. */
const INFO_TIMEOUT_MS = 3000;
/** The label that names the isolab process owning a container ("PID:STARTTIME"). */
const OWNER_LABEL = 'isolab.owner';

/** What `docker inspect` tells about a stopped container. */
interface Inspected {
  Id: string;
  State: { ExitCode: number; OOMKilled: boolean; Pid: number; Error?: string };
  GraphDriver?: { Name?: string; Data?: { UpperDir?: string } | null };
}

let swept: Promise<unknown> | undefined;
let host: DockerHost | undefined;

/** The engine's bounding capability set, taken as isolab's own (both run as root on this host). */
function dockerHost(): DockerHost {
  if (!host) {
    const bnd = /^CapBnd:\s*([0-9a-f]+)$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0';
    host = { boundingCapabilities: decodeCapabilityMask(bnd) };
  }
  return host;
}

/** Adapter of the docker engine reachable through the docker CLI. */
export class DockerAdapter implements RuntimeAdapter {
  readonly name = 'docker';

  async available(): Promise<Availability> {
    if (!dockerBinary()) return { ok: false, reason: 'the docker CLI is not installed (not found on PATH)' };
    const r = await docker(['info', '--format', '{{.ServerVersion}} {{.Driver}}'], { timeoutMs: INFO_TIMEOUT_MS });
    if (r.timedOut) return { ok: false, reason: `the docker engine did not answer \`docker info\` within ${INFO_TIMEOUT_MS / 1000} s` };
    if (r.exitCode !== 0) {
      const why = r.stderr.split('\n').find((l) => l.trim()) ?? `exit ${r.exitCode}`;
      return { ok: false, reason: `the docker engine is not reachable (${why.trim()}); start it with ci/start-dockerd.sh` };
    }
    const [version = 'unknown', driver = ''] = r.stdout.trim().split(' ');
    if (driver !== 'overlay2') return { ok: false, reason: `the docker engine uses the "${driver}" storage driver; isolab needs overlay2 (the writable layer is inspected as an overlay upper directory)` };
    return { ok: true, version };
  }

  unsupported(spec: Spec): string | undefined {
    return dockerUnsupported(spec);
  }

  async run(input: Spec, opts: AdapterRunOptions = {}): Promise<AdapterResult> {
    const begin = performance.now();
    const spec = validateSpec(input);
    const skip = dockerUnsupported(spec);
    if (skip) throw new AdapterError({ runtime: this.name, step: 'create', what: 'expressing the Spec', detail: skip });
    await Promise.all([collectGarbageOnce(), (swept ??= sweepOrphans().catch(() => undefined))]);
    const image = await ensureDockerImage(spec.isolab.rootfs.layers);
    const id = newContainerId();
    const name = `isolab-${id}`;
    const layout = containerLayout(id);
    const owner = selfIdentity();
    const intent: Intent = {
      version: 1, id, owner, createdAt: new Date().toISOString(), dir: layout.dir,
      cgroup: { version: cgroupDriver().version, plan: emptyPlan(`docker/${name}`) },
      external: { runtime: 'docker', id: name },
    };
    let failed = false;
    let result: AdapterResult;
    // intent: recorded before the container exists.
    writeIntent(layout.intent, layout.dir, intent);
    try {
      // create and start
      const sinceUs = kmsgClockUs();
      const oomBefore = oomKillCount();
      const labels = ['--label', `${OWNER_LABEL}=${owner.pid}:${owner.startTime}`, '--label', `isolab.id=${id}`];
      const started = await docker(['run', '--detach', '--name', name, ...labels, '--log-driver', 'json-file', ...dockerRunFlags(spec, dockerHost()), image, ...spec.process.args]);
      if (started.exitCode !== 0) {
        throw new AdapterError({ runtime: this.name, step: 'start', what: `docker run ${name} (${spec.process.args.join(' ')})`, detail: started.stderr });
      }
      let timedOut = false;
      const timeoutMs = opts.timeoutMs ?? spec.isolab.timeoutMs;
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
        timedOut = true;
        void docker(['kill', '--signal', 'KILL', name], { timeoutMs: 10_000 });
      }, timeoutMs);
      try {
        if (opts.onStarted) await opts.onStarted(containerOf(name, await inspect(name)));
        // wait
        // No limit of its own: the run's timeout kills the container, which ends the wait.
        const waited = await docker(['wait', name], { timeoutMs: 2 ** 31 - 1 });
        if (waited.exitCode !== 0) throw new AdapterError({ runtime: this.name, step: 'wait', what: `docker wait ${name}`, detail: waited.stderr });
      } finally {
        clearTimeout(timer);
      }
      // collect
      const stdio = opts.stdio ?? 'capture';
      const [inspected, logs] = await Promise.all([inspect(name), stdio === 'capture' ? docker(['logs', name], { raw: true }) : undefined]);
      const status = decodeExitStatus(inspected.State.ExitCode);
      const oomKilled = status.signal === 'SIGKILL' && !timedOut && (inspected.State.OOMKilled || oomInKernelLog(inspected.Id, sinceUs, oomBefore));
      await opts.inspect?.(containerOf(name, inspected));
      result = {
        runtime: this.name, id: name, exitCode: status.exitCode, signal: status.signal, oomKilled, timedOut,
        stdout: logs?.stdout ?? '', stderr: logs?.stderr ?? '', durationMs: 0,
      };
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      // teardown: the container (its overlay2 layer, its cgroups), then the intent.
      try {
        await removeExternalContainer(intent.external!);
        removeContainerDir(layout.dir);
      } catch (err) {
        if (!failed) throw err; // an earlier error is the one to report
      }
    }
    result.durationMs = performance.now() - begin;
    return result;
  }
}

/** A container as AdapterContainer: its pid (0 once it stopped) and overlay2 upper directory. */
function containerOf(name: string, i: Inspected): AdapterContainer {
  const upper = i.GraphDriver?.Data?.UpperDir;
  return { id: name, pid: i.State.Pid, ...(upper ? { upperDir: upper } : {}) };
}

async function inspect(name: string): Promise<Inspected> {
  const r = await docker(['inspect', '--type', 'container', '--format', '{{json .}}', name]);
  if (r.exitCode !== 0) throw new AdapterError({ runtime: 'docker', step: 'inspect', what: `docker inspect ${name}`, detail: r.stderr });
  return JSON.parse(r.stdout) as Inspected;
}

/**
 * Whether the kernel logged an OOM kill in the container's cgroup. docker sets
 * State.OOMKilled from containerd's OOM event, which can arrive after the exit event has
 * been handled (more so on a loaded host): then the flag is false although the kernel killed.
 */
function oomInKernelLog(containerId: string, sinceUs: number, before: number | undefined): boolean {
  const after = oomKillCount();
  if (before !== undefined && after !== undefined && after === before) return false;
  return kernelLogHasOomKill({ cgroupIncludes: containerId, sinceUs });
}

/** Removes containers labelled by isolab processes that are gone (their intents may be gone too). */
async function sweepOrphans(): Promise<void> {
  const r = await docker(['ps', '--all', '--filter', `label=${OWNER_LABEL}`, '--format', `{{.Names}} {{.Label "${OWNER_LABEL}"}}`], { timeoutMs: 10_000 });
  if (r.exitCode !== 0) return;
  for (const line of r.stdout.split('\n')) {
    const [name, label] = line.trim().split(' ');
    const [pid, startTime] = (label ?? '').split(':').map(Number);
    if (!name || !pid || startTime === undefined || Number.isNaN(startTime)) continue;
    const owner: ProcessIdentity = { pid, startTime };
    if (!isAlive(owner)) await removeExternalContainer({ runtime: 'docker', id: name }).catch(() => undefined);
  }
}
