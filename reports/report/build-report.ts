// The report of one results file, as blocks: environment, isolation, startup, overlay,
// cgroup, other figures, notes. Every renderer (terminal, Markdown, HTML) prints this.
import type { Block, ReportDoc } from '../render/blocks.js';
import { classifyFigures } from '../model/figure-kinds.js';
import type { LoadedResults } from '../model/load-results.js';
import { hostFacts } from './host-facts.js';
import { isolationBlocks } from './isolation-section.js';
import { cgroupBlocks, overlayBlocks } from './overlay-cgroup-sections.js';
import { startupBlocks } from './startup-section.js';
import { summaryBlocks } from './summary-section.js';
import { FIGURE_ALIGN, FIGURE_HEAD, figureCells } from './figure-rows.js';

/** The environment as a two-column table. */
export function environmentBlocks(r: LoadedResults): Block[] {
  const facts = hostFacts(r.host).filter((f) => !f.key.startsWith('runtime.') || f.value !== 'absent');
  return [{ kind: 'heading', level: 2, text: 'Environment' }, { kind: 'table', head: ['', ''], rows: facts.map((f) => [f.label, f.value]) }];
}

/** Builds the report of one file. */
export function buildReport(r: LoadedResults): ReportDoc {
  const k = classifyFigures(r.figures);
  const h = r.host;
  const blocks: Block[] = [
    ...summaryBlocks(r.suites, k, r.figures),
    ...environmentBlocks(r),
    ...isolationBlocks(r.suites),
    ...startupBlocks(k),
    ...overlayBlocks(k),
    ...cgroupBlocks(k),
  ];
  if (k.other.length) {
    // Figures no section shows (wrapper costs, round trips, harness calibration, new benchmarks).
    blocks.push(
      { kind: 'heading', level: 2, text: 'Other figures' },
      { kind: 'table', head: ['figure', 'runtime', 'unit', ...FIGURE_HEAD], align: ['left', 'left', 'left', ...FIGURE_ALIGN], rows: k.other.map((f) => [f.name, f.runtime ?? '', f.unit, ...figureCells(f)]) },
    );
  }
  if (r.notes.length) blocks.push({ kind: 'heading', level: 2, text: 'Notes and warnings' }, { kind: 'list', items: r.notes.map((n) => ({ text: n, tone: 'warn' as const })) });
  return {
    title: `isolab report — ${r.label}`,
    subtitle: `${r.file} · written ${r.createdAt} · ${h.hostname}: ${h.distro.prettyName ?? h.distro.id ?? 'unknown distro'}, kernel ${h.kernel.release}, cgroup ${h.cgroup.mode}`,
    blocks,
  };
}
