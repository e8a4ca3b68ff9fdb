import type { World, SpanTask } from '../world.ts';
import { forEachBlock, blockRows, addBlocks } from '../core/blocks.ts';
import { facePayKey, paysByFace } from '../life/payments.ts';
import { incomeOf, Occupation } from '../population/citizens.ts';
import { gini } from './stats.ts';
import { sortFloat32, mergeSorted } from '../core/sort.ts';

/**
 * What the distribution metrics read of the population, taken in one pass over the citizens on
 * every thread: counts and sums per group, list and trait, and the incomes sorted for the Gini.
 */
export interface PopulationCounts {
  /** by group */
  citizens: Float64Array;
  /** sum of health (16-bit fractions) by group */
  health: Float64Array;
  /** on a screen today, by group */
  shown: Float64Array;
  /** on citizen list l, by group: l * groups + group (lists of companies count nothing) */
  listed: Float64Array;
  facePayers: number;
  researchers: number;
  funded: number;
  passports: number;
  childrenDenied: number;
  children: number;
  ageSum: number;
  over60: number;
  entrants: number;
  worseSchooled: number;
  /** income of the entrants schooled normally and of the worse-schooled, and their numbers */
  entrantIncome: [number, number];
  entrantCount: [number, number];
  inArrears: number;
  unemployed: number;
  incomeGini: number;
}

interface Layout {
  groups: number;
  /** the lists of citizens, by index into the policy's lists */
  lists: number[];
  width: number;
}

/** Where each quantity sits in a block's row of sums. */
const At = {
  facePayers: 0,
  researchers: 1,
  funded: 2,
  passports: 3,
  childrenDenied: 4,
  children: 5,
  ageSum: 6,
  over60: 7,
  entrants: 8,
  worseSchooled: 9,
  entrantIncome: 10,
  entrantCount: 12,
  inArrears: 14,
  unemployed: 15,
  groups: 16,
} as const;

function layoutOf(world: Pick<World, 'scenario' | 'policy'>): Layout {
  const groups = world.scenario.population.groups.length;
  const lists = world.policy.lists.flatMap((l, k) => (l.kind === 'citizens' ? [k] : []));
  return { groups, lists, width: At.groups + groups * (3 + lists.length) };
}

interface PassOutput {
  sums: Float64Array;
  /** the span's incomes, sorted */
  incomes: Float32Array;
}

export const POPULATION_PASS: SpanTask<undefined, PassOutput> = {
  name: 'measure.population',
  run(world, from, to) {
    const { groups, lists, width } = layoutOf(world);
    const c = world.pop.citizens;
    const day = world.day;
    const { group, health, shownUntil, occupation, employer, grantUntil, passport, childrenDenied, children, age, arrivedOn, worseSchool, arrears } = c;
    const listed = lists.map((l) => world.standing.listed[l]);
    const adoption = world.scenario.life.facePay.adoption;
    const kFacePay = facePayKey(world.pop.seed);
    const benefit = world.scenario.life.money.benefitShare;
    const sums = blockRows(from, to, width);
    const incomes = new Float32Array(to - from);
    forEachBlock(from, to, (start, end, b) => {
      const o = b * width;
      const byGroup = o + At.groups;
      for (let i = start; i < end; i++) {
        const g = group[i];
        sums[byGroup + g]++;
        sums[byGroup + groups + g] += health[i];
        if (shownUntil[i] >= day) sums[byGroup + 2 * groups + g]++;
        for (let l = 0; l < listed.length; l++) if (listed[l][i] === 1) sums[byGroup + (3 + l) * groups + g]++;
        if (paysByFace(kFacePay, adoption, i)) sums[o + At.facePayers]++;
        if (occupation[i] === Occupation.research && employer[i] >= 0) {
          sums[o + At.researchers]++;
          if (grantUntil[i] >= day) sums[o + At.funded]++;
        }
        if (passport[i] > 0) sums[o + At.passports]++;
        sums[o + At.childrenDenied] += childrenDenied[i];
        sums[o + At.children] += children[i];
        sums[o + At.ageSum] += age[i];
        if (age[i] >= 60) sums[o + At.over60]++;
        const income = incomeOf(c, i, benefit);
        incomes[i - from] = income;
        if (arrivedOn[i] > 0) {
          sums[o + At.entrants]++;
          sums[o + At.entrantIncome + worseSchool[i]] += income;
          sums[o + At.entrantCount + worseSchool[i]]++;
        }
        if (worseSchool[i] === 1) sums[o + At.worseSchooled]++;
        if (arrears[i] > 0) sums[o + At.inArrears]++;
        if (employer[i] < 0) sums[o + At.unemployed]++;
      }
    });
    return { sums, incomes: sortFloat32(incomes) };
  },
};

/** The population's counts today, from one pass on every thread; the spans' sorted incomes merged for an exact Gini. */
export function countPopulation(world: World): PopulationCounts {
  const { groups, lists, width } = layoutOf(world);
  const parts = world.overCitizens(POPULATION_PASS, undefined);
  const t = addBlocks(
    parts.map((p) => p.sums),
    width,
  );
  const byGroup = (k: number) => t.slice(At.groups + k * groups, At.groups + (k + 1) * groups);
  const listed = new Float64Array(world.policy.lists.length * groups);
  lists.forEach((l, k) => listed.set(byGroup(3 + k), l * groups));
  return {
    citizens: byGroup(0),
    health: byGroup(1),
    shown: byGroup(2),
    listed,
    facePayers: t[At.facePayers],
    researchers: t[At.researchers],
    funded: t[At.funded],
    passports: t[At.passports],
    childrenDenied: t[At.childrenDenied],
    children: t[At.children],
    ageSum: t[At.ageSum],
    over60: t[At.over60],
    entrants: t[At.entrants],
    worseSchooled: t[At.worseSchooled],
    entrantIncome: [t[At.entrantIncome], t[At.entrantIncome + 1]],
    entrantCount: [t[At.entrantCount], t[At.entrantCount + 1]],
    inArrears: t[At.inArrears],
    unemployed: t[At.unemployed],
    incomeGini: gini(mergeSorted(parts.map((p) => p.incomes)), true),
  };
}
