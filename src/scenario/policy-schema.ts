import * as z from 'zod';
import { EVENT_TYPES, ATTEMPTS, SUBJECT_KINDS } from '../core/events.ts';
import { nonNegative, probability, term, points, id, MAX_POINTS, MAX_QUANTITY, MAX_TERM_DAYS } from './param.ts';

const U = '[U] assumption of this model; change it freely';
const eventType = z.enum(EVENT_TYPES);
const day = term();
const expression = z.string().min(1);

const rule = z.strictObject({
  id: id.optional().meta({ description: 'a name for the rule, shown in explanations' }),
  on: z.union([eventType, z.array(eventType).min(1)]).meta({ description: 'event type(s) the rule scores' }),
  when: expression.optional().meta({ description: 'a condition on `event.*` and `subject.*` (see docs/scenarios.md); the rule applies only when it holds' }),
  points: points().meta({ unit: 'points, or dimension units in [0, 1] for a dimension', description: 'added (negative: taken) each time the rule applies' }),
  dimension: id.optional().meta({ description: 'in a dimensions scorer: the dimension the points go to' }),
  capTier: z.string().optional().meta({ description: 'points scorers: after the rule, the score falls to at most the top of this tier' }),
  cooldownDays: day.optional().meta({ unit: 'days', description: 'the rule applies to a subject at most once in this many days' }),
  cap: z.number().positive().max(MAX_POINTS).optional().meta({ unit: 'points per year', description: 'most points (in absolute value) a subject can get from this rule in a year' }),
  from: day.optional().meta({ unit: 'day', description: 'the rule applies from this day on (a scheduled rule change)' }),
  until: day.optional().meta({ unit: 'day', description: 'the rule stops applying on this day' }),
});

const dimension = z.strictObject({
  id,
  label: z.string().optional(),
  weight: z.number().min(0).max(MAX_QUANTITY).meta({ unit: 'relative weight', description: 'the dimension’s weight in the score' }),
  baseline: z.number().min(0).max(1).default(0.5).meta({ unit: 'share of the dimension [0, 1]', description: 'where the dimension starts, and where it decays back to' }),
  value: expression.optional().meta({ description: 'computed from the subject’s state instead of from events: an expression clamped to [0, 1]' }),
  friends: id.optional().meta({ description: 'computed from relationships: the mean of friends’ scores with this scorer, as a share of its range' }),
  every: z.number().int().min(1).max(MAX_TERM_DAYS).default(30).meta({ unit: 'days', description: 'how often a computed dimension is recomputed' }),
});

const tier = z.strictObject({ name: z.string().min(1), min: points().meta({ unit: 'points', description: 'lowest score of the tier' }) });

export const scorer = z.strictObject({
  id,
  label: z.string().optional().meta({ description: 'the scorer in words, shown on citizens’ cards and in reports instead of its id' }),
  subjects: z.enum(SUBJECT_KINDS).default('citizens').meta({ description: 'who is scored: citizens or companies' }),
  aggregation: z
    .enum(['points', 'dimensions', 'ratings'])
    .default('points')
    .meta({ description: 'points: base plus points; dimensions: weighted dimensions mapped onto [min, max]; ratings: weighted mean of peer ratings' }),
  base: points().optional().meta({ unit: 'points', description: 'points: everyone starts here; ratings: the prior rating' }),
  min: points().meta({ unit: 'points', description: 'lowest possible score' }),
  max: points().meta({ unit: 'points', description: 'highest possible score' }),
  halfLifeDays: z.number().positive().max(MAX_QUANTITY).optional().meta({ unit: 'days', description: 'points and event dimensions decay back toward the base with this half-life' }),
  dimensions: z.array(dimension).default([]),
  rules: z.array(rule).default([]),
  tiers: z.array(tier).min(1).meta({ description: 'from highest to lowest; the lowest tier must start at or below min' }),
  cities: z.array(id).min(1).optional().meta({
    description: 'the cities (city.cities) the scorer runs in: it scores only citizens whose home district, or companies whose district, lies in one of them (a city pilot); default: every city',
  }),
  enrolment: probability(1, { unit: 'share of subjects', source: U, description: 'share of subjects the scorer scores (opt-in schemes score fewer)' }),
  selfSelection: nonNegative(4, {
    unit: 'logit of enrolling per unit of conscientiousness (integrity for companies)',
    source: 'opt-in scores draw those who expect to do well (Sesame perks for the high-scoring) [U: the size]',
    description: 'how much more those likely to score well opt in, where enrolment is below 1: 0 is a lottery',
  }),
  transparency: z.enum(['published', 'secret']).default('secret').meta({ description: 'whether citizens know the rules (the seed: "criteria unknown by the majority")' }),
  visibility: z.enum(['private', 'friends', 'public']).default('private').meta({
    description:
      'who sees a citizen’s score: only the scorer and those it sells to (the seed: "the own score is not shared with the rest of citizens"), friends, or everyone (Nosedive); only a visible score can be pruned on or rated on',
  }),
  priorWeight: nonNegative(5, { unit: 'ratings', source: U, description: 'ratings: weight of the prior rating (base)' }),
  raterWeightExponent: nonNegative(1, {
    unit: 'exponent',
    source: 'Black Mirror, "Nosedive": a high scorer’s rating counts more',
    description: 'ratings: a rating weighs (rater’s share of the range)^exponent',
  }),
});

