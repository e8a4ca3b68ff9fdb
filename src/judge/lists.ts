import type { World, JudgeWorld } from '../world.ts';
import { reserve } from '../core/buffer.ts';

/** The event of a list change that no event caused (a term ending). */
export const NO_EVENT = 0xffffffff;

/**
 * Lists: an observed event of the entry type (and condition) puts its subject on the list; the
 * exit event takes them off, at once or `afterDays` later; a list with no exit event holds each
 * subject for a fixed term. A listed company restricts its legal representative.
 */
export function applyListEvent(world: JudgeWorld, e: number, type: number, subject: number): void {
  const { policy, standing, day } = world;
  const lists = policy.listsByType[type];
  for (let k = 0; k < lists.length; k++) {
    const l = lists[k];
    const list = policy.lists[l];
    const listed = standing.listed[l];
    if (type === list.enter && !listed[subject] && (list.enterWhen === null || list.enterWhen(world, e, subject))) {
      setListed(world, l, subject, 1, e);
      standing.exitDay[l][subject] = list.exit < 0 && list.exitAfterDays > 0 ? day + list.exitAfterDays : -1;
    } else if (type === list.exit && listed[subject]) {
      if (list.exitAfterDays === 0) setListed(world, l, subject, 0, e);
      else if (standing.exitDay[l][subject] < 0) standing.exitDay[l][subject] = day + list.exitAfterDays;
    }
  }
}

/** Exits whose day has come. */
export function applyScheduledExits(world: World): void {
  const { policy, standing, day } = world;
  for (let l = 0; l < policy.lists.length; l++) {
    if (policy.lists[l].exitAfterDays === 0) continue;
    const exitDay = standing.exitDay[l];
    for (let i = 0; i < exitDay.length; i++) {
      if (exitDay[i] !== day) continue;
      exitDay[i] = -1;
      if (standing.listed[l][i]) setListed(world, l, i, 0, NO_EVENT);
    }
  }
}

export function setListed(world: JudgeWorld, l: number, subject: number, entered: 0 | 1, e: number) {
  const { standing } = world;
  standing.listed[l][subject] = entered;
  if (entered) standing.listedSince[l][subject] = world.day;
  else standing.exitDay[l][subject] = -1;
  countRepresentative(world, l, subject, entered);
  const buf = world.listChanges;
  const j = reserve(buf);
  buf.cols.event[j] = e;
  buf.cols.list[j] = l;
  buf.cols.subject[j] = subject;
  buf.cols.entered[j] = entered;
}

/** A company list that restricts its legal representative: one more (or one fewer) listed company the representative of `subject` stands for. */
export function countRepresentative(world: Pick<JudgeWorld, 'standing' | 'pop'>, l: number, subject: number, entered: number): void {
  const reps = world.standing.representsListed[l];
  if (reps === null) return;
  const rep = world.pop.companies.legalRep[subject];
  reps[rep] = entered ? reps[rep] + 1 : Math.max(0, reps[rep] - 1);
}
