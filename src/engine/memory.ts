import { totalmem } from 'node:os';
import type { Scenario } from '../scenario/schema.ts';
import { bytesPerRow } from '../population/columns.ts';
import { CITIZEN_COLUMNS } from '../population/citizens.ts';
import { COMPANY_COLUMNS } from '../population/companies.ts';
import { graphBytesPerCitizen } from '../population/graph.ts';
import { EVENT_COLUMNS, OBSERVATION_COLUMNS } from './tables.ts';
import { PURCHASE_CATEGORIES } from '../life/event-types.ts';
import { inputError } from '../scenario/errors.ts';

/** Bytes of state per citizen for a scenario: columns, tastes, graph, standing and day buffers. */
export function bytesPerCitizen(scenario: Scenario): number {
  const standing =
    scenario.scorers.reduce((sum, s) => sum + 5 + 4 * s.dimensions.length + (s.aggregation === 'ratings' ? 8 : 0) + s.rules.reduce((r, rule) => r + (rule.cooldownDays ? 4 : 0) + (rule.cap ? 6 : 0), 0), 0) +
    scenario.lists.length * 9;
  // buffers start at 1.25 rows per citizen and grow by a quarter on busier days
  const dayBuffers = 2 * (bytesPerRow(EVENT_COLUMNS) + bytesPerRow(OBSERVATION_COLUMNS));
  const companies = (scenario.population.companiesPerThousand / 1000) * bytesPerRow(COMPANY_COLUMNS);
  return bytesPerRow(CITIZEN_COLUMNS) + PURCHASE_CATEGORIES.length + graphBytesPerCitizen(scenario.population.friends, scenario.population.rewiring) + standing + dayBuffers + companies + 1 /* recorded */ + 4 /* group index */;
}

export function estimateBytes(scenario: Scenario): number {
  return scenario.population.citizens * bytesPerCitizen(scenario);
}

/** Share of the machine's memory a run may plan to use; the rest is Node, DuckDB and the OS. */
export const MEMORY_BUDGET_SHARE = 0.8;

/** Refuse, before allocating anything, a scenario whose state would not fit in memory. */
export function assertFitsInMemory(scenario: Scenario, budget = totalmem() * MEMORY_BUDGET_SHARE): void {
  const need = estimateBytes(scenario);
  if (need > budget) {
    throw inputError(
      `${scenario.population.citizens.toLocaleString('en')} citizens need about ${formatBytes(need)} of state (${bytesPerCitizen(scenario).toFixed(0)} bytes each), ` +
        `more than the ${formatBytes(budget)} this machine can give a run; lower population.citizens`,
      { path: 'population.citizens' },
    );
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes, u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 && u > 0 ? 1 : 0)} ${units[u]}`;
}
