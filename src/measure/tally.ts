import type { World, SpanWorld, SpanTask } from '../world.ts';
import type { Columns } from '../core/columns.ts';
import { newClaims, forEachClaimed, ROW_CHUNK } from '../core/blocks.ts';
import { mergeSorted } from '../core/sort.ts';
import { EVENT_TYPE_COUNT, JOB_LOSS_CAUSES, JobLoss, BY_COMPANY, IS_CRIME, IS_PURCHASE } from '../core/events.ts';
import { facePayKey, paysByFace } from '../life/payments.ts';
import { BUYERS, Buyer, coverageOf } from '../consequence/broker.ts';
import { DAYS_A_MONTH } from '../core/calendar.ts';
import { type EVENT_COLUMNS, type OBSERVATION_COLUMNS, type SCORE_CHANGE_COLUMNS, SOURCES, Source, Offer, APPEAL_RULE, TieCut, WRONGFUL_CAUSES, WRONGFUL_CAUSE_OF_SOURCE } from '../core/tables.ts';
import { EventType } from '../core/events.ts';
import { forEachRelative } from '../population/citizens.ts';

/** Today's counts, from one pass over each of the day's tables. List stocks carry over days. */
export interface Tally {
  acts: Float64Array;
  seen: Float64Array;
  searched: number;
  trueMatches: number;
  wrongfulMatches: number;
  missed: number;
  searchedByGroup: Float64Array;
  wrongfulByGroup: Float64Array;
  penalties: number;
  rewards: number;
  wrongfulPenalties: number;
  wrongfulPenaltiesByGroup: Float64Array;
  /** wrongful penalties by cause (WRONGFUL_CAUSES), then by cause and group (cause * groups + group) */
  wrongfulByCause: Float64Array;
  wrongfulByCauseGroup: Float64Array;
  listIn: Float64Array;
  listOut: Float64Array;
  listStock: Float64Array;
  gateAttempts: Float64Array;
  gateDenied: Float64Array;
  gatePrivileged: Float64Array;
  daysSaved: number;
  feesSaved: number;
  attemptsByGroup: Float64Array;
  deniedByGroup: Float64Array;
  penaltiesByGroup: Float64Array;
  /** acts some citizens' scorer penalises, by the actor's group, and those the system pinned on the actor */
  offencesByGroup: Float64Array;
  caughtByGroup: Float64Array;
  /** 1 for event types that count as offences */
  penalised: Uint8Array;
  displays: number;
  displaysWrongful: number;
  tiesCut: number;
  tiesPruned: number;
  appealsFiled: number;
  appealsUpheld: number;
  appealsUpheldWrongful: number;
  pointsRestored: number;
  /** records sold today, by buyer (BUYERS) */
  recordsSold: Float64Array;
  /** offers the marketer made today, by kind (Offer: loan, product) */
  offers: Float64Array;
  repaidUnderBans: number;
  /** jobs lost today, by cause (JOB_LOSS_CAUSES) */
  jobsLost: Float64Array;
  /** sick days today and the wage they cost, by group */
  sickByGroup: Float64Array;
  sickLostByGroup: Float64Array;
  /** crimes pinned today on their actor (cleared), suspects detained today, the innocent among them by group, and citizens held today */
  crimesCleared: number;
  /** purchases paid by face today: each a sighting the platform records */
  faceSightings: number;
  /** CNY lost today to face-payment spoofing and to stolen cards */
  faceFraudLoss: number;
  cardTheftLoss: number;
  /** score deductions for contrary findings: researchers penalised for what they published */
  contraryPenalised: number;
  detentions: number;
  /** the families of those detained today: the other adults of their households, and the household's children */
  relativesOfDetained: number;
  childrenOfDetained: number;
  wrongfulDetentionsByGroup: Float64Array;
  detainedToday: number;
  /** faces on a screen today */
  faceDays: number;
}

