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
  /** the city (index into scenario.city.cities) the district belongs to */
  cityOf: Uint8Array,
} as const;

export type Districts = Columns<typeof DISTRICT_COLUMNS>;

export interface City {
  width: number;
  height: number;
  count: number;
  districts: Districts;
  /** the names of the cities the grid is divided into (scenario.city.cities), by index; one for the whole grid by default */
  cities: string[];
}

/**
 * The city of each district: cities are bands of whole rows of the grid, from the top, in the
 * order listed, each as many rows as its share of the districts (rounded at the cumulative share,
 * at least one row). Pure in the city's fields, so the policy compiles city restrictions from the
 * scenario alone.
 */
export function cityOfDistricts(city: Pick<Scenario['city'], 'width' | 'height' | 'cities'>): Uint8Array {
  const { width, height, cities } = city;
  const out = new Uint8Array(width * height);
  let row = 0,
    cumulative = 0;
  cities.forEach((c, k) => {
    cumulative += c.share;
    const left = cities.length - 1 - k;
    const end = k === cities.length - 1 ? height : Math.min(height - left, Math.max(row + 1, Math.round(cumulative * height)));
    out.fill(k, row * width, end * width);
    row = end;
  });
  return out;
}

/**
 * Districts on a grid. Camera density is denser toward the centre (centreConcentration) with
 * lognormal noise between districts, scaled so the mean over districts is camerasPerThousand;
 * the districts of a city with its own camerasPerThousand are scaled by that instead.
 */
export function createCity(scenario: Scenario, seed: number): City {
  const { width, height, residentDispersion, camerasPerThousand, cameraDispersion, centreConcentration, screenCapacity } = scenario.city;
  const count = width * height;
  const n = scenario.population.citizens;
  const d = allocate(DISTRICT_COLUMNS, count);
  d.cityOf.set(cityOfDistricts(scenario.city));
  // a city's own density stands in for the city-wide one in its districts
  const density = scenario.city.cities.map((c) => c.camerasPerThousand ?? camerasPerThousand);
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
    d.camerasPerThousand[i] = (density[d.cityOf[i]] * raw[i]) / meanRaw;
    d.screenCapacity[i] = screenCapacity;
  }
  return { width, height, count, districts: d, cities: scenario.city.cities.map((c) => c.name) };
}

/** Probability that a camera captures an act in a district: saturating in camera density. Observation draws by it; citizens who know the rules perceive it. */
export function captureProbability(camerasPerThousand: number, saturation: number): number {
  return 1 - Math.exp(-camerasPerThousand / saturation);
}
