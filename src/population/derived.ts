import type { Scenario } from '../scenario/schema.ts';
import type { City } from '../city/city.ts';
import { householdsOf, type Population } from './create.ts';
import { incomeOf, workDistrictOf, TRAITS, TRAIT } from './citizens.ts';

/** Every citizen's income now (CNY a month), for measures over the whole population. */
export function incomes(pop: Population, benefitShare: number): Float32Array {
  const out = new Float32Array(pop.n);
  for (let i = 0; i < pop.n; i++) out[i] = incomeOf(pop.citizens, i, benefitShare);
  return out;
}

/**
 * Citizen columns a run does not keep in its state, since they follow from others (income and
 * work district from employment, household from the seed), computed whole for the output; and
 * the traits, kept as bytes, in [0, 1].
 */
export function derivedColumns(scenario: Scenario, city: City, pop: Population, seed: number): Record<string, Uint32Array | Uint16Array | Float32Array> {
  const work = new Uint16Array(pop.n);
  for (let i = 0; i < pop.n; i++) work[i] = workDistrictOf(pop.citizens, pop.companies.district, i);
  // traits are kept as bytes; the output gives them in [0, 1]
  const traits = Object.fromEntries(TRAITS.map((t) => [t, Float32Array.from(pop.citizens[t], (b) => b * TRAIT)]));
  return { household: householdsOf(scenario, city, seed), work, income: incomes(pop, scenario.life.money.benefitShare), ...traits };
}
