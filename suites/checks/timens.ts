// time namespace: CLOCK_MONOTONIC and CLOCK_BOOTTIME inside carry the configured offsets,
// and the host's clocks do not.
import { isolated, observationError, shared, type Check } from './types.js';

const NS = 1e9;
const hostNs = () => Number(process.hrtime.bigint()); // CLOCK_MONOTONIC of the host

const offsets: Check = {
  id: 'timens-offsets',
  area: 'timens',
  description: 'the monotonic clock inside is ahead of the host by the configured offset; the host clock is not',
  canRun(cell) {
    if (cell.ns.includes('time') && !cell.spec.linux.timeOffsets?.monotonic) return 'the cell has a time namespace but no monotonic offset to observe';
    return undefined;
  },
  async run(ctx) {
    const want = ctx.cell.spec.linux.timeOffsets?.monotonic;
    const wantNs = want ? want.secs * NS + (want.nanosecs ?? 0) : 0;
    const t0 = hostNs();
    const { out } = await ctx.probe<{ monotonic_ns: number; boottime_ns: number }>(['clock']);
    const t1 = hostNs();
    // Without an offset, the reading lies between the host's readings before and after.
    const aheadMin = (out.monotonic_ns - t1) / NS;
    const aheadMax = (out.monotonic_ns - t0) / NS;
    const evidence = {
      insideMonotonicS: out.monotonic_ns / NS,
      hostMonotonicS: [t0 / NS, t1 / NS],
      aheadOfHostS: [Number(aheadMin.toFixed(3)), Number(aheadMax.toFixed(3))],
      configuredOffsetS: want ? wantNs / NS : null,
      hostRunS: Number(((t1 - t0) / NS).toFixed(3)),
    };
    if (out.monotonic_ns >= t0 && out.monotonic_ns <= t1) return shared(evidence);
    if (want && out.monotonic_ns >= t0 + wantNs && out.monotonic_ns <= t1 + wantNs) return isolated(evidence);
    return observationError(evidence);
  },
};

/** The time namespace checks. */
export const TIMENS_CHECKS: readonly Check[] = [offsets];
