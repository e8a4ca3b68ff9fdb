import type { World, JudgeWorld, SpanTask } from '../world.ts';
import type { Columns } from '../core/columns.ts';
import { createBuffer, appendMerged, rowsOf, type Rows } from '../core/buffer.ts';
import { Source, SCORE_CHANGE_COLUMNS, LIST_CHANGE_COLUMNS, type EVENT_COLUMNS, type OBSERVATION_COLUMNS } from '../core/tables.ts';
import { IS_DEPARTURE, BY_COMPANY } from '../core/events.ts';
import { shareOfSpan } from '../core/blocks.ts';
import type { Standing } from '../policy/standing.ts';
import type { CompiledScorer, CompiledRule } from '../policy/compile.ts';
import { RATING_RULE } from '../core/tables.ts';
import { rescore, type ScorerState } from '../policy/standing.ts';
import { updateStanding } from './periodic.ts';
import { applyListEvent, applyScheduledExits, countRepresentative } from './lists.ts';
import { decideAppeals } from './appeals.ts';
import { forgetCitizen } from './forget.ts';
import { recordScoreChange } from './score-log.ts';
import { DAYS_A_YEAR } from '../core/calendar.ts';

/**
 * Judgment: first the day's bookkeeping (decay, computed dimensions, scheduled list exits); then
 * every observed event is scored by every scorer of its subject's kind whose rules name its type
 * and whose conditions hold, against the subject the system blamed (who may be innocent). Each
 * change is recorded with its rule, so a score can be explained line by line.
 *
 * The events are judged span by span on every thread (JUDGE): each span judges the events whose
 * subject is its own (citizens of the span, companies of its share), in event order, and the rows
 * are merged in event order. A subject's standing and what conditions read of it change only with
 * its own events, so each is judged as one thread going through the events would judge it. Ratings
 * weigh each star by the rater's own score, which another span may be changing: a policy with a
 * scorer of ratings is judged as one span here.
 */
export function judge(world: World): void {
  const { policy, standing } = world;
  updateStanding(world);
  applyScheduledExits(world);
  decideAppeals(world);
  // the counts of listed companies a citizen represents cross spans: kept from the merged list changes below
  const input: Judging = {
    events: world.events.cols,
    observations: world.observations.cols,
    count: world.events.length,
    standing: { ...standing, representsListed: standing.representsListed.map(() => null) },
  };
  const spans = policy.scorers.some((s) => s.aggregation === 'ratings') ? [JUDGE.run(world, 0, world.pop.n, input)] : world.overCitizens(JUDGE, input);
  const listedFrom = world.listChanges.length;
  appendMerged(
    world.scoreChanges,
    spans.map((s) => s.scores),
    'event',
  );
  appendMerged(
    world.listChanges,
    spans.map((s) => s.lists),
    'event',
  );
  const lc = world.listChanges.cols;
  for (let j = listedFrom; j < world.listChanges.length; j++) countRepresentative(world, lc.list[j], lc.subject[j], lc.entered[j]);
}

interface Judging {
  events: Columns<typeof EVENT_COLUMNS>;
  observations: Columns<typeof OBSERVATION_COLUMNS>;
  count: number;
  /** the world's standing, without the counts of listed companies a citizen represents (kept by the main thread) */
  standing: Standing;
}

/** A span's judgment: its rows of the day's score and list changes, in event order. */
interface Judged {
  scores: Rows<typeof SCORE_CHANGE_COLUMNS>;
  lists: Rows<typeof LIST_CHANGE_COLUMNS>;
}

