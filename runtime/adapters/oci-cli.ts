// OciCliAdapter: runc and crun driven through their command line, on an OCI bundle made
// from the Spec. One run is a straight list of steps:
//   validate → gc (once) → bundle (intent, init layer, overlay, config.json)
//   → run (`RUNTIME run --bundle DIR ID`, stdio to files) → wait (timeout: `kill ID KILL`)
//   → collect (exit status, OOM, cgroup counters) → inspect → teardown
// Teardown (runtime delete, cgroup leftovers, umount, directories) runs whatever happened.
import fs from 'node:fs';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import type { CgroupStats } from '../cgroup/types.js';
import type { Spec } from '../spec/types.js';
import { validateSpec } from '../spec/validate.js';
import type { AdapterContainer, AdapterResult, AdapterRunOptions, Availability, RuntimeAdapter } from './adapter.js';
import { AdapterError } from './adapter-error.js';
import { decodeExitStatus } from './exit-status.js';
import { removeExternalContainer } from './external-remove.js';
import { cgroupDriver, collectGarbageOnce, enterContainer, leaveContainer, removeCgroup } from './host-state.js';
import { kernelLogHasOomKill, kmsgClockUs, oomKillCount } from './kernel-oom.js';
import { createBundle, planBundle, removeBundleFiles, type Bundle } from './oci-bundle.js';
import { ociCommand, ociStateRoot, type OciRuntimeName } from './oci-cli-command.js';
import { runtimeInfo } from './runtime-info.js';

/** A runtime CLI process while it runs (stdio on file descriptors, see start()). */
type RunningRuntime = ResultPromise<{ reject: false; stdin: 'ignore'; stdout: 1; stderr: 2 }>;

/** Adapter of an OCI runtime CLI (runc or crun) on this host. */
export class OciCliAdapter implements RuntimeAdapter {
  readonly name: OciRuntimeName;

  constructor(runtime: OciRuntimeName) {
    this.name = runtime;
  }

  async available(): Promise<Availability> {
    if (process.getuid?.() !== 0) return { ok: false, reason: `isolab drives ${this.name} as root (rootless ${this.name} is not supported)` };
    const info = runtimeInfo(this.name);
    return info.ok ? { ok: true, version: info.version } : { ok: false, reason: info.reason };
  }

  unsupported(spec: Spec): string | undefined {
    const types = spec.linux.namespaces.map((n) => n.type);
    if (!types.includes('mount')) return `${this.name} cannot run a container without a mount namespace (it always pivots into the bundle's rootfs)`;
    if (spec.isolab.init) return `${this.name} has no init of its own: isolab.init (a minimal init as pid 1) cannot be expressed`;
    if (spec.isolab.setgroups === 'deny') return `${this.name} decides /proc/PID/setgroups itself: isolab.setgroups "deny" cannot be expressed`;
    const info = runtimeInfo(this.name);
    if (!info.ok) return info.reason;
    for (const t of types) {
      if (!info.namespaces.includes(t)) return `${this.name} ${info.version} does not support the ${t} namespace`;
      const broken = info.brokenNamespaces[t];
      if (broken) return broken;
    }
    return undefined;
  }

