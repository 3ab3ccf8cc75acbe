// The gate's verdicts as CI reads them: one line per violation that CI annotates
// (GitHub's ::error workflow command, or a plain "isolab gate: FAIL" line), and a
// Markdown summary for $GITHUB_STEP_SUMMARY or a merge-request comment.
import { escapeMarkdown } from '../render/markdown.js';
import type { GateResult } from './evaluate-gate.js';

/** How violations are printed. */
export type AnnotationStyle = 'github' | 'plain';

/** GitHub when running in GitHub Actions, plain otherwise. */
export function defaultAnnotationStyle(env: NodeJS.ProcessEnv = process.env): AnnotationStyle {
  return env.GITHUB_ACTIONS === 'true' ? 'github' : 'plain';
}

// GitHub workflow commands: data escapes %, CR, LF; property values also : and ,.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** The lines to print: each verdict (violations annotated), then the outcome. */
export function renderGateLines(g: GateResult, style: AnnotationStyle): string {
  const lines = g.verdicts.map((v) => {
    if (v.ok) return `ok    ${v.rule}: ${v.message}`;
    return style === 'github'
      ? `::error title=${escapeProperty(`isolab gate: ${v.rule}`)}::${escapeData(v.message)}`
      : `isolab gate: FAIL ${v.rule}: ${v.message}`;
  });
  lines.push(g.ok ? `isolab gate: passed (${g.verdicts.length} rule${g.verdicts.length === 1 ? '' : 's'} checked)` : `isolab gate: ${g.violations.length} violation${g.violations.length === 1 ? '' : 's'} of ${g.verdicts.length} rule${g.verdicts.length === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

/** The Markdown summary: the outcome, then violations first and every rule after. */
export function renderGateSummary(g: GateResult, subject: { results: string; baseline?: string; policy: string }): string {
  const head = g.ok ? '## ✅ isolab gate passed' : `## ❌ isolab gate failed: ${g.violations.length} violation${g.violations.length === 1 ? '' : 's'}`;
  const about = `Results \`${subject.results}\`${subject.baseline ? ` against baseline \`${subject.baseline}\`` : ''}, policy \`${subject.policy}\`.`;
  const rows = [...g.verdicts].sort((a, b) => Number(a.ok) - Number(b.ok)).map((v) =>
    `| ${v.ok ? '✅' : '❌'} | ${escapeMarkdown(v.kind)} | ${escapeMarkdown(v.rule)} | ${escapeMarkdown(v.measured)} | ${escapeMarkdown(v.limit)} | ${escapeMarkdown(v.message)} |`);
  return `${head}\n\n${about}\n\n|  | kind | rule | measured | limit | detail |\n|---|---|---|---:|---|---|\n${rows.join('\n')}\n`;
}
