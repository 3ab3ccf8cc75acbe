// One timed start of the built-in runtime, as the startup benchmark's extra parts (cost
// per namespace, layer count, concurrency) take it: the whole runContainer call as Node
// sees it, teardown included, and an error when the workload did not exit 0.
import { runContainer, type RunResult } from '../../runtime/container/run-container.js';
import type { Spec } from '../../runtime/spec/types.js';
import { monotonicNs, StartupSampleError } from './adapter.js';

/** A start's wall time (ms) and what runContainer returned. */
export interface TimedRun {
  ms: number;
  result: RunResult;
}

/** Runs spec (stdio 'null') and times it; throws StartupSampleError unless it exited 0. */
export async function timeBuiltinRun(spec: Spec): Promise<TimedRun> {
  const begin = monotonicNs();
  const result = await runContainer(spec, { stdio: 'null' });
  const ms = (monotonicNs() - begin) / 1e6;
  if (result.exitCode !== 0) {
    throw new StartupSampleError('builtin', spec.process.args, result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`);
  }
  return { ms, result };
}
