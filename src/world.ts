import type { Scenario } from './scenario/schema.ts';
import type { City } from './city/city.ts';
import type { Population } from './population/create.ts';
import type { Policy } from './policy/compile.ts';
import type { Standing, ScorerState } from './policy/standing.ts';
import type { Buffer } from './core/buffer.ts';
import type { Columns } from './core/columns.ts';
import type {
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
} from './core/tables.ts';

/**
 * The world a day runs over: the scenario, the city, its people, the compiled policy and the
 * judge's standing, and the day's tables. Each day table has one writer, named beside it; the
 * engine clears them all at the start of the day (engine/pipeline.ts), so a table holds today's
 * rows only. Built by engine/create-world.ts.
 */
export interface World {
  scenario: Scenario;
  seed: number;
  day: number;
  city: City;
  pop: Population;
  policy: Policy;
  standing: Standing;
  /** written by life: what people and companies did today */
  events: Buffer<typeof EVENT_COLUMNS>;
  /** written by life: today's acts counted but not emitted, by type: those no rule or list can read (Policy.quietBelow) */
  quietActs: Float64Array;
  /** written by observe: row i is how event i was seen, and whom it blames */
  observations: Buffer<typeof OBSERVATION_COLUMNS>;
  /** written by judge */
  scoreChanges: Buffer<typeof SCORE_CHANGE_COLUMNS>;
  /** written by judge */
  listChanges: Buffer<typeof LIST_CHANGE_COLUMNS>;
  /** written by consequence: gates' grants and denials */
  decisions: Buffer<typeof DECISION_COLUMNS>;
  /** written by consequence: faces put on public screens */
  displays: Buffer<typeof DISPLAY_COLUMNS>;
  /** written by life: friendships cut today, and why */
  ties: Buffer<typeof TIE_COLUMNS>;
  /** written by life: appeals citizens filed today (decided by judge when due) */
  appeals: Buffer<typeof APPEAL_COLUMNS>;
  /** written by life (filed) and judge (taken off when decided); kept across days, not cleared */
  pendingAppeals: Buffer<typeof PENDING_APPEAL_COLUMNS> & { head: number };
  /** written by judge: appeals decided today */
  appealDecisions: Buffer<typeof APPEAL_DECISION_COLUMNS>;
  /** citizens whose every event is kept in the run's event log */
  recorded: Uint8Array;
  /** companies likewise */
  recordedCompanies: Uint8Array;
  /** mechanisms switched off (for experiments and tests), by name: 'mobility', 'speech', ... */
  disabled: ReadonlySet<string>;
  /** runs work over every citizen span by span: on this thread, or on the life threads too (engine/threads.ts) */
  overCitizens: OverCitizens;
}

/**
 * Work over the citizens [from, to) of a span that any thread can do: it writes only those
 * citizens' shared columns, reads what no other span writes meanwhile, and returns what the
 * caller combines (sums per block of citizens: core/blocks.ts). Named, so that a life thread runs
 * its own copy (engine/span-tasks.ts).
 */
export interface SpanTask<I, O> {
  readonly name: string;
  run(world: SpanWorld, from: number, to: number, input: I): O;
}

/**
 * Runs a task over every citizen, span by span, each span starting on a block boundary
 * (core/blocks.ts): the outputs in citizen order, so combined in that order they are the same for
 * any number of threads.
 */
export type OverCitizens = <I, O>(task: SpanTask<I, O>, input: I) => O[];

/**
 * What the judge reads and writes while it scores the day's events: the day, the policy and the
 * standing, the population and events its conditions read, and the two tables it writes. The world
 * is one; a span of the judgment on a life thread makes another (judge/index.ts).
 */
export interface JudgeWorld {
  readonly day: number;
  readonly policy: Policy;
  readonly standing: Standing;
  readonly pop: Pick<Population, 'citizens' | 'companies' | 'graph'>;
  readonly events: { readonly cols: Columns<typeof EVENT_COLUMNS> };
  readonly scoreChanges: Buffer<typeof SCORE_CHANGE_COLUMNS>;
  readonly listChanges: Buffer<typeof LIST_CHANGE_COLUMNS>;
}

/**
 * The part of the world life's span mechanisms read and write: the columns shared with life
 * threads (engine/threads.ts) and the thread's own event buffer. A span mechanism typed with it
 * cannot reach what a thread does not have.
 */
export interface SpanWorld {
  readonly scenario: Scenario;
  readonly seed: number;
  day: number;
  readonly city: City;
  readonly pop: Pick<Population, 'n' | 'seed' | 'citizens' | 'companies' | 'hiring' | 'tastes' | 'graph' | 'cells'>;
  readonly policy: Policy;
  readonly standing: Pick<Standing, 'scores' | 'tiers' | 'listed'> & { readonly scorers: readonly Pick<ScorerState, 'enrolled'>[] };
  readonly events: Buffer<typeof EVENT_COLUMNS>;
  /** the thread's own, like its events */
  readonly quietActs: Float64Array;
  readonly disabled: ReadonlySet<string>;
}
