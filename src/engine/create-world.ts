import type { Scenario } from '../scenario/schema.ts';
import type { World } from '../world.ts';
import { createCity } from '../city/city.ts';
import { createPopulation } from '../population/create.ts';
import { compilePolicy } from '../policy/compile.ts';
import { createStanding } from '../policy/standing.ts';
import { createBuffer } from '../core/buffer.ts';
import { EVENT_TYPE_COUNT } from '../core/events.ts';
import { sharedArray } from '../core/columns.ts';
import {
  EVENT_COLUMNS,
  OBSERVATION_COLUMNS,
  SCORE_CHANGE_COLUMNS,
  LIST_CHANGE_COLUMNS,
  DECISION_COLUMNS,
  DISPLAY_COLUMNS,
  TIE_COLUMNS,
  APPEAL_COLUMNS,
  PENDING_APPEAL_COLUMNS,
  APPEAL_DECISION_COLUMNS,
} from '../core/tables.ts';
import { streamKey, uniform } from '../core/random.ts';

export interface WorldOptions {
  seed?: number;
  disabled?: Iterable<string>;
}

/**
 * Build the city, its people, the compiled policy and the judge's standing: everything a run
 * needs before day 0.
 * @example const world = createWorld(loadScenario('rongcheng').scenario, { seed: 7 });
 */
export function createWorld(scenario: Scenario, options: WorldOptions = {}): World {
  const seed = options.seed ?? scenario.seed;
  const city = createCity(scenario, seed);
  const pop = createPopulation(scenario, city, seed);
  const policy = compilePolicy(scenario);
  const n = pop.n;
  const sampleKey = streamKey(seed, 'output.sample');
  const rate = scenario.output.sampleRate;
  // on shared memory: the recorded rows are found on every thread (measure/record.ts)
  const sample = (count: number, salt: number) => {
    const flags = sharedArray(Uint8Array, count);
    for (let i = 0; i < count; i++) flags[i] = uniform(sampleKey, i, salt, 0) < rate ? 1 : 0;
    return flags;
  };
  const recorded = sample(n, 0);
  for (const id of scenario.output.watch) if (id < n) recorded[id] = 1;
  const recordedCompanies = sample(pop.companies.sector.length, 1);
  for (const id of scenario.output.watchCompanies) if (id < recordedCompanies.length) recordedCompanies[id] = 1;
  // a day brings a little over one event per citizen (up to ~1.8 where people rate each other);
  // buffers grow by a quarter when a day brings more
  const rows = Math.ceil(n * 1.25);
  const world: World = {
    scenario,
    seed,
    day: 0,
    city,
    pop,
    policy,
    standing: createStanding(pop, seed, policy),
    events: createBuffer(EVENT_COLUMNS, rows),
    quietActs: new Float64Array(EVENT_TYPE_COUNT),
    observations: createBuffer(OBSERVATION_COLUMNS, rows),
    scoreChanges: createBuffer(SCORE_CHANGE_COLUMNS, n / 10),
    listChanges: createBuffer(LIST_CHANGE_COLUMNS, n / 100),
    decisions: createBuffer(DECISION_COLUMNS, n / 10),
    displays: createBuffer(DISPLAY_COLUMNS, 256),
    ties: createBuffer(TIE_COLUMNS, 256),
    appeals: createBuffer(APPEAL_COLUMNS, 256),
    pendingAppeals: Object.assign(createBuffer(PENDING_APPEAL_COLUMNS, 1024), { head: 0 }),
    appealDecisions: createBuffer(APPEAL_DECISION_COLUMNS, 256),
    recorded,
    recordedCompanies,
    disabled: new Set(options.disabled ?? []),
    // one span, the whole population, on this thread (engine/threads.ts spreads it over more)
    overCitizens: (task, input) => [task.run(world, 0, world.pop.n, input)],
  };
  return world;
}
