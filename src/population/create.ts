import type { Scenario } from '../scenario/schema.ts';
import type { City } from '../city/city.ts';
import { streamKey, uniform, below, lognormal, trait } from '../core/random.ts';
import { PURCHASE_CATEGORIES } from '../core/events.ts';
import { allocate, sharedArray } from '../core/columns.ts';
import { DAYS_A_MONTH, DAYS_A_YEAR, AGE_BAND_FIRST, AGE_BAND_YEARS, AGE_BANDS } from '../core/calendar.ts';
import { CITIZEN_COLUMNS, riskColumns, shareBits, GATED_SPLIT, Occupation, traitByte, type Citizens, type Tastes } from './citizens.ts';
import { COMPANY_COLUMNS, SECTORS, type Companies } from './companies.ts';
import { createFriendGraph, type FriendGraph } from './graph.ts';
import { indexCells, type CellIndex } from './cells.ts';
import { createRegister, type Register } from './register.ts';

export interface Population {
  n: number;
  /** the seed the city's people were drawn with: their traits stay theirs when a run continues under another seed (a branch of a checkpoint) */
  seed: number;
  citizens: Citizens;
  tastes: Tastes;
  companies: Companies;
  /** cumulative hiring weights of companies (their Zipf size weights), for picking an employer */
  hiring: Float64Array;
  graph: FriendGraph;
  /** the members of each demographic cell (group x sex) */
  cells: CellIndex;
  /** who leaves the run this year, and when (life/demography.ts) */
  register: Register;
}

/**
 * A synthetic population for a city, deterministic in (scenario, seed).
 * @example const pop = createPopulation(scenario, createCity(scenario, 1), 1);
 */
export function createPopulation(scenario: Scenario, city: City, seed: number): Population {
  const p = scenario.population;
  const n = p.citizens;
  const c = allocate(CITIZEN_COLUMNS, n);
  const draws = citizenDraws(scenario, seed);
  const [kSex, kGroup, kKids] = ['sex', 'group', 'children'].map((purpose) => streamKey(seed, `population.${purpose}`));
  const groupCum = cumulative(p.groups.map((g) => g.share));

  for (let d = 0; d < city.count; d++) {
    const first = city.districts.firstResident[d];
    c.home.fill(d, first, first + city.districts.residents[d]);
  }
  const household = householdsOf(scenario, city, seed);

  for (let i = 0; i < n; i++) {
    c.sex[i] = uniform(kSex, i, 0, 0) < p.femaleShare ? 1 : 0;
    c.group[i] = pick(groupCum, uniform(kGroup, i, 0, 0));
    drawCitizen(c, i, draws, 0, p.minAge + pick(draws.ageCum, uniform(draws.age, i, 0, 0)));
    const firstOfHousehold = i === 0 || household[i - 1] !== household[i];
    c.householdRank[i] = firstOfHousehold ? 0 : Math.min(255, c.householdRank[i - 1] + 1);
    if (firstOfHousehold && c.age[i] >= p.parentAges[0] && c.age[i] <= p.parentAges[1]) c.children[i] = Math.min(255, poisson(uniform(kKids, i, 0, 0), p.childrenPerHousehold));
  }

  const { companies, hiring } = createCompanies(scenario, c, n, seed);
  return {
    n,
    seed,
    citizens: c,
    tastes: createTastes(scenario, n, seed),
    companies,
    hiring,
    graph: createFriendGraph(n, p.friends, p.rewiring, seed),
    cells: indexCells(c, p.groups.length),
    register: createRegister(),
  };
}

/** What an entrant keeps of the place they take: who they are in the population's make-up, where they live, and the household's children. */
const KEPT_BY_PLACE = new Set<keyof Citizens>(['group', 'sex', 'home', 'householdRank', 'children']);

/** The keyed streams a citizen is drawn from, and the age structure: for the first population and for every entrant. */
export interface CitizenDraws {
  scenario: Scenario;
  age: number;
  /** cumulative weights of single years of age from minAge to maxAge */
  ageCum: Float64Array;
  keys: Record<'job' | 'occupation' | 'wage' | 'savings' | 'payday' | 'gamer' | 'passport' | 'grant', number>;
  traits: number[];
}

export function citizenDraws(scenario: Scenario, seed: number): CitizenDraws {
  const key = (purpose: string) => streamKey(seed, `population.${purpose}`);
  const p = scenario.population;
  const years = Array.from({ length: p.maxAge - p.minAge + 1 }, (_, k) => {
    const band = Math.floor((p.minAge + k - AGE_BAND_FIRST) / AGE_BAND_YEARS);
    return band >= 0 && band < AGE_BANDS ? p.ageShares[band] : 0;
  });
  return {
    scenario,
    age: key('age'),
    ageCum: cumulative(years.some((w) => w > 0) ? years : years.map(() => 1)),
    keys: Object.fromEntries(['job', 'occupation', 'wage', 'savings', 'payday', 'gamer', 'passport', 'grant'].map((k) => [k, key(k)])) as CitizenDraws['keys'],
    traits: ['conscientiousness', 'imprudence', 'sociability', 'conformity', 'hardship', 'riskAversion', 'legitimacy'].map(key),
  };
}

