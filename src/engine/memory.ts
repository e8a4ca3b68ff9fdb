import { totalmem } from 'node:os';
import type { Scenario } from '../scenario/schema.ts';
import { bytesPerRow } from '../core/columns.ts';
import { CITIZEN_COLUMNS } from '../population/citizens.ts';
import { COMPANY_COLUMNS } from '../population/companies.ts';
import { graphBytesPerCitizen } from '../population/graph.ts';
import { capBytes } from '../policy/standing.ts';
import { EVENT_COLUMNS, OBSERVATION_COLUMNS, SCORE_CHANGE_COLUMNS, DECISION_COLUMNS } from '../core/tables.ts';
import { PURCHASE_CATEGORIES } from '../core/events.ts';
import { inputError } from '../scenario/errors.ts';

/** Where a citizen's bytes go: the state kept between days, the day's tables, and what building the world borrows. */
export interface CitizenBytes {
  /** columns, tastes, friend graph, the judge's standing, companies, the recorded flag and the demographic index */
  state: number;
  /** events and their observations (1.25 rows a citizen, grown by a quarter on a busier day), score changes, decisions */
  dayTables: number;
  /** while the world is built: the graph's ties before they are compacted */
  building: number;
}

/** Bytes per citizen of a scenario's world, as the engine allocates it, on `workers` threads. */
export function citizenBytes(scenario: Scenario, workers = 1): CitizenBytes {
  const companiesPerCitizen = scenario.population.companiesPerThousand / 1000;
  const perSubject = (kind: 'citizens' | 'companies') => (kind === 'citizens' ? 1 : companiesPerCitizen);
  const scorers = scenario.scorers.reduce((sum, s) => {
    const capped = s.rules.flatMap((r) => (r.cap !== undefined ? [capBytes(r.points, r.cap)] : []));
    const bytes =
      5 +
      (s.enrolment < 1 ? 1 : 0) +
      4 * s.dimensions.length +
      (s.aggregation === 'ratings' ? 8 : 0) +
      2 * s.rules.filter((r) => r.cooldownDays).length +
      capped.reduce((a, b) => a + b, 0) +
      (capped.length ? 2 : 0);
    return sum + bytes * perSubject(s.subjects);
  }, 0);
  const lists = scenario.lists.reduce((sum, l) => sum + 5 * perSubject(l.subjects) + (l.subjects === 'companies' && l.restrictsRepresentative ? 1 : 0), 0);
  const { friends, rewiring } = scenario.population;
  const graph = graphBytesPerCitizen(friends, rewiring);
  const state =
    bytesPerRow(CITIZEN_COLUMNS) +
    PURCHASE_CATEGORIES.length -
    1 +
    graph.kept +
    scorers +
    lists +
    companiesPerCitizen * bytesPerRow(COMPANY_COLUMNS) +
    1 /* recorded */ +
    4 / 64; /* demographic index */
  // other threads keep the events of their spans too, before they are merged
  const eventRow = bytesPerRow(EVENT_COLUMNS) * (1 + (workers - 1) / workers) + bytesPerRow(OBSERVATION_COLUMNS);
  const dayTables = 1.25 * 1.25 * eventRow + 0.1 * (bytesPerRow(SCORE_CHANGE_COLUMNS) + bytesPerRow(DECISION_COLUMNS));
  return { state, dayTables, building: graph.building };
}

/** Bytes per citizen in all, the most the run holds at once. */
export function bytesPerCitizen(scenario: Scenario, workers = 1): number {
  const b = citizenBytes(scenario, workers);
  return b.state + Math.max(b.dayTables, b.building);
}

export function estimateBytes(scenario: Scenario, workers = 1): number {
  return scenario.population.citizens * bytesPerCitizen(scenario, workers);
}

/** Share of the machine's memory a run may plan to use; the rest is Node, DuckDB and the OS. */
const MEMORY_BUDGET_SHARE = 0.8;

/** Refuse, before allocating anything, a scenario whose state would not fit in memory. */
export function assertFitsInMemory(scenario: Scenario, budget = totalmem() * MEMORY_BUDGET_SHARE, workers = 1): void {
  const need = estimateBytes(scenario, workers);
  if (need > budget) {
    throw inputError(
      `${scenario.population.citizens.toLocaleString('en')} citizens need about ${formatBytes(need)} (${bytesPerCitizen(scenario, workers).toFixed(0)} bytes each), ` +
        `more than the ${formatBytes(budget)} this machine can give a run; lower population.citizens`,
      { path: 'population.citizens' },
    );
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes,
    u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 && u > 0 ? 1 : 0)} ${units[u]}`;
}
