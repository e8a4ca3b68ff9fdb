import type { World } from '../engine/world.ts';
import { streamKey, uniform } from '../engine/random.ts';
import { EventType } from './event-types.ts';
import { SECTORS } from '../population/companies.ts';
import { emit } from './emit.ts';

const MONTH = 30;
const YEAR = 365;
const POLLUTERS = new Set([SECTORS.indexOf('manufacturing'), SECTORS.indexOf('construction')]);

/**
 * Company life: monthly taxes paid or left in arrears, broken contracts, safety incidents (more
 * in bigger firms) and pollution (manufacturing and construction), all less likely with integrity.
 * The actor of these events is the company; the value is the tax due, or the company's size.
 */
export function liveCompanies(world: World): void {
  const { day, pop, scenario } = world;
  const cl = scenario.life.companies;
  const co = pop.companies;
  const key = streamKey(world.seed, 'companies.act');
  const wage = scenario.population.incomeMedian;
  for (let k = 0; k < co.sector.length; k++) {
    const laxity = 1 - co.integrity[k];
    const size = co.employees[k];
    if (day % MONTH === co.taxDay[k]) {
      const month = (day / MONTH) | 0;
      const due = size * wage * cl.taxOfPayroll;
      emit(world, uniform(key, k, month, 0) < cl.taxEvasion * laxity ? EventType.tax_arrears : EventType.tax_paid, k, co.district[k], due);
    }
    const u = uniform(key, k, day, 1);
    const pBreach = (cl.breachesPerYear / YEAR) * laxity;
    const pSafety = (cl.safetyPerThousand / 1000 / YEAR) * size * laxity;
    const pPollution = POLLUTERS.has(co.sector[k]) ? (cl.pollutionPerYear / YEAR) * laxity : 0;
    if (u >= pBreach + pSafety + pPollution) continue;
    const type = u < pBreach ? EventType.contract_breach : u < pBreach + pSafety ? EventType.safety_incident : EventType.pollution_incident;
    emit(world, type, k, co.district[k], size);
  }
}