  async run(input: Spec, opts: AdapterRunOptions = {}): Promise<AdapterResult> {
    const begin = performance.now();
    const spec = validateSpec(input);
    const info = runtimeInfo(this.name);
    if (!info.ok) throw new AdapterError({ runtime: this.name, step: 'create', what: 'finding the runtime', detail: info.reason });
    const skip = this.unsupported(spec);
    if (skip) throw new AdapterError({ runtime: this.name, step: 'create', what: 'expressing the Spec', detail: skip });
    await collectGarbageOnce();
    const driver = cgroupDriver();
    const bundleOptions = { runtime: this.name, root: ociStateRoot(this.name), cgroupVersion: driver.version } as const;
    const b = planBundle(spec, bundleOptions);
    const stdio = opts.stdio ?? 'capture';
    const files = { pid: path.join(b.dir, 'pid'), log: path.join(b.dir, 'runtime.log') };
    let failed = false;
    let result: AdapterResult;
    enterContainer();
    try {
      // bundle: intent first, then the rootfs and config.json.
      createBundle(b, spec, bundleOptions);
      // run: stdio straight into files (no terminal, no pipe through Node).
      const sinceUs = kmsgClockUs();
      const oomBefore = oomKillCount();
      // runc keeps the stopped container (--keep) when the Spec has limits, so that the
      // cgroup's counters (OOM kills, throttling, pids.max hits) can be read before delete;
      // otherwise the run deletes itself, which saves a `runc delete` (~10 ms).
      const keep = this.name === 'runc' && spec.linux.resources !== undefined;
      const child = this.start(info.binary, b, stdio, files.log, keep);
      let timedOut = false;
      const timeoutMs = opts.timeoutMs ?? spec.isolab.timeoutMs;
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
        timedOut = true;
        void this.kill(info.binary, b);
      }, timeoutMs);
      let pid = 0;
      try {
        if (opts.onStarted) {
          pid = (await waitForPid(files.pid, child)) ?? 0;
          if (pid) await opts.onStarted(this.container(b, spec, pid));
        }
        // wait
        const r = await child;
        if (r.signal || r.exitCode === undefined) {
          throw new AdapterError({ runtime: this.name, step: 'wait', what: `${this.name} run`, detail: r.signal ? `${this.name} itself was killed by ${r.signal}` : r.message });
        }
        const status = decodeExitStatus(r.exitCode);
        const runtimeError = readRuntimeError(files.log);
        if (runtimeError !== undefined && !timedOut) {
          throw new AdapterError({ runtime: this.name, step: 'start', what: `${this.name} run --bundle ${b.dir} ${b.id}`, detail: runtimeError || String(r.stderr) });
        }
        // collect: counters before the runtime deletes the cgroup (runc --keep keeps it).
        pid ||= readPid(files.pid);
        const cgroup = keep ? driver.stats(b.plan) : undefined;
        const oomKilled = status.signal === 'SIGKILL' && !timedOut && this.wasOomKilled(b, cgroup, { sinceUs, oomBefore, pid });
        await opts.inspect?.(this.container(b, spec, pid));
        const read = (f: string) => (stdio === 'capture' && fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
        result = {
          runtime: this.name, id: b.id, exitCode: status.exitCode, signal: status.signal, oomKilled, timedOut,
          stdout: read(b.layout.stdout), stderr: read(b.layout.stderr), durationMs: 0, ...(cgroup ? { cgroup } : {}),
        };
      } finally {
        clearTimeout(timer);
        if (child.exitCode === null && !child.killed) {
          await this.kill(info.binary, b);
          await child.catch(() => undefined);
        }
      }
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      // teardown: the runtime's state, then cgroup leftovers, the rootfs mount, the directories.
      const steps = [() => removeExternalContainer(b.intent.external!), () => removeCgroup(b.plan), async () => removeBundleFiles(b)];
      let first: unknown;
      for (const step of steps) await step().catch((e: unknown) => (first ??= e));
      leaveContainer();
      if (first !== undefined && !failed) throw first; // an earlier error is the one to report
    }
    result.durationMs = performance.now() - begin;
    return result;
  }

  /** Starts `RUNTIME run` (with --keep: the stopped container stays until `delete`). */
  private start(binary: string, b: Bundle, stdio: 'capture' | 'null', log: string, keepStopped: boolean): RunningRuntime {
    const keep = keepStopped ? ['--keep'] : [];
    const logArgs = this.name === 'runc' ? ['--log', log, '--log-format', 'json'] : [`--log=${log}`];
    const cmd = ociCommand(this.name, binary, [...logArgs, 'run', ...keep, '--pid-file', path.join(b.dir, 'pid'), '--bundle', b.dir, b.id]);
    // /dev/null when output is not wanted: an fd either way, so the runtime never writes to a pipe.
    const out = fs.openSync(stdio === 'capture' ? b.layout.stdout : '/dev/null', 'w');
    const err = fs.openSync(stdio === 'capture' ? b.layout.stderr : '/dev/null', 'w');
    try {
      // execa's types name only literal descriptors; any open fd is passed to the child as is.
      return execa(cmd.file, cmd.args, { reject: false, stdin: 'ignore', stdout: out as 1, stderr: err as 2 });
    } finally {
      fs.closeSync(out);
      fs.closeSync(err);
    }
  }

  /** `RUNTIME kill ID KILL` (--all: without a pid namespace, init is not the only process). */
  private async kill(binary: string, b: Bundle): Promise<void> {
    const cmd = ociCommand(this.name, binary, ['kill', '--all', b.id, 'KILL']);
    const r = await execa(cmd.file, cmd.args, { reject: false, timeout: 10_000, stdin: 'ignore' });
    // Not created yet, or already gone: the cgroup still holds whatever runs.
    if (r.exitCode !== 0) await cgroupDriver().killAll(b.plan).catch(() => undefined);
  }

  /** Whether the kernel's OOM killer ended the container's first process. */
  private wasOomKilled(b: Bundle, cgroup: CgroupStats | undefined, k: { sinceUs: number; oomBefore: number | undefined; pid: number }): boolean {
    if (cgroup?.oomKills !== undefined) return cgroup.oomKills > 0;
    // The cgroup is gone (crun deletes it at exit): ask the kernel's counters and log.
    const after = oomKillCount();
    if (k.oomBefore !== undefined && after !== undefined && after === k.oomBefore) return false;
    return kernelLogHasOomKill({ cgroupPath: `/${b.cgroupPath}`, sinceUs: k.sinceUs, ...(k.pid ? { pid: k.pid } : {}) });
  }

  private container(b: Bundle, spec: Spec, pid: number): AdapterContainer {
    return { id: b.id, pid, ...((spec.isolab.rootfs.writable ?? true) ? { upperDir: b.layout.upper } : {}) };
  }
}

/** The pid in a runtime's --pid-file, or 0. */
function readPid(file: string): number {
  try {
    return Number(fs.readFileSync(file, 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
}

/** Polls for the --pid-file (written once the container exists) until the run ends. */
async function waitForPid(file: string, child: { exitCode: number | null }): Promise<number | undefined> {
  for (let delay = 0.5; ; delay = Math.min(delay * 2, 10)) {
    const pid = readPid(file);
    if (pid) return pid;
    if (child.exitCode !== null) return undefined;
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** The runtime's error messages in its --log file ("" when it logged an error without text), or undefined. */
function readRuntimeError(log: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(log, 'utf8');
  } catch {
    return undefined;
  }
  const errors: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const j = JSON.parse(line) as { level?: string; msg?: string };
      if (j.level === 'error' || j.level === 'fatal') errors.push(j.msg ?? '');
    } catch {
      errors.push(line); // crun writes plain text lines, errors only
    }
  }
  return errors.length ? errors.join('; ') : undefined;
}
