// The cgroup benchmark as people read it in a terminal: CPU quota accuracy by quota, the
// bursty workload's latency and throttling, memory peaks and pids counts against their
// limits, the driver the limits went through, and the warnings. Pure: returns a string.
import { format3, formatCount, medianWithCi, painter, ratioWithCi, signed, table, warningCodes } from '../render-kit.js';
import type { CgroupResult } from './summarise.js';

/** How to render. */
export interface RenderOptions {
  /** ANSI colour (only for a TTY without NO_COLOR). */
  color: boolean;
}

const pct = (x: number) => `${signed(x)} %`;

/** Renders a cgroup result. */
export function renderCgroup(r: CgroupResult, o: RenderOptions = { color: false }): string {
  const p = painter(o.color);
  const out: string[] = [];
  const s = r.settings;
  if (r.cpu.length) {
    const t = table(['quota (CPUs)', 'threads', 'error, steady [95% CI]', 'error, whole run', 'periods', 'throttled', 'throttled time', 'n', 'warnings'], o.color);
    for (const q of r.cpu) {
      const [lo, hi] = q.error.ci95 ?? [q.error.stats.median, q.error.stats.median];
      t.push([
        String(q.quota), String(q.threads), `${pct(q.error.stats.median)} [${signed(lo)}, ${signed(hi)}]`, pct(q.wholeRunError.stats.median),
        formatCount(q.nrPeriods), `${formatCount(q.nrThrottled)} (${format3(q.throttled.stats.median)} %)`, `${format3(q.throttledMs)} ms`,
        String(q.error.stats.n), warningCodes(q.error),
      ]);
    }
    out.push(
      p.bold(`CPU quota accuracy: usage from cgroup accounting against the quota (${String(s.seconds)} s runs, ${String(s.periodMs)} ms CFS period)`),
      t.toString(),
      p.dim('steady: CPUs granted per period over whole periods after the first two, read while the cgroup sat throttled; whole run: ' +
        'CPU time over the workload\'s wall time (the first period always grants a full quota). Counters are medians per run.'),
    );
  }
  if (r.burst.length) {
    const b = s.burst;
    const t = table(['case', 'processes', 'quota', 'average CPUs', 'burst wall time [95% CI]', 'p99', 'max', '÷ unlimited', 'throttled periods', 'throttled time'], o.color);
    for (const x of r.burst) {
      t.push([
        x.case, String(x.processes), x.quota === null ? 'none' : String(x.quota),
        `${format3(x.averageCpus)}${x.quota ? ` (${format3((x.averageCpus / x.quota) * 100)} % of quota)` : ''}`,
        `${medianWithCi(x.latency)} ms`, format3(x.latency.stats.p99), format3(x.latency.stats.max),
        x.vsUnlimited ? ratioWithCi(x.vsUnlimited) : '',
        x.quota === null ? '— (no quota)' : `${formatCount(x.nrThrottled)} of ${formatCount(x.nrPeriods)}`, x.quota === null ? '—' : `${format3(x.throttledMs)} ms`,
      ]);
    }
    out.push(
      '', p.bold(`Bursty workload: ${b.burstMs} ms of CPU every ${b.everyMs} ms per process, quota ${b.quota} CPU (${String(s.periodMs)} ms period)`),
      t.toString(),
      p.dim(`Two processes want ${b.burstMs * 2} ms of CPU within one period that grants ${b.quota * s.periodMs} ms: throttled, though on average they use well under the quota.`),
    );
  }
  if (r.memory.length) {
    const t = table(['limit', 'peak (median, min … max)', 'peak ÷ limit', 'OOM-killed runs'], o.color);
    for (const m of r.memory) {
      t.push([
        `${m.limitMiB} MiB`, m.peak ? `${format3(m.peak.stats.median)} MiB (${format3(m.peak.stats.min)} … ${format3(m.peak.stats.max)})` : 'not reported',
        m.peak ? `${format3((m.peak.stats.median / m.limitMiB) * 100)} %` : '', `${m.oomKilled} of ${m.runs}`,
      ]);
    }
    out.push('', p.bold('Memory: the largest usage reached before the OOM kill (cgroup peak), against the limit'), t.toString());
  }
  if (r.pids.length) {
    const t = table(['pids.max', 'processes reached (min … max)', 'exact', 'fork failed with', 'refused forks'], o.color);
    for (const x of r.pids) {
      t.push([
        String(x.limit), `${formatCount(x.reached.stats.median)} (${formatCount(x.reached.stats.min)} … ${formatCount(x.reached.stats.max)})`,
        x.exact ? p.green('yes') : p.yellow('no'), x.errors.join(', ') || '—', x.limitHits !== undefined ? formatCount(x.limitHits) : 'not reported',
      ]);
    }
    out.push('', p.bold('pids: processes the workload reached (itself and its children) against pids.max'), t.toString());
  }
  out.push('', p.dim(
    `Limits set and counters read through the cgroup ${r.driver.version} driver (${r.driver.mode} host); ${String(s.rounds)} rounds of the limits and ${String(s.burstRounds)} of the bursts, interleaved; ` +
      `load average ${Number(s.loadAverage).toFixed(2)} on ${String(s.cpus)} CPUs.`,
  ));
  for (const x of r.skipped) out.push(p.dim(`skipped ${x.name}: ${x.reason}`));
  for (const x of r.failed) out.push(p.yellow(`failed ${x.name} (left out): ${x.reason}`));
  for (const w of r.warnings) out.push(p.yellow(`warning: ${w}`));
  if (r.cpu.some((q) => /noisy|outliers/.test(warningCodes(q.error)))) out.push(p.yellow('to get steadier figures: close other programs and take more rounds (--rounds N) or longer runs (--seconds S).'));
  return out.join('\n') + '\n';
}
