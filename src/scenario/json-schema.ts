import * as z from 'zod';
import { scenarioSchema } from './schema.ts';

/** The JSON Schema of scenario files, for editors (YAML language servers read it). */
export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
  return JSON.stringify({ ...schema, title: 'Credence scenario', $id: 'https://credence.invalid/scenario.schema.json' }, null, 2) + '\n';
}
