import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioJsonSchema } from '../scenario/json-schema.ts';
import { parameterReference } from './reference.ts';
import { SCENARIO_DIR } from './scenario-files.ts';

/** Regenerate the files derived from the schema: the JSON Schema for editors and the parameter reference. */
export const DERIVED = [
  { file: join(SCENARIO_DIR, 'schema.json'), make: scenarioJsonSchema },
  { file: join(SCENARIO_DIR, '..', 'docs', 'parameters.md'), make: parameterReference },
];

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { file, make } of DERIVED) {
    writeFileSync(file, make());
    console.log(`wrote ${file}`);
  }
}
