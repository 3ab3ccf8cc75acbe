import test from 'ava';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { loadResults, parseResults } from '../model/load-results.js';
import { fixturePath, readFixture } from '../test-support/fixtures.js';
import { escapeXml, renderJunit } from './junit.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });

type Case = { name: string; classname: string; failure?: { type: string; message: string }; error?: object; skipped?: { message: string } };
type Suite = { name: string; tests: string; failures: string; errors: string; skipped: string; testcase?: Case[] };

function parse(xml: string): { testsuites: { tests: string; failures: string; errors: string; skipped: string; testsuite?: Suite[] } } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed: ${JSON.stringify(valid.err)}`);
  return parser.parse(xml) as never;
}

test('a real suite run is well-formed JUnit with one test case per check', (t) => {
  const r = loadResults(fixturePath('results.json'));
  const doc = parse(renderJunit(r));
  t.is(Number(doc.testsuites.tests), r.suites!.summary.checks);
  t.is(doc.testsuites.testsuite!.length, r.suites!.cells.length);
  t.is(Number(doc.testsuites.skipped), r.suites!.summary.outcomes.skipped ?? 0);
});

test('failed and broken are failures, error is an error, skipped keeps its reason', (t) => {
  const doc = parse(renderJunit(loadResults(fixturePath('small-results.json'))));
  const cases = doc.testsuites.testsuite!.flatMap((s) => s.testcase ?? []);
  const find = (suite: string, name: string): Case => cases.find((c) => c.classname.startsWith(`isolab.${suite}.`) && c.name === name)!;
  t.is(find('builtin/all', 'net-only-loopback').failure?.type, 'failed');
  t.is(find('builtin/all-pid', 'pid-host-kill').failure?.type, 'broken');
  t.truthy(find('host/none', 'pid-is-1').error);
  t.is(find('host/none', 'net-only-loopback').skipped?.message, 'the image has no ip tool');
  t.is(find('builtin/all', 'pid-is-1').failure, undefined);
  t.is(doc.testsuites.failures, '2');
  t.is(doc.testsuites.errors, '1');
});

test('markup and control characters in evidence and reasons cannot break the XML', (t) => {
  const raw = readFixture('small-results.json');
  raw.suites.cells[0].checks[2].evidence = { out: '</failure><x a="1">&\u0001\u001b[31m', quote: "it's" };
  raw.suites.cells[2].checks[0].reason = '<skipped/> & "quoted"';
  const xml = renderJunit(parseResults(raw, 'evil.json'));
  const doc = parse(xml);
  const skipped = doc.testsuites.testsuite![2]!.testcase!.find((c) => c.name === 'net-only-loopback')!;
  t.is(skipped.skipped?.message, '<skipped/> & "quoted"', 'the reason survives escaping intact');
  t.false(xml.includes('\u0001'));
});

test('a file without suites gives an empty, well-formed report', (t) => {
  const doc = parse(renderJunit(loadResults(fixturePath('bench-startup.json'))));
  t.is(doc.testsuites.tests, '0');
});

test('escapeXml escapes the five XML specials', (t) => {
  t.is(escapeXml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
});
