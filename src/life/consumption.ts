import type { SpanWorld } from '../world.ts';
import { streamKey, uniform, lognormal, bits, inverseNormal } from '../core/random.ts';
import { EventType, PURCHASE_CATEGORIES } from '../core/events.ts';
import { incomeOf, TRAIT } from '../population/citizens.ts';
import { emit } from './emit.ts';
import { DAYS_A_MONTH } from '../core/calendar.ts';
import { nearThreshold, purchaseStakes, rulesPublished } from './knowledge.ts';

const FIRST_PURCHASE = EventType.purchase_essentials;
const CATEGORIES = PURCHASE_CATEGORIES.length;
const ESSENTIALS = PURCHASE_CATEGORIES.indexOf('essentials');

/**
 * Consumption: notable purchases, their category chosen by the citizen's own tastes (so a scorer
 * reading purchases sorts people by taste), and daily hours of video games for gamers. Purchases
 * respond to the score: a citizen who knows a category is penalised (the rules are published, or
 * they were scored for it) buys essentials instead with `purchaseAvoidance`; one who knows a
 * category is rewarded turns an essentials purchase into it with `purchaseAttraction`, more so
 * near a tier threshold (approval seeking). A day's play shorter than any rule or list can read
 * (Policy.quietBelow) is counted, not emitted.
 */
export function liveConsumption(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const con = scenario.life.consumption;
  const r = scenario.response;
  const c = pop.citizens;
  const tastes = pop.tastes;
  const kBuy = streamKey(world.seed, 'consumption.purchase');
  const kPlay = streamKey(world.seed, 'consumption.gaming');
  const kShift = streamKey(world.seed, 'consumption.shift');
  const stakes = purchaseStakes(world);
  const rewarded = [...stakes.keys()].filter((cat) => stakes[cat] > 0);
  // by the byte of categories a citizen knows are scored (knownPurchases), the rewarded ones among them
  const rewardsKnown = Array.from({ length: 256 }, (_, known) => rewarded.filter((k) => (known >> k) & 1));
  const responds = stakes.some((s) => s !== 0);
  // published rules tell everyone which categories are scored; otherwise each learns their own
  const knownIn = rulesPublished(world).map((p) => (p ? 0xff : 0));
  const { home, gaming, knownPurchases } = c;
  const { purchasesPerDay, amountSigma, gamingDailySigma } = con;
  const benefit = scenario.life.money.benefitShare;
  const boost = r.approvalBoost;
  const floor = world.policy.quietBelow[EventType.gaming_hours];
  const quietUnder = quietPlayLimit(floor, gamingDailySigma);
  let quiet = 0;
  for (let i = from; i < to; i++) {
    if (uniform(kBuy, i, day, 0) < purchasesPerDay) {
      const u = uniform(kBuy, i, day, 1) * 255;
      let cat = 0;
      while (cat < CATEGORIES - 1 && u >= tastes[i * (CATEGORIES - 1) + cat]) cat++;
      if (responds) cat = respondToScore(world, i, cat, stakes, rewardsKnown, knownIn[home[i]] | knownPurchases[i], kShift, boost);
      emit(world, FIRST_PURCHASE + cat, i, home[i], lognormal(kBuy, i, day, 2, incomeOf(c, i, benefit) / DAYS_A_MONTH, amountSigma));
    }
    const usual = gaming[i];
    if (usual <= 0) continue;
    if (floor > MAX_PLAY || (usual < quietUnder && bits(kPlay, i, day, 0) < SURE_BITS)) {
      quiet++;
      continue;
    }
    const hours = Math.min(MAX_PLAY, lognormal(kPlay, i, day, 0, usual, gamingDailySigma));
    if (hours >= floor) emit(world, EventType.gaming_hours, i, home[i], hours);
    else quiet++;
  }
  world.quietActs[EventType.gaming_hours] += quiet;
}

const MAX_PLAY = 24;
/** A day's play draws its normal from the day's bits; below this many (the 90th percentile) the normal is at most SURE_Z. */
const SURE_BITS = 0.9 * 2 ** 32;
const SURE_Z = inverseNormal(0.9 + 1e-9);

/**
 * The usual hours below which a day whose bits fall under SURE_BITS is sure to stay under the
 * floor, so that nine days in ten of most gamers need no normal drawn: usual * e^(sigma z) < floor
 * for every z <= SURE_Z (the margin keeps rounding on the safe side).
 */
function quietPlayLimit(floor: number, sigma: number): number {
  return floor <= 0 ? -Infinity : (floor / Math.exp(sigma * SURE_Z)) * (1 - 1e-9);
}

/**
 * The category a citizen buys in after weighing what they know the score makes of it. The two
 * draws are made only where they decide something: they are keyed, so leaving one out changes no other.
 */
function respondToScore(world: SpanWorld, i: number, cat: number, stakes: Int8Array, rewardsKnown: readonly (readonly number[])[], known: number, kShift: number, boost: number): number {
  const r = world.scenario.response;
  const day = world.day;
  if (stakes[cat] < 0 && (known >> cat) & 1) return uniform(kShift, i, day, 0) < r.purchaseAvoidance ? ESSENTIALS : cat;
  if (cat !== ESSENTIALS) return cat;
  const knownRewards = rewardsKnown[known];
  if (knownRewards.length === 0) return cat;
  const eager = nearThreshold(world, i) ? 1 + boost * world.pop.citizens.conformity[i] * TRAIT : 1;
  return uniform(kShift, i, day, 0) < r.purchaseAttraction * eager ? knownRewards[Math.min(knownRewards.length - 1, Math.floor(uniform(kShift, i, day, 1) * knownRewards.length))] : cat;
}
