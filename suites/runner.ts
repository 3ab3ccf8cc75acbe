// Running cells: each check of each cell is one task in a bounded pool (default 2, one per
// core of the machines here; checks also wait on polls, so --jobs 3 can be faster), then
// the solo checks one by one. Sentinels and test images exist for the run only. Returns
// data only.
import type { RuntimeAdapter } from '../runtime/adapters/adapter.js';
import type { Area } from './areas.js';
import { makeCheckContext } from './check-context.js';
import { checksOf } from './checks/index.js';
import { expectationOf, type Check } from './checks/types.js';
import { createHostSentinels, type HostSentinels } from './host/sentinels.js';
import { buildTestImages } from './images/test-images.js';
import { judge } from './judge.js';
import type { CellDef } from './matrix/cell-def.js';
import { materializeCell, type Cell, type LayerSource } from './matrix/materialize.js';
import { KeyedMutex, runPool } from './pool.js';
import { summarize, type CellResult, type CheckResult, type SuiteRun } from './results.js';
import { suiteAdapter } from './runtimes.js';

/** Progress of a run, for a CLI to show (the runner never prints). */
export type SuiteProgress =
  | { kind: 'start'; cells: number; checks: number }
  | { kind: 'check'; cell: string; check: CheckResult; done: number; total: number };

/** Options of runSuite. */
export interface SuiteOptions {
  /** Checks in flight at once (default 2). */
  jobs?: number;
  preset?: string;
  matrix?: string;
  only?: Area[];
  onProgress?: (p: SuiteProgress) => void;
  /** Stops starting checks; those not started are reported skipped. */
  signal?: AbortSignal;
  /** For tests: the checks of each cell instead of the areas' real ones. */
  checksFor?: (cell: Cell) => readonly Check[];
  /** For tests: adapters by runtime name instead of the real ones. */
  adapterFor?: (name: string) => Promise<RuntimeAdapter | undefined>;
  /** For tests: sentinels and layers instead of building them. */
  environment?: { sentinels: HostSentinels; layers: LayerSource };
}

/** The default pool size. */
export const DEFAULT_JOBS = 2;

const now = () => performance.now();
const ms = (x: number) => Math.round(x * 10) / 10;

interface Task {
  cellIndex: number;
  slot: number;
  check: Check;
  cell: Cell;
  adapter: RuntimeAdapter;
}

function skippedResult(check: Check, cell: Cell | undefined, reason: string): CheckResult {
  return {
    id: check.id, area: check.area, description: check.description, outcome: 'skipped',
    expected: cell ? expectationOf(check, cell) : null, observed: null, evidence: {}, reason, durationMs: 0,
  };
}

async function runCheck(t: Task, sentinels: HostSentinels, mutex: KeyedMutex): Promise<CheckResult> {
  const expected = expectationOf(t.check, t.cell);
  const begin = now();
  const base = { id: t.check.id, area: t.check.area, description: t.check.description, expected };
  try {
    const obs = await t.check.run(makeCheckContext(t.cell, t.adapter, sentinels, mutex));
    if (obs.outcome === 'skipped') {
      return { ...base, outcome: 'skipped', observed: null, evidence: obs.evidence, reason: obs.reason ?? 'not applicable here', durationMs: ms(now() - begin) };
    }
    return { ...base, outcome: judge(expected, obs.outcome), observed: obs.outcome, evidence: obs.evidence, durationMs: ms(now() - begin) };
  } catch (err) {
    const e = err as Error & { step?: string; syscall?: string; path?: string };
    const detail = Object.fromEntries(Object.entries({ step: e.step, syscall: e.syscall, path: e.path }).filter(([, v]) => v !== undefined));
    return { ...base, outcome: 'error', observed: 'error', evidence: { error: e.message ?? String(err), ...detail }, reason: e.message ?? String(err), durationMs: ms(now() - begin) };
  }
}

/** Checks that take long go first, so that they do not end the run alone. */
const weight = (c: Check) => (c.area === 'cgroup-limits' ? 0 : c.id.startsWith('pid-sibling') || c.id.startsWith('pid-kill') || c.id.startsWith('mount-') ? 1 : 2);

