import type { Scenario } from '../scenario/schema.ts';
import { createCity, type City } from '../world/city.ts';
import { createPopulation, type Population } from '../population/create.ts';
import { compilePolicy, type Policy } from '../judge/compile.ts';
import { createBuffer, type Buffer } from './buffer.ts';
import { EVENT_COLUMNS, OBSERVATION_COLUMNS, SCORE_CHANGE_COLUMNS, LIST_CHANGE_COLUMNS, DECISION_COLUMNS } from './tables.ts';
import { streamKey, uniform } from './random.ts';
import { createFaceModel, type FaceModel } from '../observe/face.ts';

/** What the judge keeps between days: a score and a tier per scorer, a flag per list. */
export interface Standing {
  scores: Float32Array[];
  tiers: Uint8Array[];
  listed: Uint8Array[];
  /** day each citizen last entered each list, -1 when never */
  listedSince: Int32Array[];
}

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
  /** citizens whose every event is kept in the run's event log */
  recorded: Uint8Array;
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
  const policy = compilePolicy(scenario);
  const n = pop.n;
  const standing: Standing = {
    scores: policy.scorers.map((s) => new Float32Array(n).fill(s.base)),
    tiers: policy.scorers.map((s) => {
      const tiers = new Uint8Array(n);
      const base = s.tierMin.findIndex((m) => s.base >= m);
      return tiers.fill(base < 0 ? s.tierMin.length - 1 : base);
    }),
    listed: policy.lists.map(() => new Uint8Array(n)),
    listedSince: policy.lists.map(() => new Int32Array(n).fill(-1)),
  };
  const recorded = new Uint8Array(n);
  const sampleKey = streamKey(seed, 'output.sample');
  const rate = scenario.output.sampleRate;
  for (let i = 0; i < n; i++) recorded[i] = uniform(sampleKey, i, 0, 0) < rate ? 1 : 0;
  for (const id of scenario.output.watch) if (id < n) recorded[id] = 1;
  const rows = Math.ceil(n * 1.5);
  return {
    scenario,
    seed,
    day: 0,
    city,
    pop,
    policy,
    face: createFaceModel(scenario),
    standing,
    events: createBuffer(EVENT_COLUMNS, rows),
    observations: createBuffer(OBSERVATION_COLUMNS, rows),
    scoreChanges: createBuffer(SCORE_CHANGE_COLUMNS, n / 10),
    listChanges: createBuffer(LIST_CHANGE_COLUMNS, n / 100),
    decisions: createBuffer(DECISION_COLUMNS, n / 10),
    recorded,
    disabled: new Set(options.disabled ?? []),
  };
}
