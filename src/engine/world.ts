import type { Scenario } from '../scenario/schema.ts';
import { createCity, type City } from '../world/city.ts';
import { createPopulation, type Population } from '../population/create.ts';
import { compilePolicy, type Policy } from '../judge/compile.ts';
import { createStanding, type Standing } from '../judge/standing.ts';
import { createBuffer, type Buffer } from './buffer.ts';
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
} from './tables.ts';
import { streamKey, uniform } from './random.ts';
import { createFaceModel, type FaceModel } from '../observe/face.ts';

export interface World {
  scenario: Scenario;
  seed: number;
  day: number;
  city: City;
  pop: Population;
  policy: Policy;
  face: FaceModel;
  standing: Standing;
  events: Buffer<typeof EVENT_COLUMNS>;
  observations: Buffer<typeof OBSERVATION_COLUMNS>;
  scoreChanges: Buffer<typeof SCORE_CHANGE_COLUMNS>;
  listChanges: Buffer<typeof LIST_CHANGE_COLUMNS>;
  decisions: Buffer<typeof DECISION_COLUMNS>;
  displays: Buffer<typeof DISPLAY_COLUMNS>;
  ties: Buffer<typeof TIE_COLUMNS>;
  appeals: Buffer<typeof APPEAL_COLUMNS>;
  pendingAppeals: Buffer<typeof PENDING_APPEAL_COLUMNS> & { head: number };
  appealDecisions: Buffer<typeof APPEAL_DECISION_COLUMNS>;
  /** citizens whose every event is kept in the run's event log */
  recorded: Uint8Array;
  /** companies likewise */
  recordedCompanies: Uint8Array;
  /** mechanisms switched off (for experiments and tests), by name: 'mobility', 'speech', ... */
  disabled: ReadonlySet<string>;
}

export interface WorldOptions {
  seed?: number;
  disabled?: Iterable<string>;
}

/**
 * Build the city, its people and the compiled policy: everything a run needs before day 0.
 * @example const world = createWorld(loadScenario('rongcheng').scenario, { seed: 7 });
 */
export function createWorld(scenario: Scenario, options: WorldOptions = {}): World {
  const seed = options.seed ?? scenario.seed;
  const city = createCity(scenario, seed);
  const pop = createPopulation(scenario, city, seed);
  const n = pop.n;
  const sampleKey = streamKey(seed, 'output.sample');
  const rate = scenario.output.sampleRate;
  const sample = (count: number, salt: number) => Uint8Array.from({ length: count }, (_, i) => (uniform(sampleKey, i, salt, 0) < rate ? 1 : 0));
  const recorded = sample(n, 0);
  for (const id of scenario.output.watch) if (id < n) recorded[id] = 1;
  const recordedCompanies = sample(pop.companies.sector.length, 1);
  for (const id of scenario.output.watchCompanies) if (id < recordedCompanies.length) recordedCompanies[id] = 1;
  // a day brings a little over one event per citizen (up to ~1.8 where people rate each other);
  // buffers grow by a quarter when a day brings more
  const rows = Math.ceil(n * 1.25);
  // the policy's expressions read the world, so it is compiled against the world being built
  const world = {
    scenario,
    seed,
    day: 0,
    city,
    pop,
    face: createFaceModel(scenario),
    events: createBuffer(EVENT_COLUMNS, rows),
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
  } as Omit<World, 'policy' | 'standing'> as World;
  world.policy = compilePolicy(scenario, world);
  world.standing = createStanding(world, world.policy);
  return world;
}