export function createTally(world: World): Tally {
  const groups = world.scenario.population.groups.length;
  const lists = world.policy.lists.length;
  const gates = world.policy.gates.length;
  return {
    acts: new Float64Array(EVENT_TYPE_COUNT),
    seen: new Float64Array(SOURCES.length),
    searched: 0,
    trueMatches: 0,
    wrongfulMatches: 0,
    missed: 0,
    searchedByGroup: new Float64Array(groups),
    wrongfulByGroup: new Float64Array(groups),
    penalties: 0,
    rewards: 0,
    wrongfulPenalties: 0,
    wrongfulPenaltiesByGroup: new Float64Array(groups),
    wrongfulByCause: new Float64Array(WRONGFUL_CAUSES.length),
    wrongfulByCauseGroup: new Float64Array(WRONGFUL_CAUSES.length * groups),
    listIn: new Float64Array(lists),
    listOut: new Float64Array(lists),
    listStock: new Float64Array(lists),
    gateAttempts: new Float64Array(gates),
    gateDenied: new Float64Array(gates),
    gatePrivileged: new Float64Array(gates),
    daysSaved: 0,
    feesSaved: 0,
    attemptsByGroup: new Float64Array(groups),
    deniedByGroup: new Float64Array(groups),
    penaltiesByGroup: new Float64Array(groups),
    offencesByGroup: new Float64Array(groups),
    caughtByGroup: new Float64Array(groups),
    penalised: offences(world),
    displays: 0,
    displaysWrongful: 0,
    tiesCut: 0,
    tiesPruned: 0,
    appealsFiled: 0,
    appealsUpheld: 0,
    appealsUpheldWrongful: 0,
    pointsRestored: 0,
    recordsSold: new Float64Array(BUYERS.length),
    offers: new Float64Array(3),
    repaidUnderBans: 0,
    jobsLost: new Float64Array(JOB_LOSS_CAUSES.length),
    sickByGroup: new Float64Array(groups),
    sickLostByGroup: new Float64Array(groups),
    faceDays: 0,
    crimesCleared: 0,
    contraryPenalised: 0,
    faceSightings: 0,
    faceFraudLoss: 0,
    cardTheftLoss: 0,
    detentions: 0,
    relativesOfDetained: 0,
    childrenOfDetained: 0,
    wrongfulDetentionsByGroup: new Float64Array(groups),
    detainedToday: 0,
  };
}

