// runc and crun, each started as `<tool> --root ROOT run --bundle DIR ID` through the
// launcher, invoked exactly as isolab's OCI adapters invoke them (ociCommand). On a hybrid
// cgroup host crun 1.8 refuses to run ("cgroups in hybrid mode not supported"), so there
// it runs in a private mount namespace in which the cgroup2 mount is gone:
//   unshare --mount --propagation private sh -c 'umount UNIFIED; exec "$0" "$@"' crun …
// Every sample then also times that same wrapper around /bin/true, and the runner takes
// the wrapper's cost off crun's figures.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { needsHybridWorkaround, ociBinary, ociCommand, ociStateRoot, type OciRuntimeName } from '../../runtime/adapters/oci-cli-command.js';
import { parseToolVersion } from '../../runtime/host/tool-versions.js';
import { ensureDefaultImage } from '../../runtime/rootfs/default-image.js';
import type { Spec } from '../../runtime/spec/types.js';
import type { Availability, StartupRuntime } from './adapter.js';
import { startupSpec } from './bench-spec.js';
import { benchOciConfig, writeOciBundle } from './oci-bundle.js';
import { makeScratchDir, removeScratchDir, timeFirstInstruction, timePlain } from './plain-timing.js';

interface OciCtx {
  binary: string;
  dir: string;
  stampFile: string;
  /** Container ids are `${prefix}-${n}`, and so are their cgroups (one level below each root). */
  prefix: string;
  counter: number;
  specs: { exit: Spec; stamp: Spec };
}

/** The state dirs where a container of ours could linger: isolab's --root, and the tool's default. */
const stateDirs = (name: OciRuntimeName) => [ociStateRoot(name), `/run/${name}`];

const argv = (c: { file: string; args: string[] }) => [c.file, ...c.args];

async function available(name: OciRuntimeName): Promise<Availability> {
  if (process.getuid?.() !== 0) return { ok: false, reason: `${name} runs rootful containers here and needs root` };
  const binary = ociBinary(name);
  if (!binary) return { ok: false, reason: `${name} is not installed (not on PATH, and ISOLAB_${name.toUpperCase()} is not set)` };
  const v = await execa(binary, ['--version'], { reject: false, timeout: 5000, stdin: 'ignore' });
  if (v.failed) return { ok: false, reason: `${binary} --version failed: ${v.shortMessage}` };
  const version = parseToolVersion(name, String(v.stdout)).version;
  return { ok: true, ...(version ? { version } : {}) };
}

/** Writes a fresh bundle (with its own cgroup) for one container; returns its dir and id. */
function nextBundle(c: OciCtx, spec: Spec, kind: string): { bundle: string; id: string } {
  const id = `${c.prefix}-${++c.counter}`;
  return { bundle: writeOciBundle(path.join(c.dir, kind), benchOciConfig(spec, id)), id };
}

/** Containers of ours still in a state dir (a sample that failed half-way). */
function leftoverIds(name: OciRuntimeName, prefix: string): string[] {
  return stateDirs(name).flatMap((dir) => {
    try {
      return fs.readdirSync(dir).filter((id) => id.startsWith(prefix));
    } catch {
      return [];
    }
  });
}

function ociRuntime(name: OciRuntimeName): StartupRuntime<OciCtx> {
  return {
    name,
    describe: `${name} run --bundle: read-only image root, pid,net,ipc,uts,mnt,cgroup namespaces, cgroup 1 CPU/256 MiB/256 pids, probe exit`,
    available: () => available(name),
    async prepare() {
      const binary = ociBinary(name);
      if (!binary) throw new Error(`${name} is not installed`);
      const image = ensureDefaultImage();
      const dir = makeScratchDir(name);
      return {
        binary, dir, stampFile: path.join(dir, 'stamp.json'), prefix: `isolab-bench-${randomBytes(4).toString('hex')}`, counter: 0,
        specs: { exit: startupSpec(image, 'exit'), stamp: startupSpec(image, 'stamp') },
      };
    },
    async once(c, settle) {
      const exit = nextBundle(c, c.specs.exit, 'exit');
      const stamp = nextBundle(c, c.specs.stamp, 'stamp');
      await settle();
      const startToExitNs = await timePlain(name, argv(ociCommand(name, c.binary, ['run', '--bundle', exit.bundle, exit.id])));
      const stampArgs = argv(ociCommand(name, c.binary, ['run', '--bundle', stamp.bundle, stamp.id]));
      await settle();
      const startToFirstInstructionNs = await timeFirstInstruction(name, stampArgs, c.stampFile);
      if (!needsHybridWorkaround(name)) return { startToExitNs, startToFirstInstructionNs };
      // The same wrapper with /bin/true in crun's place (true ignores the --root arguments).
      await settle();
      const wrapperNs = await timePlain(`${name} wrapper`, argv(ociCommand(name, '/bin/true', [])));
      return { startToExitNs, startToFirstInstructionNs, wrapperNs };
    },
    async cleanup(c) {
      for (const id of leftoverIds(name, c.prefix)) {
        const del = ociCommand(name, c.binary, ['delete', '--force', id]);
        await execa(del.file, del.args, { reject: false, stdin: 'ignore' });
      }
      removeScratchDir(c.dir);
      const left = leftoverIds(name, c.prefix);
      if (left.length) {
        throw new Error(`${name}: containers ${left.join(', ')} are still in ${stateDirs(name).join(' or ')}: remove them with ${name} --root DIR delete --force ID`);
      }
    },
  };
}

/** runc, as Docker and most Kubernetes nodes run it. */
export const runcRuntime = ociRuntime('runc');
/** crun (behind the hybrid-cgroup wrapper where the host needs it). */
export const crunRuntime = ociRuntime('crun');