/**
 * Who citizen i is, drawn afresh at the given age: traits, pay, savings, trade, the wish to work
 * (employer 0 for "employed", the employer itself drawn by the caller) and every state at its
 * start. Generation 0 is the first population; an entrant's generation is the day of entry, so
 * each occupant of a place has draws of their own. Group, sex, home and children are the caller's.
 */
export function drawCitizen(c: Citizens, i: number, draws: CitizenDraws, generation: number, age: number): void {
  const { scenario, keys, traits } = draws;
  const p = scenario.population;
  const g = generation;
  if (g > 0) for (const column of Object.keys(CITIZEN_COLUMNS) as (keyof Citizens)[]) if (!KEPT_BY_PLACE.has(column)) c[column][i] = 0;
  c.age[i] = age;
  c.arrivedOn[i] = g;
  c.conscientiousness[i] = traitByte(trait(traits[0], i, p.conscientiousness.mean, p.conscientiousness.spread, g));
  c.imprudence[i] = traitByte(trait(traits[1], i, p.imprudence.mean, p.imprudence.spread, g));
  c.sociability[i] = traitByte(trait(traits[2], i, p.sociability.mean, p.sociability.spread, g));
  c.conformity[i] = traitByte(trait(traits[3], i, p.conformity.mean, p.conformity.spread, g));
  c.hardship[i] = shareBits(trait(traits[4], i, p.hardship.mean, p.hardship.spread, g));
  c.riskAversion[i] = traitByte(trait(traits[5], i, p.riskAversion.mean, p.riskAversion.spread, g));
  c.legitimacy[i] = shareBits(trait(traits[6], i, scenario.life.speech.legitimacy, scenario.life.speech.legitimacySpread, g));
  c.payday[i] = below(keys.payday, i, g, 0, DAYS_A_MONTH);
  c.wage[i] = lognormal(keys.wage, i, g, 0, p.incomeMedian, p.incomeSigma);
  const employed = uniform(keys.job, i, g, 0) >= p.unemployment;
  c.savings[i] = c.wage[i] * lognormal(keys.savings, i, g, 0, p.savingsMonths, p.savingsSigma);
  c.occupation[i] = occupationOf(uniform(keys.occupation, i, g, 0), p.gatedOccupations, p.researchers);
  c.employer[i] = employed ? 0 : -1;
  c.arrearsSince[i] = -1;
  c.lastBan[i] = -1;
  c.shownUntil[i] = -1;
  c.slowUntil[i] = -1;
  const science = scenario.life.science;
  const funded = c.occupation[i] === Occupation.research && uniform(keys.grant, i, g, 0) < science.fundedShare;
  c.grantUntil[i] = funded ? g + below(keys.grant, i, g, 1, science.grantYears * DAYS_A_YEAR) : -1;
  c.detainedUntil[i] = -1;
  c.detainedOn[i] = -1;
  c.passport[i] = uniform(keys.passport, i, g, 0) < p.passportShare ? 1 : 0;
  c.loanRate[i] = scenario.life.money.loanInterest;
  c.caseDay[i] = -1;
  c.gaming[i] = uniform(keys.gamer, i, g, 0) < p.gamerShare ? lognormal(keys.gamer, i, g, 1, scenario.life.consumption.gamingHoursMedian, scenario.life.consumption.gamingHoursSigma) : 0;
  for (const risk of riskColumns(c)) risk[i] = shareBits(scenario.response.riskPrior);
  c.health[i] = shareBits(1);
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
  // the last cumulative weight is always the whole (255): it is not kept
  const tastes = sharedArray(Uint8Array, n * (PURCHASE_CATEGORIES.length - 1));
  const key = streamKey(seed, 'population.tastes');
  for (let i = 0; i < n; i++) drawTastes(tastes, i, scenario, key, 0);
  return tastes;
}

const TASTE_WEIGHTS = new Float64Array(PURCHASE_CATEGORIES.length);

/** Citizen i's purchase tastes: the category weights, each scaled by a keyed draw of this generation. */
export function drawTastes(tastes: Tastes, i: number, scenario: Scenario, key: number, generation: number): void {
  const m = PURCHASE_CATEGORIES.length;
  const spread = scenario.life.consumption.tasteSpread;
  const w = TASTE_WEIGHTS;
  let sum = 0;
  for (let j = 0; j < m; j++) sum += w[j] = scenario.life.consumption.categoryWeights[PURCHASE_CATEGORIES[j]] * Math.exp(spread * (uniform(key, i, generation, j) - 0.5) * 2);
  let acc = 0;
  for (let j = 0; j < m - 1; j++) {
    acc += w[j];
    tastes[i * (m - 1) + j] = sum > 0 ? Math.round((255 * acc) / sum) : 255;
  }
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
