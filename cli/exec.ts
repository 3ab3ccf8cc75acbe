// isolab exec [options] -- CMD…: run one command in a container on the built-in runtime.
import { Command, Option } from 'commander';
import fs from 'node:fs';
import os from 'node:os';
import { runContainer, type RunResult } from '../runtime/container/run-container.js';
import { assertRequirements } from '../runtime/host/requirements.js';
import { imageLayerDirs } from '../runtime/image/image-rootfs.js';
import { ImageStore } from '../runtime/image/store.js';
import { ensureDefaultImage } from '../runtime/rootfs/default-image.js';
import { buildSpec } from '../runtime/spec/defaults.js';
import { DEFAULT_NS, parseNsList } from '../runtime/spec/namespaces.js';
import type { IdMapping, Spec } from '../runtime/spec/types.js';
import { validateSpec } from '../runtime/spec/validate.js';
import { stopContainersOnInterrupt } from './interrupt.js';
import { parseDuration, parsePositive, parseSize } from './units.js';

interface ExecOptions {
  ns: string;
  hostname?: string;
  cpus?: string;
  cpuset?: string;
  memory?: string;
  swap?: string;
  pids?: string;
  layer: string[];
  image?: string;
  timeout?: string;
  json?: boolean;
  init?: boolean;
  env: string[];
  cwd?: string;
  user?: string;
  readOnly?: boolean;
  privileged?: boolean;
  uidMap?: string;
  timeOffset: string[];
  spec?: string;
}

const collect = (v: string, prev: string[]) => [...prev, v];

function parseUser(text: string): { uid: number; gid: number } {
  const m = /^(\d+)(?::(\d+))?$/.exec(text);
  if (!m) throw new Error(`--user: "${text}" must be UID or UID:GID (numbers)`);
  return { uid: Number(m[1]), gid: Number(m[2] ?? m[1]) };
}

function parseIdMap(text: string): IdMapping[] {
  const m = /^(\d+):(\d+):(\d+)$/.exec(text);
  if (!m) throw new Error(`--uid-map: "${text}" must be CONTAINER:HOST:SIZE, e.g. 0:100000:65536`);
  return [{ containerID: Number(m[1]), hostID: Number(m[2]), size: Number(m[3]) }];
}

function parseTimeOffsets(list: string[]): Spec['linux']['timeOffsets'] {
  if (list.length === 0) return undefined;
  const out: NonNullable<Spec['linux']['timeOffsets']> = {};
  for (const item of list) {
    const m = /^(monotonic|boottime)=(-?\d+)$/.exec(item);
    if (!m) throw new Error(`--time-offset: "${item}" must be monotonic=SECONDS or boottime=SECONDS`);
    out[m[1] as 'monotonic' | 'boottime'] = { secs: Number(m[2]) };
  }
  return out;
}

/** Builds the Spec of an exec from its options (or reads --spec FILE). */
export function specFromOptions(cmd: string[], o: ExecOptions): Spec {
  if (o.spec) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(o.spec, 'utf8'));
    } catch (err) {
      throw new Error(`--spec ${o.spec}: ${(err as Error).message}`);
    }
    const spec = validateSpec(raw, o.spec);
    return cmd.length ? validateSpec({ ...structuredClone(spec), process: { ...spec.process, args: cmd } }, o.spec) : spec;
  }
  if (cmd.length === 0) throw new Error('exec: name the command to run after --, e.g. isolab exec -- probe ns');
  const ns = parseNsList(o.ns);
  const env = o.env.map((e) => (e.includes('=') ? e : `${e}=${process.env[e] ?? ''}`));
  const user = o.user ? parseUser(o.user) : undefined;
  const map = o.uidMap ? parseIdMap(o.uidMap) : undefined;
  const timeOffsets = parseTimeOffsets(o.timeOffset);
  return buildSpec({
    args: cmd,
    // --image: the store image's layers, lowest first; --layer layers go on top of them.
    layers: o.image ? [...imageLayerDirs(new ImageStore(), o.image), ...o.layer] : o.layer.length ? o.layer : [ensureDefaultImage()],
    ns,
    ...(o.hostname ? { hostname: o.hostname } : {}),
    ...(env.length ? { env: [...buildSpec({ args: ['x'], layers: ['/'], ns: [] }).process.env, ...env] } : {}),
    ...(o.cwd ? { cwd: o.cwd } : {}),
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
    ...(o.cpus ? { cpus: parsePositive(o.cpus, '--cpus') } : {}),
    ...(o.cpuset ? { cpuset: o.cpuset } : {}),
    ...(o.memory ? { memoryBytes: parseSize(o.memory, '--memory') } : {}),
    ...(o.swap ? { swapBytes: parseSize(o.swap, '--swap') } : {}),
    ...(o.pids ? { pids: parsePositive(o.pids, '--pids', true) } : {}),
    ...(map ? { uidMappings: map, gidMappings: map } : {}),
    ...(timeOffsets ? { timeOffsets } : {}),
    ...(o.init ? { init: true } : {}),
    ...(o.timeout ? { timeoutMs: parseDuration(o.timeout, '--timeout') } : {}),
    ...(o.readOnly ? { readonlyRoot: true } : {}),
    ...(o.privileged ? { privileged: true } : {}),
  });
}

