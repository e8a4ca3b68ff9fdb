import { sobolPoints, SOBOL_MAX_DIMENSIONS } from './sobol-sequence.ts';

/**
 * Saltelli's design for first-order and total indices (Saltelli 2002; Saltelli et al. 2010,
 * section 3): two matrices A and B of `n` rows in the unit cube of `k` dimensions, taken side by
 * side from one Sobol sequence of 2k dimensions, and for each factor i the matrix A_B^i, A with its
 * column i from B. Rows are grouped by base sample: base sample j gives points j (k + 2) + 0 (A),
 * + 1 + i (A_B^i), + k + 1 (B). The sequence starts at the power of two at or above n, so the
 * first point (the origin) is left out and a power-of-two n is a whole net.
 * @example saltelliDesign(64, 3).length // 64 * 5 * 3 values
 */
export function saltelliDesign(n: number, k: number): Float64Array {
  if (2 * k > SOBOL_MAX_DIMENSIONS) throw new RangeError(`Saltelli's design of ${k} factors needs ${2 * k} Sobol dimensions: at most ${SOBOL_MAX_DIMENSIONS}`);
  const skip = 2 ** Math.ceil(Math.log2(Math.max(1, n)));
  const base = sobolPoints(n, 2 * k, skip);
  const width = k + 2;
  const rows = new Float64Array(n * width * k);
  for (let j = 0; j < n; j++) {
    const a = base.subarray(j * 2 * k, j * 2 * k + k);
    const b = base.subarray(j * 2 * k + k, (j + 1) * 2 * k);
    const row = (role: number) => rows.subarray((j * width + role) * k, (j * width + role + 1) * k);
    row(0).set(a);
    for (let i = 0; i < k; i++) {
      row(1 + i).set(a);
      row(1 + i)[i] = b[i];
    }
    row(k + 1).set(b);
  }
  return rows;
}

/** Points of a Saltelli design of n base samples over k factors. */
export const saltelliPoints = (n: number, k: number) => n * (k + 2);

/** What a point of a Saltelli design is: its base sample, and A, B or A_B^i. */
export function saltelliRole(point: number, k: number): { sample: number; matrix: 'A' | 'B' | 'AB'; factor?: number } {
  const sample = Math.floor(point / (k + 2));
  const role = point % (k + 2);
  if (role === 0) return { sample, matrix: 'A' };
  if (role === k + 1) return { sample, matrix: 'B' };
  return { sample, matrix: 'AB', factor: role - 1 };
}
