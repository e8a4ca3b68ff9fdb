import type { SpanWorld } from '../world.ts';
import { streamKey, uniform, lognormal } from '../core/random.ts';
import { EventType, PURCHASE_CATEGORIES } from '../core/events.ts';
import { incomeOf } from '../population/citizens.ts';
import { emit } from './emit.ts';
import { DAYS_A_MONTH } from '../core/calendar.ts';

const FIRST_PURCHASE = EventType.purchase_essentials;
const CATEGORIES = PURCHASE_CATEGORIES.length;
/** a notable purchase costs about a day's income */

/**
 * Consumption: notable purchases, their category chosen by the citizen's own tastes (so a scorer
 * reading purchases sorts people by taste), and daily hours of video games for gamers.
 */
export function liveConsumption(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const con = scenario.life.consumption;
  const c = pop.citizens;
  const tastes = pop.tastes;
  const kBuy = streamKey(world.seed, 'consumption.purchase');
  const kPlay = streamKey(world.seed, 'consumption.gaming');
  for (let i = from; i < to; i++) {
    if (uniform(kBuy, i, day, 0) < con.purchasesPerDay) {
      const u = uniform(kBuy, i, day, 1) * 255;
      let cat = 0;
      while (cat < CATEGORIES - 1 && u >= tastes[i * (CATEGORIES - 1) + cat]) cat++;
      emit(world, FIRST_PURCHASE + cat, i, c.home[i], lognormal(kBuy, i, day, 2, incomeOf(c, i, scenario.life.money.benefitShare) / DAYS_A_MONTH, con.amountSigma));
    }
    if (c.gaming[i] > 0) {
      const hours = Math.min(24, lognormal(kPlay, i, day, 0, c.gaming[i], con.gamingDailySigma));
      emit(world, EventType.gaming_hours, i, c.home[i], hours);
    }
  }
}
