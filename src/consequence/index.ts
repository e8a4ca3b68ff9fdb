import type { World } from '../world.ts';
import { reserve } from '../core/buffer.ts';
import type { Standing } from '../policy/standing.ts';
import { showOnScreens } from './screens.ts';
import { priceByScore } from './broker.ts';
import { detainSuspects } from './detention.ts';
import { eventsAtStake } from './at-stake.ts';

/** Whether a citizen counts as listed: on a citizen list, or representing a company on a company list. */
export function isListed(standing: Standing, list: number, citizen: number): boolean {
  const reps = standing.representsListed[list];
  return reps !== null ? reps[citizen] > 0 : standing.listed[list][citizen] === 1;
}

/**
 * Consequence: every attempt meets the gates set on it. A gate denies anyone on its list (or the
 * legal representative of a company on it), or anyone whose tier with its scorer is worse than
 * `atLeast`; someone the scorer does not score is granted or denied as the gate says. A priority
 * gate denies nobody: it privileges those who qualify (a shorter wait, a fee or deposit waived). Each
 * decision is recorded; its cost reaches the citizen tomorrow through life's response.
 */
export function consequence(world: World): void {
  const atStake = eventsAtStake(world);
  decideAttempts(world, atStake);
  showOnScreens(world, atStake);
  detainSuspects(world, atStake);
  priceByScore(world);
}

/** The attempts at a gate among the events at stake (at-stake.ts), each decided by every gate set on it. */
function decideAttempts(world: World, atStake: readonly Int32Array[]): void {
  const { policy, standing } = world;
  const ev = world.events.cols;
  const byType = policy.gatesByType;
  for (const share of atStake) {
    for (let x = 0; x < share.length; x++) {
      const e = share[x];
      const gates = byType[ev.type[e]];
      if (gates.length === 0) continue;
      const actor = ev.actor[e];
      for (let g = 0; g < gates.length; g++) {
        const gate = gates[g];
        if (world.day < gate.from || world.day >= gate.until || (gate.when !== null && !gate.when(world, e, actor))) continue;
        const listed = gate.list >= 0 && isListed(standing, gate.list, actor);
        let lowTier = false;
        if (gate.scorer >= 0) {
          const enrolled = standing.scorers[gate.scorer].enrolled;
          lowTier = enrolled !== null && !enrolled[actor] ? !gate.grantUnscored : standing.tiers[gate.scorer][actor] > gate.worstTier;
        }
        const buf = world.decisions;
        const j = reserve(buf);
        buf.cols.event[j] = e;
        buf.cols.gate[j] = gate.index;
        const qualifies = !(listed || lowTier);
        buf.cols.granted[j] = qualifies || gate.priority ? 1 : 0;
        buf.cols.privileged[j] = qualifies && gate.priority ? 1 : 0;
      }
    }
  }
}
