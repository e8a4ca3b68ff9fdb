import type { World } from '../engine/world.ts';
import { reserve } from '../engine/buffer.ts';
import { Source } from '../engine/tables.ts';
import { tierOf } from './compile.ts';

/**
 * Judgment: every observed event is scored by every scorer whose rules name its type, against
 * the subject the system blamed (who may be innocent). Each change is recorded with its rule,
 * so a score can be explained line by line. Lists take subjects on and off by event type.
 */
export function judge(world: World): void {
  const { policy, standing } = world;
  const ev = world.events.cols;
  const ob = world.observations.cols;
  const count = world.events.length;
  const scorers = policy.scorers;
  const lists = policy.lists;
  for (let e = 0; e < count; e++) {
    if (ob.source[e] === Source.unseen) continue;
    const type = ev.type[e];
    const subject = ob.subject[e];
    for (let s = 0; s < scorers.length; s++) {
      const sc = scorers[s];
      const rule = sc.rule[type];
      if (rule < 0) continue;
      const scores = standing.scores[s];
      const before = scores[subject];
      let after = Math.min(sc.max, Math.max(sc.min, before + sc.points[type]));
      if (after > sc.cap[type]) after = sc.cap[type];
      if (after === before) continue;
      scores[subject] = after;
      standing.tiers[s][subject] = tierOf(sc, after);
      const buf = world.scoreChanges;
      const j = reserve(buf);
      buf.cols.event[j] = e;
      buf.cols.scorer[j] = s;
      buf.cols.subject[j] = subject;
      buf.cols.rule[j] = rule;
      buf.cols.delta[j] = after - before;
      buf.cols.after[j] = after;
    }
    for (let l = 0; l < lists.length; l++) {
      const list = lists[l];
      const listed = standing.listed[l];
      let entered: number;
      if (type === list.enter && !listed[subject]) entered = 1;
      else if (type === list.exit && listed[subject]) entered = 0;
      else continue;
      listed[subject] = entered;
      if (entered) standing.listedSince[l][subject] = world.day;
      const buf = world.listChanges;
      const j = reserve(buf);
      buf.cols.event[j] = e;
      buf.cols.list[j] = l;
      buf.cols.subject[j] = subject;
      buf.cols.entered[j] = entered;
    }
  }
}

export { compilePolicy, tierOf } from './compile.ts';
export type { Policy, CompiledScorer, CompiledGate, CompiledList } from './compile.ts';
