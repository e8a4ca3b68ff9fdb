import type { Population } from '../population/create.ts';
import { cellOf, cellSize, cellMember } from '../population/cells.ts';
import type { Scenario } from '../scenario/schema.ts';

/** Face-recognition error rates, with the false-positive multiplier of each group and of women. */
export interface FaceModel {
  fnir: number;
  /** FPIR for each (group, sex): index group * 2 + sex */
  fpir: Float64Array;
}

export function createFaceModel(scenario: Scenario): FaceModel {
  const { groups, femaleFpirMultiplier, citizens } = scenario.population;
  const o = scenario.observe;
  // at a fixed threshold, false positives grow with the gallery searched (everyone is enrolled)
  const base = o.fpir * (citizens / o.galleryReference) ** o.galleryExponent;
  const fpir = new Float64Array(groups.length * 2);
  groups.forEach((g, i) => {
    fpir[i * 2] = Math.min(1, base * g.fpirMultiplier);
    fpir[i * 2 + 1] = Math.min(1, base * g.fpirMultiplier * femaleFpirMultiplier);
  });
  return { fnir: scenario.observe.fnir, fpir };
}

export const NO_MATCH = -1;

/**
 * One 1:N search of a captured face of `actor` against the whole enrolled population.
 * With probability FPIR (times the actor's group and sex multipliers) the top candidate is a
 * wrong person, drawn from the actor's own group and sex (false matches concentrate within
 * demographics, NIST IR 8280): an innocent is named. Otherwise the true person is found with probability
 * 1 - FNIR, or nobody is (a miss). Three uniform draws decide it; the result is the subject named.
 */
export function searchFace(model: FaceModel, pop: Pick<Population, 'citizens' | 'cells'>, actor: number, uFalse: number, uPick: number, uHit: number): number {
  const c = pop.citizens;
  const cell = cellOf(c, actor);
  if (uFalse < model.fpir[cell]) {
    const size = cellSize(pop.cells, cell);
    if (size > 1) {
      // uniform over the other members: members are in ascending id order, so skip past the actor
      const k = Math.floor(uPick * (size - 1));
      const candidate = cellMember(pop.cells, c, cell, k);
      return candidate >= actor ? cellMember(pop.cells, c, cell, k + 1) : candidate;
    }
  }
  return uHit < 1 - model.fnir ? actor : NO_MATCH;
}