export function countDay(world: World, t: Tally): void {
  for (const a of [
    t.acts,
    t.seen,
    t.searchedByGroup,
    t.wrongfulByGroup,
    t.wrongfulPenaltiesByGroup,
    t.wrongfulByCause,
    t.wrongfulByCauseGroup,
    t.listIn,
    t.listOut,
    t.gateAttempts,
    t.gateDenied,
    t.gatePrivileged,
    t.attemptsByGroup,
    t.deniedByGroup,
    t.penaltiesByGroup,
    t.offencesByGroup,
    t.caughtByGroup,
    t.jobsLost,
    t.sickByGroup,
    t.wrongfulDetentionsByGroup,
    t.sickLostByGroup,
    t.recordsSold,
    t.offers,
  ])
    a.fill(0);
  // the single counts of the event pass (SCALARS) are set from its sums, not reset here
  t.displays = t.displaysWrongful = t.tiesCut = t.tiesPruned = t.appealsFiled = t.appealsUpheld = t.appealsUpheldWrongful = t.pointsRestored = 0;
  const c = world.pop.citizens;
  const group = c.group;
  const ev = world.events.cols;
  const ob = world.observations.cols;
  t.detentions = t.relativesOfDetained = t.childrenOfDetained = 0;
  const sales = world.scenario.broker.scorer !== undefined;
  const parts = world.overCitizens(EVENT_COUNTS, {
    events: ev,
    observations: ob,
    count: world.events.length,
    penalised: t.penalised,
    groups: world.scenario.population.groups.length,
    coverage: sales ? coverageOf(world) : null,
    changes: world.scoreChanges.cols,
    changed: world.scoreChanges.length,
    eventClaims: newClaims(),
    changeClaims: newClaims(),
  });
  for (const part of parts) {
    for (const name of KINDS) {
      const from = part.perKind[name],
        into = t[name];
      for (let k = 0; k < from.length; k++) into[k] += from[k];
    }
  }
  // the acts life counted without emitting them (nothing reads them as events)
  for (let type = 0; type < EVENT_TYPE_COUNT; type++) t.acts[type] += world.quietActs[type];
  const scalars = new Float64Array(SCALARS.length);
  for (const part of parts) for (let k = 0; k < scalars.length; k++) scalars[k] += part.scalars[k];
  SCALARS.forEach((name, k) => {
    t[name] = scalars[k];
  });
  // what depends on the order of events (who is already held, sums of money) is taken here, in event order
  const { type: types, actor: actors, value: values } = ev;
  const { detainedOn } = c;
  const day = world.day;
  let faceFraudLoss = 0,
    cardTheftLoss = 0;
  const heldToday = new Set<number>();
  for (const e of mergeSorted(parts.map((p) => p.ordered))) {
    const type = types[e];
    if (IS_CRIME[type]) {
      // the suspect is detained today unless already held (consequence/detention.ts sets detainedOn)
      const suspect = ob.subject[e];
      if (detainedOn[suspect] !== day || heldToday.has(suspect)) continue;
      heldToday.add(suspect);
      t.detentions++;
      if (suspect !== actors[e]) t.wrongfulDetentionsByGroup[group[suspect]]++;
      t.childrenOfDetained += c.children[suspect - c.householdRank[suspect]];
      forEachRelative(c, suspect, () => t.relativesOfDetained++);
    } else if (type === EventType.face_fraud) faceFraudLoss += values[e];
    else if (type === EventType.card_theft) cardTheftLoss += values[e];
    else t.sickLostByGroup[group[actors[e]]] += values[e];
  }
  t.faceFraudLoss = faceFraudLoss;
  t.cardTheftLoss = cardTheftLoss;

  const lc = world.listChanges.cols;
  for (let j = 0; j < world.listChanges.length; j++) {
    if (lc.entered[j]) t.listIn[lc.list[j]]++;
    else t.listOut[lc.list[j]]++;
  }
  for (let l = 0; l < t.listStock.length; l++) t.listStock[l] += t.listIn[l] - t.listOut[l];

  if (sales) countOffers(world, t);
  t.displays = world.displays.length;
  // today's stocks of faces on screens and suspects held were counted by EVENT_COUNTS, citizen by citizen
  if (!world.scenario.screens.enabled) t.faceDays = 0;
  for (let j = 0; j < world.displays.length; j++) t.displaysWrongful += ob.wrongful[world.displays.cols.event[j]];
  for (let j = 0; j < world.ties.length; j++) {
    if (world.ties.cols.reason[j] === TieCut.pruning) t.tiesPruned++;
    else t.tiesCut++;
  }
  t.appealsFiled = world.appeals.length;
  const ad = world.appealDecisions.cols;
  for (let j = 0; j < world.appealDecisions.length; j++) {
    if (!ad.upheld[j]) continue;
    t.appealsUpheld++;
    t.appealsUpheldWrongful += ad.wrongful[j];
    t.pointsRestored += ad.restored[j];
  }

  const dc = world.decisions.cols;
  const gates = world.policy.gates;
  t.daysSaved = t.feesSaved = 0;
  for (let j = 0; j < world.decisions.length; j++) {
    const g = group[ev.actor[dc.event[j]]];
    const gate = gates[dc.gate[j]];
    t.gateAttempts[gate.index]++;
    t.attemptsByGroup[g]++;
    if (dc.privileged[j]) {
      t.gatePrivileged[gate.index]++;
      t.daysSaved += gate.daysSaved;
      t.feesSaved += gate.feeSaved;
    }
    if (!dc.granted[j]) {
      t.gateDenied[gate.index]++;
      t.deniedByGroup[g]++;
      // barred in post: dismissed (by tomorrow's response)
      if (gate.attemptType === EventType.attempt_post) t.jobsLost[JobLoss.dismissed]++;
    }
  }
}