function noControlReasons(cells: readonly Cell[], checksFor: SuiteOptions['checksFor']): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of cells) for (const k of checksFor?.(c) ?? checksOf(c.areas)) if (k.noControl) out.set(k.id, k.noControl);
  return out;
}

/** Runs the cells' checks and returns what was observed. */
export async function runSuite(defs: readonly CellDef[], o: SuiteOptions = {}): Promise<SuiteRun> {
  const begin = now();
  const jobs = o.jobs ?? DEFAULT_JOBS;
  const images = o.environment ? undefined : buildTestImages();
  let sentinels: HostSentinels | undefined = o.environment?.sentinels;
  try {
    sentinels ??= await createHostSentinels();
    const layers = o.environment?.layers ?? images!;
    const cells = defs.map((d) => materializeCell(d, layers));
    const adapterOf = o.adapterFor ?? suiteAdapter;
    const runtimeNames = [...new Set(cells.map((c) => c.runtime))];
    const runtimes = await Promise.all(runtimeNames.map(async (name) => {
      const adapter = await adapterOf(name);
      const avail = adapter ? await adapter.available() : { ok: false as const, reason: `isolab has no adapter for runtime "${name}"` };
      return { name, adapter, avail };
    }));
    const results: CheckResult[][] = cells.map(() => []);
    const tasks: Task[] = [];
    cells.forEach((cell, cellIndex) => {
      const rt = runtimes.find((r) => r.name === cell.runtime)!;
      const checks = o.checksFor?.(cell) ?? checksOf(cell.areas);
      const cellSkip = cell.skip ?? (!rt.avail.ok ? `runtime ${cell.runtime} is not available: ${rt.avail.reason}` : rt.adapter!.unsupported(cell.spec));
      checks.forEach((check, slot) => {
        const reason = cellSkip ?? check.canRun?.(cell);
        if (reason) results[cellIndex]![slot] = skippedResult(check, cell, reason);
        else tasks.push({ cellIndex, slot, check, cell, adapter: rt.adapter! });
      });
    });
    tasks.sort((a, b) => weight(a.check) - weight(b.check));
    o.onProgress?.({ kind: 'start', cells: cells.length, checks: tasks.length });
    const mutex = new KeyedMutex();
    let done = 0;
    const one = (t: Task) => async () => {
      const r = o.signal?.aborted ? skippedResult(t.check, t.cell, 'the run was interrupted') : await runCheck(t, sentinels!, mutex);
      results[t.cellIndex]![t.slot] = r;
      o.onProgress?.({ kind: 'check', cell: t.cell.name, check: r, done: ++done, total: tasks.length });
    };
    await runPool(tasks.filter((t) => !t.check.solo).map(one), jobs);
    await runPool(tasks.filter((t) => t.check.solo).map(one), 1); // each alone, after the rest
    const cellResults: CellResult[] = cells.map((cell, i) => {
      const rt = runtimes.find((r) => r.name === cell.runtime)!;
      const skipped = cell.skip ?? (!rt.avail.ok ? rt.avail.reason : rt.adapter!.unsupported(cell.spec));
      return {
        name: cell.name, runtime: cell.runtime, runtimeVersion: rt.avail.ok ? rt.avail.version : null, purpose: cell.purpose,
        namespaces: cell.ns, limits: cell.limits, rootfs: cell.rootfs, spec: cell.spec, expectations: cell.expectations,
        ...(skipped ? { skipped } : {}),
        checks: results[i]!, durationMs: Math.round(results[i]!.reduce((sum, k) => sum + k.durationMs, 0)),
      };
    });
    return {
      preset: o.preset ?? null, matrix: o.matrix ?? null, only: o.only ?? null, jobs,
      runtimes: runtimes.map((r) => ({ name: r.name, available: r.avail.ok, ...(r.avail.ok ? { version: r.avail.version } : { reason: r.avail.reason }) })),
      cells: cellResults,
      summary: summarize(cellResults, Math.round(now() - begin), noControlReasons(cells, o.checksFor)),
    };
  } finally {
    if (!o.environment) {
      await sentinels?.close();
      images?.remove();
    }
  }
}