export const JUDGE: SpanTask<Judging, Judged> = {
  name: 'judge.events',
  run(world, from, to, { events, observations, count, standing }) {
    const { policy, pop } = world;
    const [companyFrom, companyTo] = shareOfSpan(pop.companies.sector.length, pop.n, from, to);
    const span: JudgeWorld = {
      day: world.day,
      policy,
      standing,
      pop,
      events: { cols: events },
      scoreChanges: createBuffer(SCORE_CHANGE_COLUMNS, 1 << 14),
      listChanges: createBuffer(LIST_CHANGE_COLUMNS, 256),
    };
    const scratch = new Float64Array(Math.max(1, ...policy.scorers.map((s) => s.dimensions.length)));
    // columns and tables in locals: the loop visits every event of the day
    const { type: types, actor: actors, value: values } = events;
    const { source: sources, seenAs, subject: subjects } = observations;
    const { scorersByType, listsByType } = policy;
    for (let e = 0; e < count; e++) {
      if (IS_DEPARTURE[types[e]]) {
        // the civil register knows every death and move, whatever the observers see
        const i = actors[e];
        if (i >= from && i < to) forgetCitizen(span, e, i);
        continue;
      }
      if (sources[e] === Source.unseen) continue;
      const type = seenAs[e]; // what the system recorded, which a censor may have got wrong
      const subject = subjects[e];
      if (BY_COMPANY[type] ? subject < companyFrom || subject >= companyTo : subject < from || subject >= to) continue;
      const scorers = scorersByType[type];
      for (let k = 0; k < scorers.length; k++) {
        const s = scorers[k];
        const sc = policy.scorers[s];
        const st = standing.scorers[s];
        if (st.enrolled !== null && !st.enrolled[subject]) continue;
        if (sc.aggregation === 'ratings') {
          applyRating(span, e, s, sc, st, subject, actors[e], values[e], scratch);
          continue;
        }
        const rules = sc.rulesByType[type];
        for (let r = 0; r < rules.length; r++) applyRule(span, e, s, sc, st, rules[r], subject, scratch);
      }
      if (listsByType[type].length > 0) applyListEvent(span, e, type, subject);
    }
    return { scores: rowsOf(span.scoreChanges), lists: rowsOf(span.listChanges) };
  },
};

function applyRule(world: JudgeWorld, e: number, s: number, sc: CompiledScorer, st: ScorerState, rule: CompiledRule, subject: number, scratch: Float64Array) {
  const day = world.day;
  if (day < rule.from || day >= rule.until) return;
  if (rule.when !== null && !rule.when(world, e, subject)) return;
  const last = st.lastApplied[rule.index];
  if (last !== null && last[subject] >= 0 && day - last[subject] < rule.cooldownDays) return;
  let points = rule.points;
  const used = st.capUsed[rule.index];
  if (used !== null) {
    const years = st.capYear as Uint16Array;
    const year = (day / DAYS_A_YEAR) | 0;
    if (years[subject] !== year) {
      // a new year for this subject: every capped rule starts afresh
      years[subject] = year;
      for (const u of st.capUsed) if (u !== null) u[subject] = 0;
    }
    const room = rule.yearlyCap - used[subject];
    if (room <= 0) return;
    if (Math.abs(points) > room) points = Math.sign(points) * room;
    used[subject] += Math.abs(points);
  }
  const before = st.score[subject];
  if (sc.aggregation === 'dimensions') {
    const dim = st.dims[rule.dimension];
    dim[subject] = Math.min(1, Math.max(0, dim[subject] + points));
    rescore(sc, st, subject, scratch);
  } else {
    let after = Math.min(sc.max, Math.max(sc.min, before + points));
    if (after > rule.cap) after = rule.cap;
    st.score[subject] = after;
    rescore(sc, st, subject, scratch);
  }
  if (last !== null) last[subject] = day;
  recordScoreChange(world, e, s, subject, rule.index, before, st.score[subject]);
}

/** A peer rating: stars weighted by the rater's own standing with this scorer. */
function applyRating(world: JudgeWorld, e: number, s: number, sc: CompiledScorer, st: ScorerState, ratee: number, rater: number, stars: number, scratch: Float64Array) {
  const share = (st.score[rater] - sc.min) / (sc.max - sc.min);
  const weight = Math.max(0, share) ** sc.raterWeightExponent;
  const before = st.score[ratee];
  (st.ratingWeight as Float32Array)[ratee] += weight;
  (st.ratingSum as Float32Array)[ratee] += weight * stars;
  rescore(sc, st, ratee, scratch);
  recordScoreChange(world, e, s, ratee, RATING_RULE, before, st.score[ratee]);
}
