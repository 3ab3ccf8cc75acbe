import test from 'ava';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fs from 'node:fs';
import { fixturePath, readFixture } from '../test-support/fixtures.js';
import { JSON_SCHEMA_FILE, resultsJsonSchemaText } from './json-schema.js';

const schema = JSON.parse(fs.readFileSync(JSON_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

test('the committed results.schema.json is the one the zod schemas generate (regenerate: npx tsx reports/model/json-schema.ts --write)', (t) => {
  t.is(fs.readFileSync(JSON_SCHEMA_FILE, 'utf8'), resultsJsonSchemaText());
});

test('it is a draft 2020-12 schema that names its version', (t) => {
  t.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  t.is(schema['x-isolab-schema-version'], 1);
});

test('real results files validate against it with a JSON Schema validator', (t) => {
  for (const name of ['results.json', 'results-full.json', 'small-results.json']) {
    t.true(validate(JSON.parse(fs.readFileSync(fixturePath(name), 'utf8'))), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
});

test('it rejects what the readers reject: a bad outcome, a figure without samples, a newer version', (t) => {
  const badOutcome = readFixture('small-results.json');
  badOutcome.suites.cells[0].checks[0].outcome = 'maybe';
  t.false(validate(badOutcome));
  t.true(validate.errors!.some((e) => e.instancePath === '/suites/cells/0/checks/0/outcome'));
  const noSamples = readFixture('small-results.json');
  noSamples.bench.startup.figures[0].samples = [];
  t.false(validate(noSamples));
  const newer = readFixture('small-results.json');
  newer.schemaVersion = 2;
  t.false(validate(newer));
});
