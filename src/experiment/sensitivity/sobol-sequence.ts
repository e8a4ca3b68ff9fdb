import { JOE_KUO } from './joe-kuo.ts';

const BITS = 32;
const SCALE = 2 ** -BITS;

/** The most dimensions the shipped direction numbers give (a Saltelli design of k factors needs 2k). */
export const SOBOL_MAX_DIMENSIONS = 256;

/** The most points of one sequence: indices are 32-bit. */
export const SOBOL_MAX_POINTS = 2 ** 31;

let directions: Uint32Array[] | undefined;

/** The direction numbers V_1..V_32 of each dimension (Joe & Kuo 2008, section 2), built once. */
function directionNumbers(): Uint32Array[] {
  if (directions) return directions;
  const rows = JOE_KUO.trim().split(/[;\n]/);
  const first = new Uint32Array(BITS);
  for (let j = 0; j < BITS; j++) first[j] = (1 << (BITS - 1 - j)) >>> 0; // every m = 1
  directions = [first];
  for (const row of rows) {
    const [a, ...m] = row.trim().split(' ').map(Number);
    const s = m.length;
    const v = new Uint32Array(BITS);
    for (let j = 0; j < Math.min(s, BITS); j++) v[j] = (m[j] << (BITS - 1 - j)) >>> 0;
    for (let j = s; j < BITS; j++) {
      let x = (v[j - s] ^ (v[j - s] >>> s)) >>> 0;
      for (let k = 1; k < s; k++) if ((a >>> (s - 1 - k)) & 1) x = (x ^ v[j - k]) >>> 0;
      v[j] = x;
    }
    directions.push(v);
  }
  return directions;
}

/**
 * `n` points of the Sobol low-discrepancy sequence in `dimensions` dimensions, from point `skip`
 * (the first point is the origin), row by row: point i, dimension d at `[i * dimensions + d]`, in
 * [0, 1). Gray-code order (Antonov & Saleev 1979), so point i is computed from point i - 1 by one
 * XOR per dimension. A power-of-two `n` from `skip` 0 fills every elementary interval evenly.
 * @example sobolPoints(4, 2) // [0, 0, 0.5, 0.5, 0.75, 0.25, 0.25, 0.75]
 */
export function sobolPoints(n: number, dimensions: number, skip = 0): Float64Array {
  if (!(Number.isInteger(dimensions) && dimensions >= 1 && dimensions <= SOBOL_MAX_DIMENSIONS)) throw new RangeError(`a Sobol sequence of 1 to ${SOBOL_MAX_DIMENSIONS} dimensions, not ${dimensions}`);
  if (!(Number.isInteger(n) && n >= 0 && Number.isInteger(skip) && skip >= 0 && n + skip <= SOBOL_MAX_POINTS)) throw new RangeError(`at most ${SOBOL_MAX_POINTS} Sobol points, from a whole index`);
  const v = directionNumbers();
  const x = new Uint32Array(dimensions);
  // point `skip` directly: X = XOR of V_j over the bits j of skip's Gray code
  const gray = (skip ^ (skip >>> 1)) >>> 0;
  for (let j = 0; j < BITS; j++) if ((gray >>> j) & 1) for (let d = 0; d < dimensions; d++) x[d] = (x[d] ^ v[d][j]) >>> 0;
  const out = new Float64Array(n * dimensions);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dimensions; d++) out[i * dimensions + d] = x[d] * SCALE;
    // the next point flips the direction number of the lowest zero bit of the index
    const c = lowestZeroBit(skip + i);
    for (let d = 0; d < dimensions; d++) x[d] = (x[d] ^ v[d][c]) >>> 0;
  }
  return out;
}

function lowestZeroBit(i: number): number {
  let c = 0;
  while (i & 1) {
    i >>>= 1;
    c++;
  }
  return c;
}
