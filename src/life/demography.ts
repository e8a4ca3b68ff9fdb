import type { World } from '../world.ts';
import type { Scenario } from '../scenario/schema.ts';
import { EventType } from '../core/events.ts';
import { DAYS_A_YEAR, OLDEST } from '../core/calendar.ts';
import { streamKey, uniform, below } from '../core/random.ts';
import { SHARE } from '../population/citizens.ts';
import { citizenDraws, drawCitizen, drawTastes, type CitizenDraws } from '../population/create.ts';
import { emit } from './emit.ts';
import { leaveEmployer, hire } from './jobs.ts';

type Demography = Scenario['life']['demography'];

/**
 * Deaths per year at an age: a Gompertz-Makeham law (a constant plus a term doubling every ~7
 * years of age), higher for men, raised by ill health as stress wears it down.
 */
export function mortality(d: Demography, age: number, female: boolean, health: number): number {
  if (age >= OLDEST) return Infinity;
  const gompertz = d.mortalityAt60 * Math.exp(d.mortalitySlope * (age - 60)) * (female ? 1 : d.menMortality);
  return (d.mortalityBase + gompertz) * (1 + d.illHealthMortality * (1 - health));
}

/** Tries at finding a parent (of a child coming of age, or of a newborn) among random places. */
const PARENT_TRIES = 64;

/**
 * The population lives on, on the first day of each year and at the edges of each day:
 * - on 1 January everyone is a year older, children are born to households of the younger parenting
 *   ages (the crude birth rate over adults and children), and the register plans the year: who dies
 *   (by age, sex and health) and who moves away, each on a day of the year;
 * - at the end of a day those due leave the run (`died`, `moved_away`): the judge forgets their
 *   scores and takes them off every list (judge/index.ts);
 * - at the start of the next day their place is taken by an entrant with no history: for the dead,
 *   a young adult coming of age out of a household with children (one schooled worse, after a
 *   private school denied the parents, earns less all life); for those who moved, a migrant.
 * The population's size, its groups and sexes stay as drawn (an entrant keeps the place's group, sex
 * and home district); ages, traits, money and every history are the entrant's own.
 */
export function arrive(world: World): void {
  const { day, pop } = world;
  const reg = pop.register;
  if (reg.filled < reg.next) {
    const draws = citizenDraws(world.scenario, world.seed);
    const kTaste = streamKey(world.seed, 'population.tastes');
    while (reg.filled < reg.next && reg.day[reg.filled] < day) {
      enter(world, draws, kTaste, reg.citizen[reg.filled], reg.died[reg.filled] === 1);
      reg.filled++;
    }
  }
  if (day % DAYS_A_YEAR === 0 && reg.year !== day / DAYS_A_YEAR) {
    if (day > 0) {
      const age = pop.citizens.age;
      for (let i = 0; i < pop.n; i++) if (age[i] < OLDEST) age[i]++;
    }
    bear(world);
    plan(world);
  }
}

/** The end of the day: those due leave the run. */
export function depart(world: World): void {
  const { day, pop } = world;
  const reg = pop.register;
  const c = pop.citizens;
  while (reg.next < reg.length && reg.day[reg.next] <= day) {
    const i = reg.citizen[reg.next];
    leaveEmployer(world, i);
    emit(world, reg.died[reg.next] ? EventType.died : EventType.moved_away, i, c.home[i], c.age[i]);
    reg.next++;
  }
}

function plan(world: World): void {
  const { pop, scenario } = world;
  const d = scenario.life.demography;
  const c = pop.citizens;
  const reg = pop.register;
  const year = world.day / DAYS_A_YEAR;
  const key = streamKey(world.seed, 'life.demography.plan');
  const moveAway = d.moveAwayPerYear;
  const perDay = new Int32Array(DAYS_A_YEAR + 1);
  const dayOf = new Int16Array(pop.n).fill(-1);
  const died = new Uint8Array(pop.n);
  let count = 0;
  for (let i = 0; i < pop.n; i++) {
    const dies = 1 - Math.exp(-mortality(d, c.age[i], c.sex[i] === 1, c.health[i] * SHARE));
    const u = uniform(key, i, year, 0);
    if (u >= dies + (1 - dies) * moveAway) continue;
    dayOf[i] = below(key, i, year, 1, DAYS_A_YEAR);
    died[i] = u < dies ? 1 : 0;
    perDay[dayOf[i] + 1]++;
    count++;
  }
  for (let t = 0; t < DAYS_A_YEAR; t++) perDay[t + 1] += perDay[t];
  reg.year = year;
  reg.day = new Int32Array(count);
  reg.citizen = new Int32Array(count);
  reg.died = new Uint8Array(count);
  reg.length = count;
  reg.next = reg.filled = 0;
  for (let i = 0; i < pop.n; i++) {
    if (dayOf[i] < 0) continue;
    const k = perDay[dayOf[i]]++;
    reg.day[k] = world.day + dayOf[i];
    reg.citizen[k] = i;
    reg.died[k] = died[i];
  }
}

/** The year's births: each to a random adult of the younger parenting ages, in the household's count of children. */
function bear(world: World): void {
  const { pop, scenario } = world;
  const c = pop.citizens;
  const [youngest] = scenario.population.parentAges;
  const year = world.day / DAYS_A_YEAR;
  const key = streamKey(world.seed, 'life.demography.births');
  let persons = pop.n;
  for (let i = 0; i < pop.n; i++) persons += c.children[i];
  const expected = scenario.life.demography.birthRate * persons;
  const births = Math.floor(expected) + (uniform(key, 0, year, 0) < expected % 1 ? 1 : 0);
  for (let b = 0; b < births; b++) {
    for (let t = 0; t < PARENT_TRIES; t++) {
      const i = below(key, b + 1, year, t, pop.n);
      if (c.age[i] < youngest || c.age[i] > youngest + 18 || c.children[i] === 255) continue;
      c.children[i]++;
      emit(world, EventType.born, i, c.home[i], 0);
      break;
    }
  }
}

/** A new occupant of place i: a young adult out of a household's children when the place was a death's, else a migrant. */
function enter(world: World, draws: CitizenDraws, kTaste: number, i: number, comingOfAge: boolean): void {
  const { pop, scenario, day } = world;
  const c = pop.citizens;
  const d = scenario.life.demography;
  const key = streamKey(world.seed, 'life.demography.entry');
  let worseSchool = 0;
  if (comingOfAge) {
    for (let t = 0; t < PARENT_TRIES; t++) {
      const parent = below(key, i, day, t, pop.n);
      if (parent === i || c.children[parent] === 0) continue;
      if (c.childrenDenied[parent] > 0 && uniform(key, i, day, PARENT_TRIES + 1) * c.children[parent] < c.childrenDenied[parent]) {
        c.childrenDenied[parent]--;
        worseSchool = 1;
      }
      c.children[parent]--;
      break;
    }
  }
  const [from, to] = d.migrantAges;
  const age = comingOfAge ? scenario.population.minAge : Math.min(from, to) + below(key, i, day, PARENT_TRIES, Math.abs(to - from) + 1);
  drawCitizen(c, i, draws, day, age);
  drawTastes(pop.tastes, i, scenario, kTaste, day);
  c.worseSchool[i] = worseSchool;
  if (worseSchool) c.wage[i] *= 1 - d.worseSchoolWage;
  if (c.employer[i] === 0) {
    c.employer[i] = -1;
    hire(world, i, uniform(key, i, day, PARENT_TRIES + 2));
  }
  emit(world, comingOfAge ? EventType.came_of_age : EventType.moved_in, i, c.home[i], worseSchool);
}
