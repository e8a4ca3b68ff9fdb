import type { World, SpanWorld } from '../world.ts';
import { liveMoney } from './money.ts';
import { liveHealth } from './health.ts';
import { liveCrime, liveDetention } from './crime.ts';
import { liveMobility } from './mobility.ts';
import { liveConsumption } from './consumption.ts';
import { livePayments } from './payments.ts';
import { liveSpeech } from './speech.ts';
import { liveScience, liveGrantApplications } from './science.ts';
import { liveCivic } from './civic.ts';
import { liveAttempts, liveRetries } from './attempts.ts';
import { liveWork } from './work.ts';
import { livePeers, learnLeniency } from './peers.ts';
import { liveCompanies } from './companies.ts';
import { liveShame } from './shame.ts';
import { livePruning } from './pruning.ts';
import { arrive, depart } from './demography.ts';

export { respond } from './respond.ts';

/** A pass of a mechanism over a span of citizens; peers' returns who learned leniency (an array), the others nothing. */
type Phase = (world: SpanWorld, from: number, to: number) => unknown;

/**
 * Mechanisms over a span of citizens, each in one or more phases: each touches only the citizen
 * at hand (a layoff's head count aside, kept atomically) and reads nothing another citizen's turn
 * writes, so spans can run on different threads. A phase goes through its span in citizen order,
 * and the events are merged phase by phase in citizen order (engine/merge-spans.ts), so they come
 * out as one thread going through every citizen would write them.
 */
const SPAN_MECHANISMS = {
  health: [liveHealth],
  crime: [liveDetention, liveCrime],
  money: [liveMoney],
  mobility: [liveMobility],
  consumption: [liveConsumption],
  payments: [livePayments],
  speech: [liveSpeech],
  science: [liveGrantApplications, liveScience],
  civic: [liveCivic],
  work: [liveWork],
  peers: [livePeers],
  attempts: [liveRetries, liveAttempts],
  shame: [liveShame],
} satisfies Record<string, readonly Phase[]>;

/**
 * Mechanisms over the whole world, after the spans: they cut ties both ways, act for companies, or
 * take people out of the run at the end of the day (demography, whose entrants arrive before the spans).
 */
const WORLD_MECHANISMS = {
  pruning: livePruning,
  companies: liveCompanies,
  demography: depart,
} as const;

/** The mechanisms of life by name, in the order they run; each can be switched off by name. */
export const MECHANISMS = { ...SPAN_MECHANISMS, ...WORLD_MECHANISMS } as const;

export type MechanismName = keyof typeof MECHANISMS;

/** What living a span of citizens left: where each phase's events end, and who learned leniency. */
export interface SpanResult {
  ends: number[];
  learners: number[];
}

/** Live one day for citizens [from, to), appending their acts to `world.events`. */
export function liveSpan(world: SpanWorld, from: number, to: number): SpanResult {
  const ends: number[] = [];
  let learners: number[] = [];
  for (const [name, phases] of Object.entries(SPAN_MECHANISMS)) {
    for (const phase of phases as readonly Phase[]) {
      if (!world.disabled.has(name)) {
        const learned = phase(world, from, to);
        if (Array.isArray(learned)) learners = learned;
      }
      ends.push(world.events.length);
    }
  }
  return { ends, learners };
}

/** Runs the span mechanisms over every citizen, on one thread or several, leaving the events in order. */
export type SpanRunner = (world: World) => SpanResult[];

const oneSpan: SpanRunner = (world) => [liveSpan(world, 0, world.pop.n)];

/** Life: people live today, span by span, then the mechanisms over the whole world; every act goes to today's events. */
export function createLife(runSpans: SpanRunner = oneSpan): (world: World) => void {
  return (world) => {
    if (!world.disabled.has('demography')) arrive(world);
    for (const span of runSpans(world)) learnLeniency(world, span.learners);
    for (const [name, mechanism] of Object.entries(WORLD_MECHANISMS)) if (!world.disabled.has(name)) mechanism(world);
  };
}

/** Life on the calling thread. */
export const live = createLife();
