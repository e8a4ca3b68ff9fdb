import type { World } from '../world.ts';
import { streamKey, uniform } from '../core/random.ts';
import { DAYS_A_MONTH } from '../core/calendar.ts';
import { Offer } from '../core/tables.ts';
import { sharedArray } from '../core/columns.ts';

/** The third companies that buy records from the data broker. */
export const BUYERS = ['lender', 'insurer', 'marketer'] as const;
export const Buyer = Object.fromEntries(BUYERS.map((b, i) => [b, i])) as { readonly [K in (typeof BUYERS)[number]]: number };

/**
 * Whom the broker sold records to: each buyer covers a `saleShare` of citizens, by a keyed draw of
 * its own, the same all run long (a record once sold stays sold). One flag per citizen and buyer,
 * and how many citizens each buyer covers, computed once per run.
 */
const coverage = new WeakMap<World, { flags: Uint8Array[]; counts: number[] }>();
function coverageState(world: World) {
  let cover = coverage.get(world);
  if (!cover) {
    const share = world.scenario.broker.saleShare;
    const key = streamKey(world.seed, 'broker.sale');
    const flags = BUYERS.map((_, b) => {
      // shared: the event counts of measure/tally.ts read them on every thread
      const f = sharedArray(Uint8Array, world.pop.n);
      if (share > 0) for (let i = 0; i < f.length; i++) f[i] = uniform(key, i, 0, b) < share ? 1 : 0;
      return f;
    });
    cover = { flags, counts: flags.map((f) => f.reduce((a, v) => a + v, 0)) };
    coverage.set(world, cover);
  }
  return cover;
}
export const coverageOf = (world: World): Uint8Array[] => coverageState(world).flags;
/** How many citizens' records a buyer bought. */
export const coveredBy = (world: World, buyer: number): number => coverageState(world).counts[buyer];

/**
 * The data broker, each month: lenders and insurers price the citizens whose records they bought
 * by their tier with the broker's scorer (each tier below the top adds to the interest on loans,
 * balances repricing monthly like variable-rate credit, and to the insurance premium), and price
 * everyone else on the average tier, as a market without records does. A marketer that bought
 * records targets offers by score: products to those above the middle tier, loans to those at
 * or below it. Money reads prices and offers on payday.
 */
export function priceByScore(world: World): void {
  const { scenario, day, policy, standing, pop } = world;
  const b = scenario.broker;
  if (b.scorer === undefined || day % DAYS_A_MONTH !== 0) return;
  const month = day / DAYS_A_MONTH;
  const s = policy.scorers.findIndex((x) => x.id === b.scorer);
  const tiers = standing.tiers[s];
  const enrolled = standing.scorers[s].enrolled;
  const worst = policy.scorers[s].tierNames.length - 1;
  const c = pop.citizens;
  const base = scenario.life.money.loanInterest;
  const [lender, insurer, marketer] = coverageOf(world);
  // the unscored are priced as the worst tier: lenders know nothing good of them
  const below = (i: number) => (enrolled !== null && !enrolled[i] ? worst : tiers[i]);
  let sum = 0;
  for (let i = 0; i < pop.n; i++) sum += below(i);
  const average = pop.n ? sum / pop.n : 0;
  const key = streamKey(world.seed, 'broker.offer');
  const middle = worst / 2;
  for (let i = 0; i < pop.n; i++) {
    const tier = below(i);
    c.loanRate[i] = base + b.loanSpreadPerTier * (lender[i] ? tier : average);
    c.premium[i] = b.premium * (1 + b.premiumPerTier * (insurer[i] ? tier : average));
    c.offer[i] = marketer[i] && uniform(key, i, month, 0) < b.offerRate ? (tier < middle ? Offer.product : Offer.loan) : Offer.none;
  }
}
