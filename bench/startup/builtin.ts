// isolab's own runtime: runContainer with the benchmark's Spec (overlay rootfs over the
// default image, six namespaces, a cgroup with limits). A sample is the whole call as
// Node sees it, teardown included: when it returns, the cgroup and the dirs are gone.
import fs from 'node:fs';
import { runContainer } from '../../runtime/container/run-container.js';
import { readIsolabVersion } from '../../runtime/host/isolab-version.js';
import { checkRequirements } from '../../runtime/host/requirements.js';
import { launcherBinary, probeBinary } from '../../runtime/launcher/paths.js';
import { ensureDefaultImage } from '../../runtime/rootfs/default-image.js';
import type { Spec } from '../../runtime/spec/types.js';
import { monotonicNs, StartupSampleError, type StartupRuntime } from './adapter.js';
import { STARTUP_NS, startupSpec } from './bench-spec.js';
import { parseProbeStamp } from './plain-timing.js';

interface BuiltinCtx {
  exit: Spec;
  stamp: Spec;
}

function assertExited(spec: Spec, r: { exitCode: number | null; signal: string | null }): void {
  if (r.exitCode === 0) return;
  throw new StartupSampleError('builtin', spec.process.args, r.signal ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`);
}

/** The built-in runtime, as `isolab exec` runs it. */
export const builtinRuntime: StartupRuntime<BuiltinCtx> = {
  name: 'builtin',
  describe: `runContainer: overlay rootfs, ${STARTUP_NS.join(',')} namespaces, cgroup (1 CPU, 256 MiB, 256 pids), probe exit`,
  async available() {
    for (const f of [launcherBinary(), probeBinary()]) {
      if (!fs.existsSync(f)) return { ok: false, reason: `${f} is not built: run npm install (it compiles runtime/native)` };
    }
    const missing = await checkRequirements({ root: true, overlay: true, namespaces: STARTUP_NS });
    if (missing.length > 0) return { ok: false, reason: missing.join('; ') };
    return { ok: true, version: `isolab ${await readIsolabVersion()}` };
  },
  async prepare() {
    const image = ensureDefaultImage();
    return { exit: startupSpec(image, 'exit'), stamp: startupSpec(image, 'stamp') };
  },
  async once(c, settle) {
    await settle();
    const begin = monotonicNs();
    const r = await runContainer(c.exit, { stdio: 'null' });
    const end = monotonicNs();
    assertExited(c.exit, r);
    // A second container prints its probe's first-instruction stamp (same clock as ours).
    await settle();
    const stampBegin = monotonicNs();
    const s = await runContainer(c.stamp, { stdio: 'capture' });
    assertExited(c.stamp, s);
    const stamp = parseProbeStamp('builtin', s.stdout, 'its captured stdout');
    return { startToExitNs: end - begin, startToFirstInstructionNs: stamp - stampBegin, phases: r.phases };
  },
  // runContainer tears every container down itself; nothing is shared between samples.
  cleanup: async () => undefined,
};
