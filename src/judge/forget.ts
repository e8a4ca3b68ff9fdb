import type { World } from '../world.ts';
import { tierOf } from '../policy/compile.ts';
import { setListed } from './lists.ts';

/**
 * A citizen left the run (died or moved away; event e): their record leaves with them. Every
 * citizens' scorer puts the place back at its start (base score, baseline dimensions, no cooldowns,
 * caps or ratings) and every list lets them go (a list change with the leaving event). Enrolment
 * stays with the place, and so does the legal representation of companies: the entrant stands for
 * the company's next representative, restricted while the company is listed, as anyone representing it would be.
 */
export function forgetCitizen(world: World, e: number, i: number): void {
  const { policy, standing } = world;
  policy.scorers.forEach((sc, s) => {
    if (sc.kind !== 'citizens') return;
    const st = standing.scorers[s];
    st.score[i] = sc.base;
    st.tier[i] = tierOf(sc, sc.base);
    sc.dimensions.forEach((d, k) => (st.dims[k][i] = d.baseline));
    for (const last of st.lastApplied) if (last !== null) last[i] = -1;
    for (const used of st.capUsed) if (used !== null) used[i] = 0;
    if (st.ratingWeight !== null && st.ratingSum !== null) st.ratingWeight[i] = st.ratingSum[i] = 0;
  });
  policy.lists.forEach((l, k) => {
    if (l.kind !== 'citizens') return;
    if (standing.listed[k][i]) setListed(world, k, i, 0, e);
    standing.exitDay[k][i] = -1;
    standing.listedSince[k][i] = -1;
  });
}
