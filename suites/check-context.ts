// The context a check runs with: the cell's Spec with the check's args, run on the cell's
// runtime; the probe's JSON parsed; named mutexes for checks that touch host state.
import type { AdapterResult, RuntimeAdapter } from '../runtime/adapters/adapter.js';
import type { Spec } from '../runtime/spec/types.js';
import { validateSpec } from '../runtime/spec/validate.js';
import type { CheckContext, CheckRunOptions, SpecChanges } from './checks/types.js';
import type { HostSentinels } from './host/sentinels.js';
import type { Cell } from './matrix/materialize.js';
import type { KeyedMutex } from './pool.js';

/** The probe printed no JSON, or exited with an error. */
export class ProbeError extends Error {
  readonly args: string[];
  readonly result: AdapterResult;
  constructor(args: string[], result: AdapterResult, why: string) {
    const how = result.timedOut ? 'timed out' : result.signal ? `was killed by ${result.signal}` : `exited ${result.exitCode}`;
    super(`probe ${args.join(' ')} ${how} on ${result.runtime}: ${why}${result.stderr.trim() ? `: ${result.stderr.trim().slice(0, 300)}` : ''}`);
    this.name = 'ProbeError';
    this.args = args;
    this.result = result;
  }
}

/** The cell's Spec with a check's args and changes (validated again: still the one config). */
export function deriveSpec(spec: Spec, changes: SpecChanges): Spec {
  const s = structuredClone(spec) as Spec;
  s.process.args = [...changes.args];
  const caps = s.process.capabilities;
  if (changes.addCaps?.length && caps) {
    for (const set of ['bounding', 'effective', 'permitted'] as const) {
      caps[set] = [...new Set([...(caps[set] ?? []), ...changes.addCaps])];
    }
  }
  return validateSpec(s);
}

/** Parses the last line of the probe's stdout as JSON. */
export function parseProbeOutput<T>(args: string[], r: AdapterResult): T {
  if (r.exitCode !== 0) throw new ProbeError(args, r, 'expected exit 0');
  const line = r.stdout.trim().split('\n').pop();
  if (!line) throw new ProbeError(args, r, 'printed nothing');
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new ProbeError(args, r, `printed no JSON: ${line.slice(0, 200)}`);
  }
}

/** Makes the context of one check in one cell. */
export function makeCheckContext(cell: Cell, adapter: RuntimeAdapter, sentinels: HostSentinels, mutex: KeyedMutex): CheckContext {
  const run = (args: string[], opts: CheckRunOptions = {}) => {
    const { addCaps, ...runOpts } = opts;
    return adapter.run(deriveSpec(cell.spec, { args, ...(addCaps ? { addCaps } : {}) }), runOpts);
  };
  return {
    cell,
    adapter,
    sentinels,
    run,
    async probe<T>(args: string[], opts?: CheckRunOptions) {
      const full = ['probe', ...args];
      const result = await run(full, opts);
      return { out: parseProbeOutput<T>(full, result), result };
    },
    exclusive: (key, fn) => mutex.run(key, fn),
  };
}
