/**
 * Keyed, counter-based random draws.
 *
 * Every draw is a pure function of (seed, purpose, subject, day, k): there is no generator state
 * to advance. Results therefore do not depend on the order of work or the number of workers, and
 * switching a mechanism off never shifts the draws of another (common random numbers for free).
 *
 * The hash is three rounds of the murmur3 32-bit finaliser (a SplitMix-style mixer), which passes
 * the uniformity and independence checks in random.test.ts and costs a few nanoseconds.
 *
 * @example
 *   const violation = streamKey(seed, 'mobility.violation');
 *   if (uniform(violation, citizen, day, 0) < rate) { ... }
 */
import { BLOCK } from './blocks.ts';

export const RANDOM_ALGORITHM = 'keyed murmur3-fmix32 x3, normals by Acklam inverse CDF (v1)';

const INV_2_32 = 1 / 4294967296;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** FNV-1a over the purpose's characters: a stable 32-bit name for a stream. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The key of one random stream: one per (seed, purpose). Compute once, outside hot loops. */
export function streamKey(seed: number, purpose: string): number {
  return fmix32(fmix32(seed >>> 0) ^ hashText(purpose)) >>> 0;
}

/** 32 random bits for (stream, subject, day, k). Day and k share a word: day < 65536, k < 65536. */
export function bits(key: number, subject: number, day: number, k: number): number {
  let h = fmix32(key ^ Math.imul(subject, 0x9e3779b1));
  h = fmix32(h ^ ((day << 16) | (k & 0xffff)));
  return fmix32(h + 0x6a09e667) >>> 0;
}

/** A uniform draw in [0, 1). */
export function uniform(key: number, subject: number, day: number, k: number): number {
  return bits(key, subject, day, k) * INV_2_32;
}

/** An integer in [0, n). */
export function below(key: number, subject: number, day: number, k: number, n: number): number {
  return Math.floor(uniform(key, subject, day, k) * n);
}

/** A standard normal draw: the inverse normal CDF of one uniform (Acklam's rational approximation, relative error < 1.2e-9). */
export function normal(key: number, subject: number, day: number, k: number): number {
  return inverseNormal((bits(key, subject, day, k) + 0.5) * INV_2_32);
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** The standard normal quantile of p in (0, 1). */
export function inverseNormal(p: number): number {
  if (p < P_LOW || p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p < P_LOW ? p : 1 - p));
    const x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    return p < P_LOW ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/** A lognormal draw with the given median and log-scale sigma. */
export function lognormal(key: number, subject: number, day: number, k: number, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(key, subject, day, k));
}

/** A Beta-like trait in [0, 1] with the given mean: the mean of two uniforms, shifted and clamped. */
export function trait(key: number, subject: number, mean: number, spread: number, day = 0): number {
  const centred = (uniform(key, subject, day, 0) + uniform(key, subject, day, 1)) / 2 - 0.5;
  const v = mean + centred * 2 * spread;
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/**
 * Rare events by waiting times: calls `visit(i)` for each citizen of [from, to) picked with
 * probability p, each independently of the others, by drawing the geometric gap to the next pick
 * instead of a coin per citizen. With p = 1 % that is about 100 times fewer draws. The gaps are
 * drawn per block of citizens (core/blocks.ts) and day, so the picks are the same however the
 * citizens are cut into spans of whole blocks.
 * @example forEachPicked(key, day, 0, n, 0.01, (i) => { ... })
 */
export function forEachPicked(key: number, day: number, from: number, to: number, p: number, visit: (i: number) => void): void {
  if (!(p > 0) || from >= to) return;
  const logMiss = p >= 1 ? -Infinity : Math.log1p(-p);
  for (let block = Math.floor(from / BLOCK); block * BLOCK < to; block++) {
    const start = Math.max(from, block * BLOCK);
    const end = Math.min(to, (block + 1) * BLOCK);
    let k = 0;
    // failures before the next success: floor(ln U / ln(1 - p)), U in (0, 1]
    for (let i = start + Math.floor(Math.log(1 - uniform(key, block, day, k++)) / logMiss); i < end; i += 1 + Math.floor(Math.log(1 - uniform(key, block, day, k++)) / logMiss)) visit(i);
  }
}
