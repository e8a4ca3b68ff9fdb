import type { World } from '../engine/world.ts';
import { clear } from '../engine/buffer.ts';
import { respond } from './respond.ts';
import { liveMoney } from './money.ts';
import { liveMobility } from './mobility.ts';
import { liveConsumption } from './consumption.ts';
import { liveSpeech } from './speech.ts';
import { liveCivic } from './civic.ts';
import { liveAttempts } from './attempts.ts';
import { liveWork } from './work.ts';
import { livePeers } from './peers.ts';
import { liveCompanies } from './companies.ts';
import { liveShame } from './shame.ts';
import { livePruning } from './approval.ts';

/** The mechanisms of life by name, in the order they run; each can be switched off by name. */
export const MECHANISMS = {
  money: liveMoney,
  mobility: liveMobility,
  consumption: liveConsumption,
  speech: liveSpeech,
  civic: liveCivic,
  work: liveWork,
  peers: livePeers,
  pruning: livePruning,
  attempts: liveAttempts,
  shame: liveShame,
  companies: liveCompanies,
} as const;

export type MechanismName = keyof typeof MECHANISMS;

/** Life: people respond to yesterday, then live today; every act goes to today's events. */
export function live(world: World): void {
  respond(world);
  for (const buf of [world.events, world.observations, world.scoreChanges, world.listChanges, world.decisions, world.displays, world.appealDecisions]) clear(buf);
  for (const [name, mechanism] of Object.entries(MECHANISMS)) if (!world.disabled.has(name)) mechanism(world);
}

export { EVENT_TYPES, EventType, ATTEMPTS, PURCHASE_CATEGORIES } from './event-types.ts';
export type { EventTypeName, AttemptName } from './event-types.ts';
