import type { World } from '../world.ts';
import { streamKey, uniform } from '../core/random.ts';
import { EventType } from '../core/events.ts';
import { SECTORS } from '../population/companies.ts';
import { emit } from './emit.ts';
import { companyListed } from './knowledge.ts';
import { DAYS_A_MONTH, DAYS_A_YEAR } from '../core/calendar.ts';

const POLLUTERS = new Set([SECTORS.indexOf('manufacturing'), SECTORS.indexOf('construction')]);

/**
 * Company life: monthly taxes paid or left in arrears, broken contracts, safety incidents (more
 * in bigger firms) and pollution (manufacturing and construction), all less likely with integrity;
 * a blacklisted company, refused credit, falls into arrears more often (and sheds staff: money).
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
    if (day % DAYS_A_MONTH === co.taxDay[k]) {
      const month = (day / DAYS_A_MONTH) | 0;
      const due = size * wage * cl.taxOfPayroll;
      const distress = companyListed(world, k) ? 1 + cl.listedDistress : 1;
      emit(world, uniform(key, k, month, 0) < cl.taxEvasion * laxity * distress ? EventType.tax_arrears : EventType.tax_paid, k, co.district[k], due);
    }
    const u = uniform(key, k, day, 1);
    const pBreach = (cl.breachesPerYear / DAYS_A_YEAR) * laxity;
    const pSafety = (cl.safetyPerThousand / 1000 / DAYS_A_YEAR) * size * laxity;
    const pPollution = POLLUTERS.has(co.sector[k]) ? (cl.pollutionPerYear / DAYS_A_YEAR) * laxity : 0;
    if (u >= pBreach + pSafety + pPollution) continue;
    const type = u < pBreach ? EventType.contract_breach : u < pBreach + pSafety ? EventType.safety_incident : EventType.pollution_incident;
    emit(world, type, k, co.district[k], size);
  }
}