/** The marketer's offers of the month, made on its first day. */
function countOffers(world: World, t: Tally): void {
  if (world.day % DAYS_A_MONTH !== 0) return;
  const offer = world.pop.citizens.offer;
  for (let i = 0; i < world.pop.n; i++) t.offers[offer[i]]++;
  t.offers[Offer.none] = 0;
}

/** The counts of the event pass that are arrays (kept under the tally's names), and those that are single numbers. */
const KINDS = [
  'acts',
  'seen',
  'offencesByGroup',
  'caughtByGroup',
  'searchedByGroup',
  'wrongfulByGroup',
  'jobsLost',
  'sickByGroup',
  'recordsSold',
  'penaltiesByGroup',
  'wrongfulPenaltiesByGroup',
  'wrongfulByCause',
  'wrongfulByCauseGroup',
] as const;
type CountedKind = (typeof KINDS)[number];
const SCALARS = [
  'faceSightings',
  'crimesCleared',
  'repaidUnderBans',
  'searched',
  'missed',
  'wrongfulMatches',
  'trueMatches',
  'faceDays',
  'detainedToday',
  'rewards',
  'penalties',
  'contraryPenalised',
  'wrongfulPenalties',
] as const;

interface EventsToCount {
  events: Columns<typeof EVENT_COLUMNS>;
  observations: Columns<typeof OBSERVATION_COLUMNS>;
  count: number;
  penalised: Uint8Array;
  groups: number;
  /** by buyer, the citizens whose records it bought; null when there is no broker */
  coverage: Uint8Array[] | null;
  /** today's score changes, and how many */
  changes: Columns<typeof SCORE_CHANGE_COLUMNS>;
  changed: number;
  /** the next chunks of events and of score changes to count, shared by the threads */
  eventClaims: Int32Array;
  changeClaims: Int32Array;
}

interface EventCounts {
  perKind: Record<CountedKind, Float64Array>;
  /** SCALARS, in order */
  scalars: Float64Array;
  /** the events whose counting depends on the events before them (detentions) or that add up money, for the caller to take in order */
  ordered: Int32Array;
}

/**
 * Today's events and score changes counted a chunk at a time, by whichever thread is free
 * (forEachClaimed), and the stocks of the span's citizens (faces on screens, suspects held):
 * whole numbers only, so the counts add up to the same totals however the rows were shared out.
 * The events a thread sets aside for the caller come in increasing order (a thread claims chunks
 * in increasing order), and the caller merges them into event order.
 */
export const EVENT_COUNTS: SpanTask<EventsToCount, EventCounts> = {
  name: 'measure.event-counts',
  run(world, from, to, input) {
    const { count, groups, coverage, changes, changed, observations, eventClaims, changeClaims } = input;
    const c = world.pop.citizens;
    const perKind = {
      acts: new Float64Array(EVENT_TYPE_COUNT),
      seen: new Float64Array(SOURCES.length),
      offencesByGroup: new Float64Array(groups),
      caughtByGroup: new Float64Array(groups),
      searchedByGroup: new Float64Array(groups),
      wrongfulByGroup: new Float64Array(groups),
      jobsLost: new Float64Array(JOB_LOSS_CAUSES.length),
      sickByGroup: new Float64Array(groups),
      recordsSold: new Float64Array(BUYERS.length),
      penaltiesByGroup: new Float64Array(groups),
      wrongfulPenaltiesByGroup: new Float64Array(groups),
      wrongfulByCause: new Float64Array(WRONGFUL_CAUSES.length),
      wrongfulByCauseGroup: new Float64Array(WRONGFUL_CAUSES.length * groups),
    };
    const ordered: number[] = [];
    const counted = new Float64Array(EVENT_SCALARS);
    forEachClaimed(eventClaims, count, ROW_CHUNK, (first, end) => {
      countEvents(world, input, perKind, counted, ordered, first, end);
      if (coverage !== null) countSales(perKind.recordsSold, coverage, input.events.type, observations.source, observations.subject, first, end);
    });
    // the span's citizens: today's stocks of faces on screens and of suspects held
    const { shownUntil, detainedUntil } = c;
    const day = world.day;
    let faceDays = 0,
      held = 0;
    for (let i = from; i < to; i++) {
      if (shownUntil[i] >= day) faceDays++;
      if (detainedUntil[i] >= day) held++;
    }
    const judged = [0, 0, 0, 0];
    forEachClaimed(changeClaims, changed, ROW_CHUNK, (first, end) => {
      countJudged(perKind, changes, first, end, observations, world.policy.scoresCitizens, c.group, groups).forEach((v, k) => {
        judged[k] += v;
      });
    });
    return { perKind, scalars: Float64Array.of(...counted, faceDays, held, ...judged), ordered: Int32Array.from(ordered) };
  },
};

