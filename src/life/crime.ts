import type { SpanWorld } from '../world.ts';
import { streamKey, uniform, forEachPicked, lognormal } from '../core/random.ts';
import { EventType, JobLoss } from '../core/events.ts';
import { TRAIT, workDistrictOf } from '../population/citizens.ts';
import { emit } from './emit.ts';
import { loseJob } from './jobs.ts';
import { deterrence, streetRisk, uniformRiskThrough, WATCHED_BY } from './knowledge.ts';
import { DAYS_A_YEAR } from '../core/calendar.ts';

/**
 * Crime: thefts and violent crimes, by the age-crime curve (a plateau to `peakAge`, then an
 * exponential decline), far more by men, by imprudence, and deterred, like traffic, by the
 * perceived risk of being seen by a camera or reported (never pushed above the undeterred rate).
 * A citizen in detention commits nothing: each day held costs stress, and an employee held may
 * lose the job (once, the day after the detention began: liveDetention, the phase before);
 * detention pays no wage (money).
 */
export function liveCrime(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const cr = scenario.life.crime;
  const c = pop.citizens;
  const key = streamKey(world.seed, 'crime.act');
  const rate = (cr.theftPerYear + cr.violentPerYear) / DAYS_A_YEAR;
  if (rate === 0) return;
  const prior = uniformRiskThrough(scenario.response.riskPrior, WATCHED_BY[EventType.theft]);
  const elasticity = scenario.life.mobility.deterrenceElasticity;
  const violentShare = cr.violentPerYear / (cr.theftPerYear + cr.violentPerYear);
  // picked at the most a citizen could offend (a man at the peak age, imprudence 1, undeterred), each offends with their own chance over it (thinning)
  forEachPicked(streamKey(world.seed, 'crime.pick'), day, from, to, Math.min(1, rate), (i) => {
    if (c.detainedUntil[i] >= day) return;
    const age = c.age[i];
    const ageFactor = age <= cr.peakAge ? 1 : Math.exp(-cr.ageDecline * (age - cr.peakAge));
    const chance = ageFactor * (c.sex[i] ? cr.womenFactor : 1) * c.imprudence[i] * TRAIT * deterrence(streetRisk(c, i), prior, elasticity);
    if (uniform(key, i, day, 0) >= chance) return;
    const violent = uniform(key, i, day, 1) < violentShare;
    const district = uniform(key, i, day, 2) < scenario.life.mobility.homeShare ? c.home[i] : workDistrictOf(c, pop.companies.district, i);
    emit(world, violent ? EventType.violent_crime : EventType.theft, i, district, violent ? 0 : lognormal(key, i, day, 3, cr.stolenMedian, 1));
  });
}

/** Each day held costs stress, and an employee held may lose the job the day after the detention began: crime's first phase. */
export function liveDetention(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day } = world;
  const cr = world.scenario.life.crime;
  const c = world.pop.citizens;
  const kJob = streamKey(world.seed, 'crime.job');
  for (let i = from; i < to; i++) {
    if (c.detainedUntil[i] < day) continue;
    c.stress[i] += cr.detentionStress;
    if (day === c.detainedOn[i] + 1 && c.employer[i] >= 0 && uniform(kJob, i, day, 0) < cr.detentionJobLoss) loseJob(world, i, JobLoss.detained);
  }
}
