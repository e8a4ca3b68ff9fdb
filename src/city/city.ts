import type { Scenario } from '../scenario/schema.ts';
import { streamKey, lognormal } from '../core/random.ts';
import { allocate, type Columns } from '../core/columns.ts';

export const DISTRICT_COLUMNS = {
  x: Uint16Array,
  y: Uint16Array,
  /** first citizen id living here; residents are contiguous ids */
  firstResident: Uint32Array,
  residents: Uint32Array,
  camerasPerThousand: Float32Array,
  screenCapacity: Uint16Array,
} as const;

export type Districts = Columns<typeof DISTRICT_COLUMNS>;

export interface City {
  width: number;
  height: number;
  count: number;
  districts: Districts;
}

/**
 * Districts on a grid. Camera density is denser toward the centre (centreConcentration) with
 * lognormal noise between districts, scaled so the mean over districts is camerasPerThousand.
 */
export function createCity(scenario: Scenario, seed: number): City {
  const { width, height, residentDispersion, camerasPerThousand, cameraDispersion, centreConcentration, screenCapacity } = scenario.city;
  const count = width * height;
  const n = scenario.population.citizens;
  const d = allocate(DISTRICT_COLUMNS, count);
  const sizeKey = streamKey(seed, 'city.size');
  const cameraKey = streamKey(seed, 'city.cameras');
  const weights = new Float64Array(count);
  const raw = new Float64Array(count);
  const cx = (width - 1) / 2,
    cy = (height - 1) / 2;
  const maxR = Math.hypot(cx, cy) || 1;
  for (let i = 0; i < count; i++) {
    d.x[i] = i % width;
    d.y[i] = Math.floor(i / width);
    const centrality = 1 - Math.hypot(d.x[i] - cx, d.y[i] - cy) / maxR;
    weights[i] = lognormal(sizeKey, i, 0, 0, 1, residentDispersion);
    raw[i] = (1 + centreConcentration * centrality) * lognormal(cameraKey, i, 0, 0, 1, cameraDispersion);
  }
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const meanRaw = raw.reduce((a, b) => a + b, 0) / count;
  let assigned = 0;
  for (let i = 0; i < count; i++) {
    const residents = i === count - 1 ? n - assigned : Math.floor((n * weights[i]) / totalWeight);
    d.firstResident[i] = assigned;
    d.residents[i] = residents;
    assigned += residents;
    d.camerasPerThousand[i] = (camerasPerThousand * raw[i]) / meanRaw;
    d.screenCapacity[i] = screenCapacity;
  }
  return { width, height, count, districts: d };
}

/** Probability that a camera captures an act in a district: saturating in camera density. Observation draws by it; citizens who know the rules perceive it. */
export function captureProbability(camerasPerThousand: number, saturation: number): number {
  return 1 - Math.exp(-camerasPerThousand / saturation);
}
