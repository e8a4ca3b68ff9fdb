import type { World } from '../world.ts';
import { Source } from '../core/tables.ts';
import { IS_DEPARTURE } from '../core/events.ts';
import type { CompiledScorer, CompiledRule } from '../policy/compile.ts';
import { RATING_RULE } from '../core/tables.ts';
import { rescore, type ScorerState } from '../policy/standing.ts';
import { updateStanding } from './periodic.ts';
import { applyListEvent, applyScheduledExits } from './lists.ts';
import { decideAppeals } from './appeals.ts';
import { forgetCitizen } from './forget.ts';
import { recordScoreChange } from './score-log.ts';
import { DAYS_A_YEAR } from '../core/calendar.ts';

/**
 * Judgment: first the day's bookkeeping (decay, computed dimensions, scheduled list exits); then
 * every observed event is scored by every scorer of its subject's kind whose rules name its type
 * and whose conditions hold, against the subject the system blamed (who may be innocent). Each
 * change is recorded with its rule, so a score can be explained line by line.
 */
export function judge(world: World): void {
  const { policy, standing } = world;
  updateStanding(world);
  applyScheduledExits(world);
  decideAppeals(world);
  const ev = world.events.cols;
  const ob = world.observations.cols;
  const count = world.events.length;
  const scratch = new Float64Array(Math.max(1, ...policy.scorers.map((s) => s.dimensions.length)));
  // columns and tables in locals: the loop visits every event of the day
  const { type: types, actor: actors } = ev;
  const { source: sources, seenAs, subject: subjects } = ob;
  const { scorersByType, listsByType } = policy;
  for (let e = 0; e < count; e++) {
    if (IS_DEPARTURE[types[e]]) {
      // the civil register knows every death and move, whatever the observers see
      forgetCitizen(world, e, actors[e]);
      continue;
    }
    if (sources[e] === Source.unseen) continue;
    const type = seenAs[e]; // what the system recorded, which a censor may have got wrong
    const subject = subjects[e];
    const scorers = scorersByType[type];
    for (let k = 0; k < scorers.length; k++) {
      const s = scorers[k];
      const sc = policy.scorers[s];
      const st = standing.scorers[s];
      if (st.enrolled !== null && !st.enrolled[subject]) continue;
      if (sc.aggregation === 'ratings') {
        applyRating(world, e, s, sc, st, subject, actors[e], ev.value[e], scratch);
        continue;
      }
      const rules = sc.rulesByType[type];
      for (let r = 0; r < rules.length; r++) applyRule(world, e, s, sc, st, rules[r], subject, scratch);
    }
    if (listsByType[type].length > 0) applyListEvent(world, e, type, subject);
  }
}

function applyRule(world: World, e: number, s: number, sc: CompiledScorer, st: ScorerState, rule: CompiledRule, subject: number, scratch: Float64Array) {
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
function applyRating(world: World, e: number, s: number, sc: CompiledScorer, st: ScorerState, ratee: number, rater: number, stars: number, scratch: Float64Array) {
  const share = (st.score[rater] - sc.min) / (sc.max - sc.min);
  const weight = Math.max(0, share) ** sc.raterWeightExponent;
  const before = st.score[ratee];
  (st.ratingWeight as Float32Array)[ratee] += weight;
  (st.ratingSum as Float32Array)[ratee] += weight * stars;
  rescore(sc, st, ratee, scratch);
  recordScoreChange(world, e, s, ratee, RATING_RULE, before, st.score[ratee]);
}
