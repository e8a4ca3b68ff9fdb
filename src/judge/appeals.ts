import type { World } from '../world.ts';
import { reserve } from '../core/buffer.ts';
import { streamKey, uniform, bits } from '../core/random.ts';
import { rescore } from '../policy/standing.ts';
import { NO_EVENT } from './lists.ts';
import { recordScoreChange } from './score-log.ts';
import { APPEAL_RULE } from '../core/tables.ts';

/**
 * Appeals: the appeals citizens filed today wait `delayDays`; then each is upheld with the
 * success rate for wrongful or deserved penalties, and an upheld appeal gives back exactly the
 * points the penalty took (in a dimensions scorer, through the rule's dimension; only a dimension
 * already at its bound can give back less). Each decision has a draw of its own, keyed by citizen,
 * scorer, day and its ordinal among that citizen's appeals to that scorer decided that day (the
 * queue keeps filing order, so the ordinal does not depend on threads).
 */
export function decideAppeals(world: World): void {
  const { day, scenario, policy, standing } = world;
  const a = scenario.appeals;
  const filed = world.appeals.cols;
  const queue = world.pendingAppeals;
  for (let j = 0; j < world.appeals.length; j++) {
    const k = reserve(queue);
    const q = queue.cols;
    q.citizen[k] = filed.citizen[j];
    q.scorer[k] = filed.scorer[j];
    q.rule[k] = filed.rule[j];
    q.delta[k] = filed.delta[j];
    q.wrongful[k] = filed.wrongful[j];
    q.filedOn[k] = day;
    q.decideOn[k] = day + a.delayDays;
  }
  const key = streamKey(world.seed, 'judge.appeal');
  // rescore's working space: one value per dimension of the scorer with the most
  const scratch = new Float64Array(Math.max(1, ...policy.scorers.map((sc) => sc.dimensions.length)));
  const ordinals = new Map<number, number>();
  const scorerCount = policy.scorers.length;
  while (queue.head < queue.length && queue.cols.decideOn[queue.head] <= day) {
    const k = queue.head++;
    const q = queue.cols;
    const i = q.citizen[k],
      s = q.scorer[k];
    // filed for one who has since left the run (the record went with them): nothing to decide
    const arrived = world.pop.citizens.arrivedOn[i];
    if (arrived > 0 && q.filedOn[k] <= arrived) continue;
    const pair = i * scorerCount + s;
    const ordinal = ordinals.get(pair) ?? 0;
    ordinals.set(pair, ordinal + 1);
    // (citizen, scorer, day) name a stream of their own; the ordinal picks the draw in it
    const upheld = uniform(bits(key, i, day, s), ordinal, day, 0) < (q.wrongful[k] ? a.successIfWrongful : a.successIfRightful);
    let restored = 0;
    if (upheld) {
      const sc = policy.scorers[s];
      const st = standing.scorers[s];
      const before = st.score[i];
      if (sc.aggregation === 'dimensions') {
        // move the rule's dimension by what gives back exactly the points the penalty took
        const rule = sc.rules[q.rule[k]];
        const weights = sc.dimensions.reduce((a, d) => a + d.weight, 0);
        const dim = st.dims[rule.dimension];
        const share = (sc.max - sc.min) * (sc.dimensions[rule.dimension].weight / weights);
        dim[i] = Math.min(1, Math.max(0, dim[i] - q.delta[k] / share));
      } else st.score[i] = Math.min(sc.max, Math.max(sc.min, before - q.delta[k]));
      rescore(sc, st, i, scratch);
      restored = st.score[i] - before;
      recordScoreChange(world, NO_EVENT, s, i, APPEAL_RULE, before, st.score[i]);
    }
    const d = reserve(world.appealDecisions);
    const o = world.appealDecisions.cols;
    o.citizen[d] = i;
    o.scorer[d] = s;
    o.upheld[d] = upheld ? 1 : 0;
    o.wrongful[d] = q.wrongful[k];
    o.restored[d] = restored;
  }
  // drop decided appeals from the front now and then, so the queue does not grow without end
  if (queue.head > 4096 && queue.head * 2 > queue.length) compact(queue);
}

function compact(queue: World['pendingAppeals']) {
  const live = queue.length - queue.head;
  for (const name of Object.keys(queue.cols) as (keyof typeof queue.cols)[]) {
    const col = queue.cols[name];
    col.copyWithin(0, queue.head, queue.length);
  }
  queue.length = live;
  queue.head = 0;
}