/** The counts countEvents keeps apart, in SCALARS' order: face sightings, crimes cleared, judgments repaid under bans, searches, missed, wrongful matches, true matches. */
const EVENT_SCALARS = 7;

/** Events [first, end) counted into `perKind` and `counted`; the ones the caller takes in order pushed on `ordered`. */
function countEvents(
  world: SpanWorld,
  { events, observations, penalised }: EventsToCount,
  perKind: EventCounts['perKind'],
  counted: Float64Array,
  ordered: number[],
  first: number,
  end: number,
): void {
  const c = world.pop.citizens;
  const group = c.group;
  const banPressureDays = world.scenario.life.money.banPressureDays;
  const facePay = world.scenario.life.facePay.adoption;
  const kFacePay = facePayKey(world.pop.seed);
  // columns and counts in locals: the loop visits every event of the chunk
  const { type: types, actor: actors, value: values } = events;
  const { source: sources, seenAs, wrongful, subject: subjects, searched } = observations;
  const { acts, seen, offencesByGroup, caughtByGroup, searchedByGroup, wrongfulByGroup, jobsLost, sickByGroup } = perKind;
  const { detainedOn, lastBan } = c;
  const day = world.day;
  let faceSightings = 0,
    crimesCleared = 0,
    repaidUnderBans = 0,
    searches = 0,
    missed = 0,
    wrongfulMatches = 0,
    trueMatches = 0;
  for (let e = first; e < end; e++) {
    const type = types[e];
    const actor = actors[e];
    const source = sources[e];
    acts[type]++;
    seen[source]++;
    if (penalised[type]) {
      const g = group[actor];
      offencesByGroup[g]++;
      // caught: recorded as what it was, and pinned on whoever did it
      if (source !== Source.unseen && seenAs[e] === type && !wrongful[e] && subjects[e] === actor) caughtByGroup[g]++;
    }
    if (IS_CRIME[type] && (source === Source.camera || source === Source.police)) {
      if (detainedOn[subjects[e]] === day) ordered.push(e);
      if (subjects[e] === actor) crimesCleared++;
    }
    if (type === EventType.face_fraud || type === EventType.card_theft) ordered.push(e);
    else if (type === EventType.job_lost) jobsLost[values[e]]++;
    else if (type === EventType.sick_day) {
      sickByGroup[group[actor]]++;
      ordered.push(e);
    } else if (type === EventType.judgment_repaid && lastBan[actor] >= 0 && day - lastBan[actor] <= banPressureDays) repaidUnderBans++;
    if (facePay > 0 && IS_PURCHASE[type] && paysByFace(kFacePay, facePay, actor)) faceSightings++;
    if (!searched[e]) continue;
    const g = group[actor];
    searches++;
    searchedByGroup[g]++;
    // a face the search missed may still be reported by a neighbour: the search missed it all the same
    if (source !== Source.camera) missed++;
    else if (wrongful[e]) {
      wrongfulMatches++;
      wrongfulByGroup[g]++;
    } else trueMatches++;
  }
  counted[0] += faceSightings;
  counted[1] += crimesCleared;
  counted[2] += repaidUnderBans;
  counted[3] += searches;
  counted[4] += missed;
  counted[5] += wrongfulMatches;
  counted[6] += trueMatches;
}

