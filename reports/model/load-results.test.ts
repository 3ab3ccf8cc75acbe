import test from 'ava';
import fs from 'node:fs';
import { fixturePath, readFixture, tempDir, writeJson } from '../test-support/fixtures.js';
import { labelFiles, loadAllResults, loadResults, parseResults, ResultsFileError } from './load-results.js';

test('a real results.json loads with its suites and every startup figure once', (t) => {
  const r = loadResults(fixturePath('results.json'));
  t.is(r.kind, 'isolab-results');
  t.is(r.suites?.cells.length, 15);
  const keys = r.figures.map((f) => `${f.name}/${f.runtime ?? ''}`);
  t.is(new Set(keys).size, keys.length, 'the calibration duplicates the floor figure and is read once');
  t.true(keys.includes('startup.start-to-exit/builtin'));
  t.true(keys.includes('startup.phase.total/builtin'));
  t.true(r.notes.some((n) => n.startsWith('startup: ')), 'the benchmark warnings become notes');
});

test('a bench document loads its figures under the bench name', (t) => {
  const r = loadResults(fixturePath('bench-startup.json'));
  t.is(r.kind, 'isolab-bench');
  t.is(r.suites, undefined);
  t.true(r.figures.some((f) => f.runtime === 'docker'));
  t.truthy(r.benches.startup);
});

test('figures of overlay and cgroup sections are found by shape', (t) => {
  const r = loadResults(fixturePath('results-full.json'));
  t.true(r.figures.some((f) => f.name === 'overlay.depth-500.ratio'));
  t.true(r.figures.some((f) => f.name === 'cgroup.cpu.error.quota-0.25'));
});

/** The error parseResults throws for doc (fails the test when it throws none). */
function errorOf(doc: unknown): ResultsFileError {
  try {
    parseResults(doc, 'x.json');
  } catch (err) {
    if (err instanceof ResultsFileError) return err;
    throw err;
  }
  throw new Error('parseResults accepted the document');
}

test('a malformed check outcome is refused naming the file and the field', (t) => {
  const doc = readFixture('results.json');
  doc.suites.cells[2].checks[1].outcome = 'maybe';
  const err = errorOf(doc);
  t.is(err.file, 'x.json');
  t.is(err.field, 'suites.cells[2].checks[1].outcome');
  t.regex(err.message, /^x\.json: suites\.cells\[2\]\.checks\[1\]\.outcome: /);
});

test('a malformed figure inside a benchmark section is refused with its path', (t) => {
  const doc = readFixture('results-full.json');
  doc.bench.overlay.comparisons[3].plain.stats.median = 'fast';
  const err = errorOf(doc);
  t.is(err.field, 'bench.overlay.comparisons[3].plain.stats.median');
});

test('a newer schemaVersion is refused with advice, not half-read', (t) => {
  const doc = readFixture('small-results.json');
  doc.schemaVersion = 2;
  const err = errorOf(doc);
  t.is(err.field, 'schemaVersion');
  t.regex(err.message, /newer than this isolab reads \(1\): upgrade isolab/);
});

test('a file of another kind is refused naming kind', (t) => {
  t.is(errorOf({ schemaVersion: 1, kind: 'something-else' }).field, 'kind');
  t.is(errorOf([1, 2]).field, '');
});

test('unknown fields are ignored (a version may add fields)', (t) => {
  const doc = readFixture('small-results.json');
  doc.futureField = { anything: true };
  doc.suites.cells[0].checks[0].newKey = 3;
  t.notThrows(() => parseResults(doc, 'x.json'));
});

test('missing files and invalid JSON name the file', (t) => {
  const tmp = tempDir();
  try {
    t.throws(() => loadResults(`${tmp.dir}/absent.json`), { message: /absent\.json: no such file/ });
    const bad = `${tmp.dir}/bad.json`;
    fs.writeFileSync(bad, '{ not json');
    t.throws(() => loadResults(bad), { message: /bad\.json: not valid JSON/ });
  } finally {
    tmp.remove();
  }
});

test('labels tell files with the same base name apart by their directories', (t) => {
  t.deepEqual(labelFiles(['a/ubuntu-22.04/results.json', 'a/ubuntu-24.04/results.json']), ['ubuntu-22.04', 'ubuntu-24.04']);
  t.deepEqual(labelFiles(['x/kernel-6.1.json', 'x/kernel-6.8.json']), ['kernel-6.1', 'kernel-6.8']);
  const tmp = tempDir();
  try {
    const a = writeJson(tmp.dir, 'one/results.json', readFixture('small-results.json'));
    const b = writeJson(tmp.dir, 'two/results.json', readFixture('small-results.json'));
    t.deepEqual(loadAllResults([a, b]).map((r) => r.label), ['one', 'two']);
  } finally {
    tmp.remove();
  }
});
