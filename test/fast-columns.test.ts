import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const src = (path: string) => JSON.stringify(fileURLToPath(new URL(`../src/${path}`, import.meta.url)));

test("the tables allocate makes (the citizens' columns among them) have fast properties, not a dictionary, where every column read is a hash lookup", () => {
  const script = `
    const { allocate } = await import(${src('core/columns.ts')});
    const { CITIZEN_COLUMNS } = await import(${src('population/citizens.ts')});
    const { EVENT_COLUMNS, OBSERVATION_COLUMNS } = await import(${src('core/tables.ts')});
    const fast = new Function('o', 'return %HasFastProperties(o)');
    // other tables first, as a run makes them: the citizens' table once fell into dictionary mode after them
    const tables = [allocate(EVENT_COLUMNS, 4), allocate(OBSERVATION_COLUMNS, 4), allocate(CITIZEN_COLUMNS, 4)];
    console.log(JSON.stringify(tables.map(fast)));`;
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out.trim().split('\n').at(-1) as string), [true, true, true]);
});