const listEntry = z.union([eventType.transform((on) => ({ on, when: undefined as string | undefined })), z.strictObject({ on: eventType, when: expression.optional() })]);
const listExit = z.union([
  eventType.transform((on) => ({ on: on as (typeof EVENT_TYPES)[number] | undefined, afterDays: 0 })),
  z.strictObject({ on: eventType.optional(), afterDays: day.default(0).meta({ unit: 'days', description: 'exit this many days after the exit event, or after entry when there is no exit event' }) }),
]);

export const list = z.strictObject({
  id,
  label: z.string().optional().meta({ description: 'the list in words (who is on it), shown on citizens’ cards and in reports instead of its id' }),
  subjects: z.enum(SUBJECT_KINDS).default('citizens'),
  enter: listEntry.meta({ description: 'an observed event of this type (and condition) puts its subject on the list' }),
  exit: listExit.optional().meta({ description: 'how a subject leaves: an event, a delay after it, or a fixed term' }),
  restrictsRepresentative: z.boolean().default(true).meta({ description: 'company lists: gates treat the company’s legal representative as listed' }),
});

export const gate = z.strictObject({
  id,
  label: z.string().optional().meta({ description: 'what the gate grants, in words (e.g. "flights", "hotels without a deposit"), shown on citizens’ cards instead of its id' }),
  attempt: z.enum(ATTEMPTS).meta({ description: 'which attempts this gate decides' }),
  when: expression.optional().meta({ description: 'the gate applies only to attempts where this holds, e.g. subject.occupation in ["law", "journalism"]' }),
  notListed: id.optional().meta({ description: 'deny anyone on this list (or representing a company on it)' }),
  scorer: id.optional().meta({ description: 'the scorer whose tier the gate reads' }),
  atLeast: z.string().optional().meta({ description: 'deny anyone below this tier of the scorer' }),
  unscored: z.enum(['grant', 'deny']).default('grant').meta({ description: 'what the gate does for someone the scorer does not score (opt-in schemes)' }),
  from: day.optional().meta({ unit: 'day', description: 'the gate applies from this day on (a gate introduced during the run)' }),
  until: day.optional().meta({ unit: 'day', description: 'the gate stops applying on this day' }),
  effect: z.enum(['deny', 'priority']).default('deny').meta({
    description: 'deny: those who do not qualify are refused; priority: everyone is served, and those who qualify get the privilege (daysSaved, feeSaved) while the rest are served as usual',
  }),
  denialStress: nonNegative(0.05, { unit: 'stress units', source: U, description: 'stress from a denial' }),
  denialCost: nonNegative(0, { unit: 'CNY', source: U, description: 'money a denial costs (a lost fare, a pricier school)' }),
  deprivation: probability(0, { unit: 'share of wellbeing', source: U, description: 'wellbeing a denial takes away (denied leisure), fading as stress does' }),
  daysSaved: nonNegative(0, { unit: 'days', source: U, description: 'priority gates: the wait a privilege saves those who qualify' }),
  feeSaved: nonNegative(0, { unit: 'CNY', source: U, description: 'priority gates: the fee or deposit cost a privilege saves those who qualify' }),
});
