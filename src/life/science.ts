import type { SpanWorld } from '../world.ts';
import { streamKey, uniform, forEachPicked } from '../core/random.ts';
import { EventType } from '../core/events.ts';
import { Occupation, SHARE } from '../population/citizens.ts';
import { emit } from './emit.ts';
import { chillAwareness } from './knowledge.ts';
import { DAYS_A_YEAR } from '../core/calendar.ts';

/**
 * Science: employed researchers have findings to publish; a share contradicts official positions
 * or powerful interests. A contrary finding is published, or withheld, as harmless public acts are
 * chilled (speech.ts), here by the censor channel (what one publishes is read): with the chilling
 * elasticity in full when contrary findings are scored, none when published rules say they are
 * not, `secretUncertainty` under secret rules. A withheld finding is an event nobody sees.
 * Researchers without a grant find less (`unfundedFindings`) and apply for one (an attempt
 * `grant`, which gates may bar; respond funds those not barred at `grantSuccess`): the phase
 * before, liveGrantApplications.
 */
export function liveScience(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const sc = scenario.life.science;
  const c = pop.citizens;
  const rate = sc.findingsPerYear / DAYS_A_YEAR;
  if (rate === 0) return;
  const r = scenario.response;
  const key = streamKey(world.seed, 'science.finding');
  const chillIn = chillAwareness(world, EventType.contrary_finding).map((a) => r.chillingElasticity * a);
  forEachPicked(streamKey(world.seed, 'science.pick'), day, from, to, Math.min(1, rate), (i) => {
    if (c.occupation[i] !== Occupation.research || c.employer[i] < 0) return;
    // picked at a funded researcher's rate, kept at an unfunded one's (thinning)
    if (c.grantUntil[i] < day && uniform(key, i, day, 2) >= sc.unfundedFindings) return;
    if (uniform(key, i, day, 0) >= sc.contraryShare) {
      emit(world, EventType.finding_published, i, c.home[i], 0);
      return;
    }
    const risk = c.riskCensor[i] * SHARE;
    const chill = chillIn[c.home[i]];
    const published = chill === 0 || r.riskPrior === 0 || risk <= r.riskPrior || uniform(key, i, day, 1) < (risk / r.riskPrior) ** -chill;
    emit(world, published ? EventType.contrary_finding : EventType.finding_withheld, i, c.home[i], 0);
  });
}

/** Researchers without a grant apply for one: science's first phase. */
export function liveGrantApplications(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day } = world;
  const sc = world.scenario.life.science;
  const c = world.pop.citizens;
  forEachPicked(streamKey(world.seed, 'science.apply'), day, from, to, Math.min(1, sc.grantApplicationsPerYear / DAYS_A_YEAR), (i) => {
    if (c.occupation[i] === Occupation.research && c.employer[i] >= 0 && c.grantUntil[i] < day) emit(world, EventType.attempt_grant, i, c.home[i], 0);
  });
}
