// The Specs of the cgroup benchmark's containers: the default image, the default
// namespaces, the limit under test and nothing else, and the probe as the workload.
// Everything goes through runContainer, so the host's CgroupDriver (v1 here, v2 on pure
// v2 hosts) applies the limits and reads the counters: the output is the same on both.
import fs from 'node:fs';
import path from 'node:path';
import { runContainer, type RunResult } from '../../runtime/container/run-container.js';
import { buildSpec, type SpecOptions } from '../../runtime/spec/defaults.js';
import type { Spec } from '../../runtime/spec/types.js';

/** Limits of one container (each optional). */
export type Limits = Pick<SpecOptions, 'cpus' | 'memoryBytes' | 'pids'>;

/** A container running `args` under `limits` on image, killed after timeoutMs. */
export function benchSpec(image: string, args: string[], limits: Limits, timeoutMs = 120_000): Spec {
  return buildSpec({ args, layers: [image], timeoutMs, ...limits });
}

/** A shell command line run by the image's /bin/sh (busybox), or undefined when the image has none. */
export function shellSpec(image: string, script: string, limits: Limits, timeoutMs = 120_000): Spec | undefined {
  if (!fs.existsSync(path.join(image, 'bin', 'sh'))) return undefined;
  return benchSpec(image, ['/bin/sh', '-c', script], limits, timeoutMs);
}

/** Runs a spec whose workload must exit 0 (or, with `oomExpected`, be killed by the OOM killer). */
export async function runWorkload(spec: Spec, opts: Parameters<typeof runContainer>[1] = {}, oomExpected = false): Promise<RunResult> {
  const r = await runContainer(spec, { stdio: 'capture', ...opts });
  if (r.timedOut) throw new Error(`${spec.process.args.join(' ')}: timed out`);
  if (oomExpected ? !r.oomKilled : r.exitCode !== 0) {
    const how = r.oomKilled ? 'was killed by the OOM killer' : r.signal ? `was killed by ${r.signal}` : `exited with ${r.exitCode}`;
    throw new Error(`${spec.process.args.join(' ')} ${how}${oomExpected ? ' (expected an OOM kill)' : ''}: ${r.stderr.trim().slice(0, 200)}`);
  }
  return r;
}

/** The JSON objects a workload printed, one per line. */
export function jsonLines<T>(stdout: string, what: string): T[] {
  return stdout.split('\n').filter((l) => l.trim() !== '').map((l) => {
    try {
      return JSON.parse(l) as T;
    } catch {
      throw new Error(`${what}: expected JSON, got ${JSON.stringify(l.slice(0, 100))}`);
    }
  });
}
