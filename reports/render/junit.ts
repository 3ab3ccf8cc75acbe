// A suite run as JUnit XML, so CI systems (GitLab, Jenkins, GitHub test reporters) show
// each check in each cell as a test case: failed and broken as failures, error as errors,
// skipped with its reason. One <testsuite> per cell.
import { VERDICT_LABEL, verdictOf } from '../model/isolation-matrix.js';
import type { LoadedResults } from '../model/load-results.js';
import type { CellData, CheckData } from '../model/results-schema.js';

// Characters XML 1.0 does not allow at all (C0 controls other than tab, newline, return; U+FFFE, U+FFFF).
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for XML content and attribute values, dropping characters XML cannot carry. */
export function escapeXml(text: string): string {
  return text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);
const attrs = (a: Record<string, string | number>) => Object.entries(a).map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`).join('');

function testcase(cell: CellData, c: CheckData): string {
  const open = `    <testcase${attrs({ classname: `isolab.${cell.name}.${c.area}`, name: c.id, time: seconds(c.durationMs) })}`;
  const evidence = JSON.stringify(c.evidence ?? null, null, 2);
  const detail = `${c.description ? `${c.description}\n` : ''}expected ${c.expected ?? '–'}, observed ${c.observed ?? '–'}${c.reason ? `\nreason: ${c.reason}` : ''}\nevidence: ${evidence}`;
  switch (c.outcome) {
    case 'passed':
      return `${open}/>`;
    case 'skipped':
      return `${open}>\n      <skipped${attrs({ message: c.reason ?? cell.skipped ?? 'skipped' })}/>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error${attrs({ type: 'error', message: `${VERDICT_LABEL.error}${c.reason ? `: ${c.reason}` : ''}` })}>${escapeXml(detail)}</error>\n    </testcase>`;
    default:
      return `${open}>\n      <failure${attrs({ type: c.outcome, message: VERDICT_LABEL[verdictOf(c)] })}>${escapeXml(detail)}</failure>\n    </testcase>`;
  }
}

function count(checks: CheckData[]) {
  return {
    tests: checks.length,
    failures: checks.filter((c) => c.outcome === 'failed' || c.outcome === 'broken').length,
    errors: checks.filter((c) => c.outcome === 'error').length,
    skipped: checks.filter((c) => c.outcome === 'skipped').length,
  };
}

/** Renders the checks of a results file as JUnit XML (no test cases when it has no suites). */
export function renderJunit(r: LoadedResults): string {
  const cells = r.suites?.cells ?? [];
  const all = cells.flatMap((c) => c.checks);
  const suites = cells.map((cell) => {
    const props = [['runtime', cell.runtime], ['runtimeVersion', cell.runtimeVersion ?? ''], ['purpose', cell.purpose ?? ''], ...(cell.skipped ? [['skipped', cell.skipped]] : [])];
    return [
      `  <testsuite${attrs({ name: cell.name, ...count(cell.checks), time: seconds(cell.durationMs), timestamp: r.createdAt, hostname: r.host.hostname })}>`,
      `    <properties>\n${props.map(([k, v]) => `      <property${attrs({ name: k!, value: v! })}/>`).join('\n')}\n    </properties>`,
      ...cell.checks.map((c) => testcase(cell, c)),
      '  </testsuite>',
    ].join('\n');
  });
  const wall = r.suites ? seconds(r.suites.summary.wallMs) : '0.000';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrs({ name: `isolab ${r.label}`, ...count(all), time: wall })}>\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}
