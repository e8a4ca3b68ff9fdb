import type { World } from '../world.ts';
import { clear } from '../core/buffer.ts';

/** A stage of the day, or any step of it: a function of the world. */
export type System = (world: World) => void;

/** Compose systems into one: each runs over the whole world, in order. */
export const pipe =
  (...systems: System[]): System =>
  (world) => {
    for (const system of systems) system(world);
  };

/**
 * Something done to a run from outside the model at fixed points of each day (appeals a user
 * files for a citizen, say). Each point sees the world as the model left it there.
 */
export interface Intervention {
  /** before the day: yesterday's tables are still there */
  dawn?: System;
  /** after life, before observation: today's acts and the appeals filed today are in */
  afterLife?: System;
  /** after observation, before the judge: today's sightings and whom they blame are in */
  afterObserve?: System;
  /** after measurement: every table of the day is complete */
  dusk?: System;
}

/** The tables the response writes from yesterday's: cleared before it. */
const clearResponseTables: System = (world) => {
  clear(world.ties);
  clear(world.appeals);
};

/** Yesterday's other tables, once the response has read them; pending appeals persist. */
const clearDayTables: System = (world) => {
  for (const table of [world.events, world.observations, world.scoreChanges, world.listChanges, world.decisions, world.displays, world.appealDecisions]) clear(table);
  world.quietActs.fill(0);
};

export interface Stages {
  /** the scenario's schedule of changes, at the start of the day */
  schedule: System;
  /** people respond to yesterday's tables: they learn risk, feel stress, file appeals, cut ties */
  respond: System;
  live: System;
  observe: System;
  judge: System;
  consequence: System;
  measure: System;
}

/**
 * One day: the schedule's changes due today, then respond -> live -> observe -> judge -> consequence -> measure. The engine owns the
 * clearing of the day's tables, so every stage finds only today's rows (and respond yesterday's).
 */
export function composeDay(stages: Stages, interventions: readonly Intervention[] = []): System {
  const at = (point: keyof Intervention) => interventions.flatMap((i) => (i[point] ? [i[point]] : []));
  return pipe(
    stages.schedule,
    ...at('dawn'),
    clearResponseTables,
    stages.respond,
    clearDayTables,
    stages.live,
    ...at('afterLife'),
    stages.observe,
    ...at('afterObserve'),
    stages.judge,
    stages.consequence,
    stages.measure,
    ...at('dusk'),
  );
}
