import type { Scenario } from '../scenario/schema.ts';
import type { City } from '../city/city.ts';
import { streamKey, uniform, below, lognormal, trait } from '../core/random.ts';
import { PURCHASE_CATEGORIES } from '../core/events.ts';
import { allocate, sharedArray } from '../core/columns.ts';
import { DAYS_A_MONTH } from '../core/calendar.ts';
import { CITIZEN_COLUMNS, riskColumns, shareBits, GATED_SPLIT, Occupation, traitByte, type Citizens, type Tastes } from './citizens.ts';
import { COMPANY_COLUMNS, SECTORS, type Companies } from './companies.ts';
import { createFriendGraph, type FriendGraph } from './graph.ts';
import { indexCells, type CellIndex } from './cells.ts';

export interface Population {
  n: number;
  citizens: Citizens;
  tastes: Tastes;
  companies: Companies;
  /** cumulative hiring weights of companies (their Zipf size weights), for picking an employer */
  hiring: Float64Array;
  graph: FriendGraph;
  /** the members of each demographic cell (group x sex) */
  cells: CellIndex;
}

/**
 * A synthetic population for a city, deterministic in (scenario, seed).
 * @example const pop = createPopulation(scenario, createCity(scenario, 1), 1);
 */
export function createPopulation(scenario: Scenario, city: City, seed: number): Population {
  const p = scenario.population;
  const n = p.citizens;
  const c = allocate(CITIZEN_COLUMNS, n);
  const key = (purpose: string) => streamKey(seed, `population.${purpose}`);
  const [kAge, kSex, kGroup, kKids, kJob, kOcc, kWage, kSave, kPay, kGamer] = ['age', 'sex', 'group', 'children', 'job', 'occupation', 'wage', 'savings', 'payday', 'gamer'].map(key);
  const kPassport = key('passport');
  const traitKeys = ['conscientiousness', 'imprudence', 'sociability', 'conformity', 'hardship', 'riskAversion', 'legitimacy'].map(key);
  const groupCum = cumulative(p.groups.map((g) => g.share));

  for (let d = 0; d < city.count; d++) {
    const first = city.districts.firstResident[d];
    c.home.fill(d, first, first + city.districts.residents[d]);
  }
  const household = householdsOf(scenario, city, seed);

  for (let i = 0; i < n; i++) {
    c.age[i] = p.minAge + below(kAge, i, 0, 0, p.maxAge - p.minAge + 1);
    c.sex[i] = uniform(kSex, i, 0, 0) < p.femaleShare ? 1 : 0;
    c.group[i] = pick(groupCum, uniform(kGroup, i, 0, 0));
    const firstOfHousehold = i === 0 || household[i - 1] !== household[i];
    if (firstOfHousehold && c.age[i] >= p.parentAges[0] && c.age[i] <= p.parentAges[1]) c.children[i] = Math.min(255, poisson(uniform(kKids, i, 0, 0), p.childrenPerHousehold));
    c.conscientiousness[i] = traitByte(trait(traitKeys[0], i, p.conscientiousness.mean, p.conscientiousness.spread));
    c.imprudence[i] = traitByte(trait(traitKeys[1], i, p.imprudence.mean, p.imprudence.spread));
    c.sociability[i] = traitByte(trait(traitKeys[2], i, p.sociability.mean, p.sociability.spread));
    c.conformity[i] = traitByte(trait(traitKeys[3], i, p.conformity.mean, p.conformity.spread));
    c.hardship[i] = trait(traitKeys[4], i, p.hardship.mean, p.hardship.spread);
    c.riskAversion[i] = traitByte(trait(traitKeys[5], i, p.riskAversion.mean, p.riskAversion.spread));
    c.legitimacy[i] = trait(traitKeys[6], i, scenario.life.speech.legitimacy, scenario.life.speech.legitimacySpread);
    c.payday[i] = below(kPay, i, 0, 0, DAYS_A_MONTH);
    c.wage[i] = lognormal(kWage, i, 0, 0, p.incomeMedian, p.incomeSigma);
    const employed = uniform(kJob, i, 0, 0) >= p.unemployment;
    c.savings[i] = c.wage[i] * lognormal(kSave, i, 0, 0, p.savingsMonths, p.savingsSigma);
    c.occupation[i] = occupationOf(uniform(kOcc, i, 0, 0), p.gatedOccupations, p.researchers);
    c.employer[i] = employed ? 0 : -1; // the employer is drawn with the companies
    c.arrearsSince[i] = -1;
    c.lastBan[i] = -1;
    c.shownUntil[i] = -1;
    c.slowUntil[i] = -1;
    c.detainedUntil[i] = -1;
    c.detainedOn[i] = -1;
    c.passport[i] = uniform(kPassport, i, 0, 0) < p.passportShare ? 1 : 0;
    c.loanRate[i] = scenario.life.money.loanInterest;
    c.caseDay[i] = -1;
    c.gaming[i] = uniform(kGamer, i, 0, 0) < p.gamerShare ? lognormal(kGamer, i, 0, 1, scenario.life.consumption.gamingHoursMedian, scenario.life.consumption.gamingHoursSigma) : 0;
  }

  for (const risk of riskColumns(c)) risk.fill(shareBits(scenario.response.riskPrior));
  c.health.fill(shareBits(1));
  const { companies, hiring } = createCompanies(scenario, c, n, seed);
  return {
    n,
    citizens: c,
    tastes: createTastes(scenario, n, seed),
    companies,
    hiring,
    graph: createFriendGraph(n, p.friends, p.rewiring, seed),
    cells: indexCells(c, p.groups.length),
  };
}

