import type { JudgeWorld } from '../world.ts';
import { reserve } from '../core/buffer.ts';

/** Record a score change in today's table (nothing when the score did not move). */
export function recordScoreChange(world: Pick<JudgeWorld, 'scoreChanges'>, event: number, scorer: number, subject: number, rule: number, before: number, after: number): void {
  if (after === before) return;
  const buf = world.scoreChanges;
  const j = reserve(buf);
  buf.cols.event[j] = event;
  buf.cols.scorer[j] = scorer;
  buf.cols.subject[j] = subject;
  buf.cols.rule[j] = rule;
  buf.cols.delta[j] = after - before;
  buf.cols.after[j] = after;
}
