// The HTML report's stylesheet: print-friendly, system fonts only (the report is one file
// and must not reach the network), numbers in tabular figures, outcome colours matching
// the charts' (charts/palette.ts).
import { OUTCOME_COLORS } from '../charts/palette.js';

/** The CSS of every HTML report. */
export const HTML_STYLE = `
:root { --ink: #1f2328; --muted: #656d76; --line: #d8dee4; --soft: #f6f8fa; --accent: #4e79a7; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 14px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 64px; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 18px; padding-bottom: 10px; }
h1 { font-size: 24px; margin: 0 0 4px; }
.subtitle { color: var(--muted); margin: 0; font-size: 13px; }
nav { margin: 10px 0 0; font-size: 13px; }
nav a { color: var(--accent); text-decoration: none; margin-right: 14px; }
h2 { font-size: 19px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 22px 0 8px; }
p { margin: 8px 0; }
.note { color: var(--muted); font-style: italic; border-left: 3px solid var(--line); padding: 2px 10px; margin: 8px 0; }
.caption { color: var(--muted); font-size: 12px; margin: 14px 0 4px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 12.5px; margin: 2px 0 10px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 3px 8px; vertical-align: top; }
th { background: var(--soft); font-weight: 600; text-align: left; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
td.right, th.right { text-align: right; white-space: nowrap; }
td.center, th.center { text-align: center; }
table.kv td:first-child { color: var(--muted); white-space: nowrap; }
figure { margin: 14px 0 18px; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; }
details { margin: 10px 0; }
details > summary { cursor: pointer; font-weight: 600; color: var(--accent); }
ul { margin: 6px 0; padding-left: 22px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
.t-pass { color: #1a7f37; font-weight: 600; }
.t-control { color: #0b7285; font-weight: 600; }
.t-fail, .t-worse { color: #cf222e; font-weight: 700; }
.t-broken { color: #8250df; font-weight: 700; }
.t-error { color: #bc4c00; font-weight: 700; }
.t-skip, .t-muted { color: var(--muted); }
.t-warn { color: #9a6700; }
.t-strong { font-weight: 700; }
.t-better { color: #1a7f37; font-weight: 600; }
td.cell-pass { background: ${OUTCOME_COLORS.held}22 !important; }
td.cell-control { background: ${OUTCOME_COLORS.control}2e !important; }
td.cell-fail { background: ${OUTCOME_COLORS.failed}33 !important; }
td.cell-broken { background: ${OUTCOME_COLORS.broken}33 !important; }
td.cell-error { background: ${OUTCOME_COLORS.error}33 !important; }
td.cell-skip { background: #eeeeee !important; }
.verdict { font-size: 15px; padding: 8px 12px; border-radius: 4px; background: var(--soft); border: 1px solid var(--line); }
@media print { main { max-width: none; padding: 0; } details { display: block; } figure { break-inside: avoid; } }
`;