function createCompanies(scenario: Scenario, c: Citizens, n: number, seed: number): { companies: Companies; hiring: Float64Array } {
  const count = Math.max(1, Math.round((n * scenario.population.companiesPerThousand) / 1000));
  const co = allocate(COMPANY_COLUMNS, count);
  const key = streamKey(seed, 'population.companies');
  const integrityKey = streamKey(seed, 'population.companies.integrity');
  const sizeCum = new Float64Array(count);
  let total = 0;
  for (let k = 0; k < count; k++) {
    co.sector[k] = below(key, k, 0, 0, SECTORS.length);
    co.district[k] = c.home[below(key, k, 0, 1, n)];
    co.legalRep[k] = below(key, k, 0, 2, n);
    co.integrity[k] = trait(integrityKey, k, scenario.life.companies.integrity.mean, scenario.life.companies.integrity.spread);
    co.taxDay[k] = below(key, k, 0, 4, DAYS_A_MONTH);
    total += (1 - uniform(key, k, 0, 3)) ** (-1 / scenario.population.firmSizeExponent);
    sizeCum[k] = total;
  }
  const employerKey = streamKey(seed, 'population.employer');
  for (let i = 0; i < n; i++) {
    if (c.employer[i] < 0) continue;
    const k = pick(sizeCum, uniform(employerKey, i, 0, 0) * total);
    c.employer[i] = k;
    co.employees[k]++;
  }
  return { companies: co, hiring: sizeCum };
}

function createTastes(scenario: Scenario, n: number, seed: number): Tastes {
  const m = PURCHASE_CATEGORIES.length;
  const weights = PURCHASE_CATEGORIES.map((cat) => scenario.life.consumption.categoryWeights[cat]);
  // the last cumulative weight is always the whole (255): it is not kept
  const tastes = sharedArray(Uint8Array, n * (m - 1));
  const key = streamKey(seed, 'population.tastes');
  const w = new Float64Array(m);
  const spread = scenario.life.consumption.tasteSpread;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < m; j++) sum += w[j] = weights[j] * Math.exp(spread * (uniform(key, i, 0, j) - 0.5) * 2);
    let acc = 0;
    for (let j = 0; j < m - 1; j++) {
      acc += w[j];
      tastes[i * (m - 1) + j] = sum > 0 ? Math.round((255 * acc) / sum) : 255;
    }
  }
  return tastes;
}

function occupationOf(u: number, gatedShare: number, researchers: number): number {
  if (u >= gatedShare) return u < gatedShare + researchers ? Occupation.research : Occupation.ordinary;
  let acc = 0;
  for (const [name, share] of Object.entries(GATED_SPLIT)) {
    acc += share * gatedShare;
    if (u < acc) return Occupation[name as keyof typeof GATED_SPLIT];
  }
  return Occupation.teaching;
}

function cumulative(weights: number[]): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Float64Array(weights.length);
  let acc = 0;
  weights.forEach((w, i) => (out[i] = acc += w / total));
  return out;
}

/** Index of the first cumulative value above u (binary search). */
/**
 * Each citizen's household: households are contiguous ids within a district. Not kept in the
 * state (a run needs only who heads one, when it is built); recomputed, the same, for the output.
 */
export function householdsOf(scenario: Scenario, city: City, seed: number): Uint32Array {
  const key = streamKey(seed, 'population.household');
  const out = new Uint32Array(scenario.population.citizens);
  let household = -1,
    left = 0;
  for (let d = 0; d < city.count; d++) {
    const first = city.districts.firstResident[d],
      last = first + city.districts.residents[d];
    for (let i = first; i < last; i++) {
      if (left === 0) {
        household++;
        left = 1 + geometric(uniform(key, household, 0, 0), scenario.population.adultsPerHousehold - 1);
      }
      left--;
      out[i] = household;
    }
    left = 0; // households do not straddle districts
  }
  return out;
}

export function pick(cum: Float64Array, u: number): number {
  let lo = 0,
    hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function geometric(u: number, mean: number): number {
  if (mean <= 0) return 0;
  const q = mean / (1 + mean);
  return Math.floor(Math.log(1 - u) / Math.log(q));
}

function poisson(u: number, lambda: number): number {
  let k = 0,
    p = Math.exp(-lambda),
    acc = p;
  while (u > acc && k < 50) {
    k++;
    p *= lambda / k;
    acc += p;
  }
  return k;
}
