// Renders a small, fixed results file and holds the output against golden files
// (reports/fixtures/golden). After an intended change: UPDATE_GOLDEN=1 npx ava reports/render/golden.test.ts
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { buildReport } from '../report/build-report.js';
import { loadResults } from '../model/load-results.js';
import { fixturePath } from '../test-support/fixtures.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal, shouldColor } from './terminal.js';

// Relative, so the path printed in the report is the same on every machine.
const results = loadResults(path.relative(process.cwd(), fixturePath('small-results.json')));
const doc = buildReport(results);

function golden(t: import('ava').ExecutionContext, name: string, actual: string): void {
  const file = fixturePath(`golden/${name}`);
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, actual);
  t.is(actual, fs.readFileSync(file, 'utf8'), `${name} differs from its golden file (UPDATE_GOLDEN=1 to accept an intended change)`);
}

test('terminal report without colour matches its golden file', (t) => {
  golden(t, 'small-report.txt', renderTerminal(doc, { color: false }));
});

test('Markdown report matches its golden file', (t) => {
  golden(t, 'small-report.md', renderMarkdown(doc));
});

test('the terminal report has ANSI colour only when asked, and marks the leak in red', (t) => {
  t.false(renderTerminal(doc, { color: false }).includes('\u001b['));
  const coloured = renderTerminal(doc, { color: true });
  t.true(coloured.includes('\u001b[1;31mLEAK'));
});

test('colour only on a TTY, and never with NO_COLOR', (t) => {
  t.true(shouldColor({ isTTY: true }, {}));
  t.false(shouldColor({ isTTY: true }, { NO_COLOR: '1' }));
  t.false(shouldColor({ isTTY: false }, {}));
  t.false(shouldColor({}, {}));
});

test('the report says what is wrong first: leak, broken and error are named in the summary', (t) => {
  const text = renderTerminal(doc, { color: false });
  const summary = text.slice(0, text.indexOf('Environment'));
  t.regex(summary, /1 leak, 1 broken, 1 error/);
  t.regex(text, /net-only-loopback\s+│ LEAK/);
});

test('Markdown keeps the long matrix folded and escapes table syntax', (t) => {
  const md = renderMarkdown(doc);
  t.regex(md, /<details><summary>All 3 checks × 3 cells<\/summary>/);
  for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
    t.true(line.endsWith(' |'), `table row ${line}`);
  }
  t.false(md.includes('\u001b['));
});

test('absent sections leave a note instead of an empty chart', (t) => {
  t.regex(renderMarkdown(doc), /> No overlay figures in this file/);
});
