import type { JudgeWorld } from '../world.ts';
import { resetSubject } from '../policy/standing.ts';
import { setListed } from './lists.ts';

/**
 * A citizen left the run (died or moved away; event e): their record leaves with them. Every
 * citizens' scorer puts the place back at its start (base score, baseline dimensions, no cooldowns,
 * caps or ratings) and every list lets them go (a list change with the leaving event). Enrolment
 * stays with the place, and so does the legal representation of companies: the entrant stands for
 * the company's next representative, restricted while the company is listed, as anyone representing it would be.
 */
export function forgetCitizen(world: JudgeWorld, e: number, i: number): void {
  const { policy, standing } = world;
  policy.scorers.forEach((sc, s) => {
    if (sc.kind === 'citizens') resetSubject(sc, standing.scorers[s], i);
  });
  policy.lists.forEach((l, k) => {
    if (l.kind !== 'citizens') return;
    if (standing.listed[k][i]) setListed(world, k, i, 0, e);
    standing.exitDay[k][i] = -1;
    standing.listedSince[k][i] = -1;
  });
}
