import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioJsonSchema } from './json-schema.ts';
import { SCENARIO_DIR } from './load.ts';

const file = join(SCENARIO_DIR, 'schema.json');
writeFileSync(file, scenarioJsonSchema());
console.log(`wrote ${file}`);
