import type { World } from '../world.ts';
import { DAYS_A_MONTH } from '../core/calendar.ts';

/**
 * The data broker: records are sold to lenders and insurers, who reprice every citizen each month
 * by their tier with the broker's scorer: each tier below the top adds to the interest on loans
 * (balances reprice monthly, like variable-rate credit) and to the insurance premium. Money reads
 * the prices on payday.
 */
export function priceByScore(world: World): void {
  const { scenario, day, policy, standing, pop } = world;
  const b = scenario.broker;
  if (b.scorer === undefined || day % DAYS_A_MONTH !== 0) return;
  const s = policy.scorers.findIndex((x) => x.id === b.scorer);
  const tiers = standing.tiers[s];
  const enrolled = standing.scorers[s].enrolled;
  const worst = policy.scorers[s].tierNames.length - 1;
  const c = pop.citizens;
  const base = scenario.life.money.loanInterest;
  for (let i = 0; i < pop.n; i++) {
    // the unscored are priced as the worst tier: lenders know nothing good of them
    const below = enrolled !== null && !enrolled[i] ? worst : tiers[i];
    c.loanRate[i] = base + b.loanSpreadPerTier * below;
    c.premium[i] = b.premium * (1 + b.premiumPerTier * below);
  }
}
