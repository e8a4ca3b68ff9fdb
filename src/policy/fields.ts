import type { Scenario } from '../scenario/schema.ts';
import type { FieldSource } from './source.ts';
import type { SubjectKind } from '../core/events.ts';
import { OCCUPATIONS, type CITIZEN_COLUMNS, TRAITS, TRAIT, incomeOf } from '../population/citizens.ts';
import { SECTORS } from '../population/companies.ts';
import type { Field, Fields } from './expression.ts';
import { isCut } from '../population/graph.ts';
import { cityOfDistricts } from '../city/city.ts';

const number = { kind: 'number' } as const;
const boolean = { kind: 'boolean' } as const;
const enumOf = (values: readonly string[]) => ({ kind: 'enum', values }) as const;

/** Citizen columns a policy may read, with what they mean. */
const CITIZEN_NUMBERS: Partial<Record<keyof typeof CITIZEN_COLUMNS, string>> = {
  age: 'years',
  children: 'school-age children',
  wage: 'CNY per month when employed',
  savings: 'CNY',
  arrears: 'CNY overdue',
  loanBalance: 'CNY owed on loans',
  gaming: 'usual daily hours of video games',
  stress: 'stress units',
  denials: 'gate denials so far',
};

/**
 * The fields a policy expression may read about an event and its subject (or about the subject
 * alone, for computed dimensions), each read from the source the policy is evaluated against.
 */
export function fieldsFor(kind: SubjectKind, scenario: Scenario, withEvent = true): Fields {
  const f: Fields = {};
  const add = (name: string, type: Field['type'], read: Field['read'], description: string) => (f[name] = { type, read, description });
  if (withEvent) {
    add('event.value', number, (w, e) => w.events.cols.value[e], 'amount in CNY, hours, stars, or 0');
    add('event.district', number, (w, e) => w.events.cols.district[e], 'district where it happened');
  }
  add('day', number, (w) => w.day, 'today, counted from 0');
  const cityOf = cityOfDistricts(scenario.city);
  const cities = enumOf(scenario.city.cities.map((c) => c.name));
  if (kind === 'citizens') {
    add('subject.city', cities, (w, _, i) => cityOf[w.pop.citizens.home[i]], 'the city of the home district (city.cities)');
    for (const [column, description] of Object.entries(CITIZEN_NUMBERS)) {
      add(`subject.${column}`, number, (w, _, i) => (w.pop.citizens[column as keyof typeof CITIZEN_COLUMNS] as ArrayLike<number>)[i], description);
    }
    add('subject.sex', enumOf(['male', 'female']), (w, _, i) => w.pop.citizens.sex[i], 'male or female');
    add('subject.group', enumOf(scenario.population.groups.map((g) => g.name)), (w, _, i) => w.pop.citizens.group[i], 'demographic group');
    add('subject.occupation', enumOf(OCCUPATIONS), (w, _, i) => w.pop.citizens.occupation[i], 'trade');
    for (const t of TRAITS) add(`subject.${t}`, number, (w, _, i) => w.pop.citizens[t][i] * TRAIT, 'trait in [0, 1]');
    add('subject.income', number, (w, _, i) => incomeOf(w.pop.citizens, i, scenario.life.money.benefitShare), 'CNY per month, now');
    add('subject.employed', boolean, (w, _, i) => (w.pop.citizens.employer[i] >= 0 ? 1 : 0), 'has a job');
    add('subject.friends', number, (w, _, i) => friendsOf(w, i), 'number of friends (ties not cut)');
  } else {
    add('subject.employees', number, (w, _, k) => w.pop.companies.employees[k], 'employees');
    add('subject.sector', enumOf(SECTORS), (w, _, k) => w.pop.companies.sector[k], 'sector');
    add('subject.city', cities, (w, _, k) => cityOf[w.pop.companies.district[k]], 'the city of the company’s district (city.cities)');
  }
  scenario.scorers.forEach((s, index) => {
    if (s.subjects === kind) add(`subject.scores.${s.id}`, number, (w, _, i) => w.standing.scores[index][i], `score with ${s.id}`);
  });
  scenario.lists.forEach((l, index) => {
    if (l.subjects === kind) add(`subject.listed.${l.id}`, boolean, (w, _, i) => w.standing.listed[index][i], `on ${l.id}`);
  });
  return f;
}

function friendsOf(world: FieldSource, i: number): number {
  const g = world.pop.graph;
  let n = 0;
  for (let k = g.offsets[i]; k < g.offsets[i + 1]; k++) if (!isCut(g, k)) n++;
  return n;
}
