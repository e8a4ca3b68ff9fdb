/**
 * Single-precision values in ascending order, as Float32Array.prototype.sort leaves them (-0 before
 * +0, NaN last), by a least-significant-digit radix sort of their bits: three passes of 11 bits,
 * about three times faster than the comparison sort on a million values. Sorts `values` in place
 * and returns it.
 */
export function sortFloat32(values: Float32Array): Float32Array {
  const n = values.length;
  if (n < SMALL) return values.sort();
  let keys: Uint32Array = new Uint32Array(values.buffer, values.byteOffset, n);
  // as unsigned integers, ordered as the floats: positives gain the sign bit, negatives are flipped
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    keys[i] = k & SIGN ? ~k : k | SIGN;
  }
  let spare: Uint32Array = new Uint32Array(n);
  const counts = new Uint32Array(RADIX);
  for (let shift = 0; shift < 32; shift += DIGIT_BITS) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & MASK]++;
    for (let d = 0, at = 0; d < RADIX; d++) {
      const c = counts[d];
      counts[d] = at;
      at += c;
    }
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      spare[counts[(k >>> shift) & MASK]++] = k;
    }
    [keys, spare] = [spare, keys];
  }
  // after three passes the sorted keys are in the array made here: back to floats, into `values`
  const out = new Uint32Array(values.buffer, values.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    out[i] = k & SIGN ? k & ~SIGN : ~k;
  }
  return values;
}

const SIGN = 0x80000000;
const DIGIT_BITS = 11;
const RADIX = 1 << DIGIT_BITS;
const MASK = RADIX - 1;
/** Below this many values the comparison sort is as fast. */
const SMALL = 4096;

/** Ascending arrays merged into one ascending array (a tie goes to the earlier part); a single part is returned as it is. */
export function mergeSorted<T extends Float32Array | Int32Array>(parts: readonly T[]): T {
  let merged = parts[0];
  for (let p = 1; p < parts.length; p++) merged = mergeTwo(merged, parts[p]);
  return merged;
}

/** Two ascending arrays merged, a tie going to `a`: a tight loop, as this runs over every citizen's income. */
function mergeTwo<T extends Float32Array | Int32Array>(a: T, b: T): T {
  const out = new (a.constructor as new (length: number) => T)(a.length + b.length);
  let i = 0,
    j = 0,
    k = 0;
  while (i < a.length && j < b.length) out[k++] = b[j] < a[i] ? b[j++] : a[i++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
