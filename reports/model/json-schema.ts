// reports/results.schema.json, generated from the zod schemas that validate every file a
// report reads, so the published schema and the validation cannot drift apart. A test
// fails when the committed file is stale; regenerate with:
//   npx tsx reports/model/json-schema.ts --write
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod/v4';
import { resultsFileSchema, SCHEMA_VERSION } from './results-schema.js';

/** Where the schema is published. */
export const JSON_SCHEMA_FILE = fileURLToPath(new URL('../results.schema.json', import.meta.url));

/** The JSON Schema (draft 2020-12) of results.json, schema version SCHEMA_VERSION. */
export function resultsJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(resultsFileSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  // zod copies each definition's registry id into it as "id", which JSON Schema does not know; $defs keys name them already.
  for (const def of Object.values((rest.$defs ?? {}) as Record<string, Record<string, unknown>>)) delete def.id;
  return {
    $schema,
    $id: `https://isolab.dev/schemas/results-v${SCHEMA_VERSION}.schema.json`,
    'x-isolab-schema-version': SCHEMA_VERSION,
    $comment: 'Generated from reports/model/results-schema.ts by reports/model/json-schema.ts; documented in reports/SCHEMA.md. Objects allow further properties: a version may add fields.',
    ...rest,
  };
}

/** The schema as the committed file holds it. */
export function resultsJsonSchemaText(): string {
  return `${JSON.stringify(resultsJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1]) && process.argv.includes('--write')) {
  fs.writeFileSync(JSON_SCHEMA_FILE, resultsJsonSchemaText());
  process.stdout.write(`wrote ${JSON_SCHEMA_FILE}\n`);
}