/** The rewards and penalties of citizens among score changes [first, end), by group and (wrongful ones) by cause, into `perKind`: [rewards, penalties, contrary findings penalised, wrongful penalties]. */
function countJudged(
  perKind: Pick<EventCounts['perKind'], 'penaltiesByGroup' | 'wrongfulPenaltiesByGroup' | 'wrongfulByCause' | 'wrongfulByCauseGroup'>,
  sc: Columns<typeof SCORE_CHANGE_COLUMNS>,
  first: number,
  end: number,
  ob: Columns<typeof OBSERVATION_COLUMNS>,
  scoresCitizens: Uint8Array,
  group: Uint8Array,
  groups: number,
): number[] {
  const { penaltiesByGroup, wrongfulPenaltiesByGroup, wrongfulByCause, wrongfulByCauseGroup } = perKind;
  let rewards = 0,
    penalties = 0,
    contrary = 0,
    wrongful = 0;
  for (let j = first; j < end; j++) {
    if (!scoresCitizens[sc.scorer[j]] || sc.rule[j] === APPEAL_RULE) continue;
    if (sc.delta[j] > 0) {
      rewards++;
      continue;
    }
    penalties++;
    const e = sc.event[j];
    const g = group[sc.subject[j]];
    if (ob.seenAs[e] === EventType.contrary_finding) contrary++;
    penaltiesByGroup[g]++;
    if (!ob.wrongful[e]) continue;
    const cause = WRONGFUL_CAUSE_OF_SOURCE[ob.source[e]];
    wrongful++;
    wrongfulPenaltiesByGroup[g]++;
    if (cause >= 0) {
      wrongfulByCause[cause]++;
      wrongfulByCauseGroup[cause * groups + g]++;
    }
  }
  return [rewards, penalties, contrary, wrongful];
}

/** The records of citizens' observed acts each buyer bought, over events [first, end), added into `into`: the three buyers in one pass. */
function countSales(into: Float64Array, coverage: Uint8Array[], type: Uint8Array, source: Uint8Array, subject: Uint32Array, first: number, end: number): void {
  const lender = coverage[Buyer.lender],
    insurer = coverage[Buyer.insurer],
    marketer = coverage[Buyer.marketer];
  let toLender = 0,
    toInsurer = 0,
    toMarketer = 0;
  for (let e = first; e < end; e++) {
    if (source[e] === Source.unseen || BY_COMPANY[type[e]]) continue;
    const s = subject[e];
    toLender += lender[s];
    toInsurer += insurer[s];
    toMarketer += marketer[s];
  }
  into[Buyer.lender] += toLender;
  into[Buyer.insurer] += toInsurer;
  into[Buyer.marketer] += toMarketer;
}

/** Event types some scorer of citizens penalises: the acts the system means to catch. */
function offences(world: World): Uint8Array {
  const table = new Uint8Array(EVENT_TYPE_COUNT);
  for (const s of world.policy.scorers) {
    if (s.kind !== 'citizens') continue;
    s.rulesByType.forEach((rules, type) => {
      if (rules.some((r) => r.points < 0)) table[type] = 1;
    });
  }
  return table;
}

/** The acts the shells count as traffic violations. */
export const TRAFFIC_VIOLATIONS: readonly number[] = [EventType.jaywalking, EventType.red_light, EventType.drunk_driving];

/** Today's traffic violations (jaywalking, red lights, drunk driving): the `traffic_violations` metric, and the live view's. */
export function trafficViolations(t: Tally): number {
  let n = 0;
  for (const type of TRAFFIC_VIOLATIONS) n += t.acts[type];
  return n;
}

/** Today's denials over all gates: the `gates.denied` metric, and the live view's. */
export function gateDenials(t: Tally): number {
  let n = 0;
  for (const d of t.gateDenied) n += d;
  return n;
}