/** The exit status isolab exec returns for a run: the workload's, like `docker run`. */
export function exitStatus(r: RunResult): number {
  if (r.exitCode !== null) return r.exitCode;
  const signals = os.constants.signals as Record<string, number>;
  return 128 + ((r.signal && signals[r.signal]) || 9);
}

/** Adds `isolab exec`. */
export function registerExecCommand(program: Command): void {
  program
    .command('exec')
    .description('run a command in a container on the built-in runtime (default image unless --layer is given)')
    .usage('[options] -- CMD [ARGS…]')
    .argument('[cmd...]', 'the command and its arguments')
    .addOption(new Option('--ns <list>', 'namespaces to create: comma-separated pid,mnt,uts,ipc,net,user,cgroup,time, or all, or none').default(DEFAULT_NS.join(',')))
    .option('--hostname <name>', 'hostname inside the container (needs the uts namespace)')
    .option('--cpus <n>', 'CPU quota in CPUs (e.g. 0.5)')
    .option('--cpuset <list>', 'CPUs the container may run on (e.g. 0-1)')
    .option('--memory <size>', 'memory limit (e.g. 64m, 1g)')
    .option('--swap <size>', 'memory+swap limit (at least --memory)')
    .option('--pids <n>', 'maximum number of processes')
    .option('--layer <dir>', 'a read-only rootfs layer; repeat, lowest first (default: the default image)', collect, [])
    .option('--image <name>', 'run on this image of the store (isolab image ls); --layer layers go on top')
    .option('--timeout <duration>', 'kill the container after this long (e.g. 10s)')
    .option('--init', 'run the command under a minimal init as pid 1')
    .option('-e, --env <NAME=VALUE>', 'an environment variable (repeatable)', collect, [])
    .option('--cwd <dir>', 'working directory inside the container')
    .option('--user <uid[:gid]>', 'run as this uid and gid')
    .option('--uid-map <c:h:n>', 'uid and gid map for the user namespace (default 0:100000:65536)')
    .option('--time-offset <clock=secs>', 'time namespace offset, monotonic=N or boottime=N (repeatable)', collect, [])
    .option('--read-only', 'mount the root filesystem read-only')
    .option('--privileged', 'keep every capability and mask no /proc paths')
    .option('--spec <file>', 'run this OCI config.json (isolab Spec) instead of building one from options')
    .option('--json', "print the run's result as JSON (exit code or signal, OOM kill, phase timings, output)")
    .action(async (cmd: string[], o: ExecOptions) => {
      // Checked first: building the default image already needs root.
      await assertRequirements({ root: true, overlay: true, namespaces: o.spec ? [] : parseNsList(o.ns) });
      const spec = specFromOptions(cmd, o);
      await assertRequirements({ namespaces: spec.linux.namespaces.map((n) => n.type) });
      stopContainersOnInterrupt();
      const result = await runContainer(spec, { stdio: o.json ? 'capture' : 'inherit' });
      if (o.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = exitStatus(result);
    });
}
