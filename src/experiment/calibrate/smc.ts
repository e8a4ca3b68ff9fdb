import { streamKey, uniform, normal } from '../../core/random.ts';
import { type Prior, priorDensity } from './prior.ts';
import { gaussianKernel, type Kernel } from './kernel.ts';
import { quantile } from './stats.ts';

/** How the ABC-SMC proceeds (the calibration file's fields of the same names). */
export interface SmcSettings {
  particles: number;
  generations: number;
  quantile: number;
  minAcceptance: number;
  kernel: 'covariance' | 'diagonal';
  seed: number;
}

/** A parameter set to simulate: its generation, its number among that generation's proposals, its coordinates. */
export interface Proposal {
  generation: number;
  index: number;
  point: number[];
}

/** What the simulator answers for a proposal: its distance to the targets, and the simulated targets' values. */
export interface Outcome {
  distance: number;
  values: number[];
}

/** Simulate a batch of proposals (in parallel, through an executor), answering in the batch's order; null: stopped. */
export type SimulateBatch = (batch: Proposal[]) => Promise<Outcome[] | null>;

export interface Particle extends Proposal, Outcome {
  weight: number;
}

/** One generation: its tolerance, its accepted particles (weights summing to 1), and how many proposals it took. */
export interface Generation {
  generation: number;
  epsilon: number;
  particles: Particle[];
  proposed: number;
  /** accepted / proposed */
  acceptance: number;
  /** effective sample size of the weights, 1 / sum w^2 */
  ess: number;
}

export interface SmcResult {
  generations: Generation[];
  /** why it ended: every generation done, a generation that could not fill its particles, or stopped from outside */
  ended: 'generations' | 'acceptance' | 'stopped';
}

/**
 * Approximate Bayesian computation by sequential Monte Carlo (Toni et al. 2009, with the weights
 * and kernel of Beaumont et al. 2009). Generation 0 draws from the priors and accepts every
 * proposal with a finite distance; generation t accepts proposals within ε_t, the `quantile` of
 * generation t-1's distances. A proposal is a particle of t-1 picked by weight and moved by the
 * Gaussian kernel until it lands inside the priors' support; an accepted one weighs
 * π(θ) / Σ_j w_j K(θ | θ_j). Proposals go to `simulate` in batches sized by the acceptance seen so
 * far, so an executor runs many at once. Every draw is keyed by (seed, generation, proposal), so
 * the same file gives the same particles on any executor and when replayed to resume.
 * @example const { generations } = await abcSmc(priors, settings, async (batch) => batch.map((p) => ({ distance: Math.abs(p.point[0] - 1), values: [] })));
 */
export async function abcSmc(priors: Prior[], settings: SmcSettings, simulate: SimulateBatch, onGeneration?: (g: Generation) => void | Promise<void>): Promise<SmcResult> {
  const keys = { prior: streamKey(settings.seed, 'calibrate.prior'), parent: streamKey(settings.seed, 'calibrate.parent'), kernel: streamKey(settings.seed, 'calibrate.kernel') };
  const generations: Generation[] = [];
  const floor = priors.map((p) => 1e-4 * p.scale);
  for (let t = 0; t < settings.generations; t++) {
    const previous = generations[t - 1];
    const epsilon = previous ? tolerance(previous, settings.quantile) : Infinity;
    const kernel = previous && kernelOf(previous, floor, settings.kernel === 'diagonal');
    const propose = previous ? perturbed(previous, kernel!, priors, keys) : (index: number) => priors.map((p, d) => p.draw(uniform(keys.prior, index, 0, d)));
    const filled = await fill(t, epsilon, propose, settings, simulate);
    if (filled === null) return { generations, ended: 'stopped' };
    const { accepted, proposed } = filled;
    if (accepted.length < Math.ceil(settings.particles / 2)) {
      if (t === 0) throw new Error(`only ${accepted.length} of ${proposed} draws from the priors gave every target a value: the targets cannot be computed`);
      return { generations, ended: 'acceptance' };
    }
    const weights = previous ? importanceWeights(accepted, previous, kernel!, priors) : accepted.map(() => 1 / accepted.length);
    const particles = accepted.map((a, i) => ({ ...a, weight: weights[i] }));
    const generation = { generation: t, epsilon, particles, proposed, acceptance: accepted.length / proposed, ess: 1 / weights.reduce((s, w) => s + w * w, 0) };
    generations.push(generation);
    await onGeneration?.(generation);
    if (accepted.length < settings.particles) return { generations, ended: 'acceptance' };
  }
  return { generations, ended: 'generations' };
}

/**
 * Generation t's tolerance: the quantile of generation t-1's distances; when ties make that no
 * lower than ε_{t-1} (distances that take few values), the largest distance below ε_{t-1}.
 */
export function tolerance(previous: Generation, q: number): number {
  const distances = previous.particles.map((p) => p.distance);
  const epsilon = quantile(distances, q);
  if (epsilon < previous.epsilon) return epsilon;
  const below = distances.filter((d) => d < previous.epsilon);
  return below.length ? Math.max(...below) : epsilon;
}

type Keys = { prior: number; parent: number; kernel: number };

/** The kernel moving generation t's proposals: from generation t-1's particles. */
const kernelOf = ({ particles }: Generation, floor: number[], diagonal: boolean) =>
  gaussianKernel(
    particles.map((p) => p.point),
    particles.map((p) => p.weight),
    floor,
    diagonal,
  );

/** Proposals of generation t until `particles` are within ε (or the generation's budget is spent), in batches. */
async function fill(t: number, epsilon: number, propose: (index: number, t: number) => number[], s: SmcSettings, simulate: SimulateBatch) {
  const budget = Math.ceil(s.particles / s.minAcceptance);
  const accepted: (Proposal & Outcome)[] = [];
  let proposed = 0;
  while (accepted.length < s.particles && proposed < budget) {
    // the first batch expects the quantile's share accepted, later ones the share seen so far
    const rate = proposed === 0 ? (t === 0 ? 1 : s.quantile) : Math.max(accepted.length / proposed, s.minAcceptance);
    const size = Math.min(budget - proposed, Math.ceil((s.particles - accepted.length) / rate));
    const batch = Array.from({ length: size }, (_, k) => ({ generation: t, index: proposed + k, point: propose(proposed + k, t) }));
    const outcomes = await simulate(batch);
    if (outcomes === null) return null;
    batch.forEach((p, k) => {
      const { distance, values } = outcomes[k];
      if (Number.isFinite(distance) && distance <= epsilon) accepted.push({ ...p, distance, values });
    });
    proposed += size;
  }
  return { accepted, proposed };
}

/** A proposal of generation t: a particle of the previous one picked by weight, moved by the kernel until inside the priors' support. */
function perturbed({ particles }: Generation, kernel: Kernel, priors: Prior[], keys: Keys) {
  const cumulative: number[] = [];
  particles.reduce((s, p) => (cumulative.push(s + p.weight), s + p.weight), 0);
  const dims = priors.length;
  const attempts = Math.floor(65536 / dims);
  return (index: number, t: number) => {
    const parent = particles[pick(cumulative, uniform(keys.parent, index, t, 0) * cumulative[cumulative.length - 1])];
    for (let a = 0; a < attempts; a++) {
      const z = priors.map((_, d) => normal(keys.kernel, index, t, a * dims + d));
      const point = kernel.move(parent.point, z);
      if (priorDensity(priors, point) > 0) return point;
    }
    throw new Error(`generation ${t}: the perturbation left the priors' support ${attempts} times in a row`);
  };
}

/** The first index whose cumulative weight exceeds u. */
function pick(cumulative: number[], u: number): number {
  let lo = 0,
    hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** w_i = π(θ_i) / Σ_j w_j K(θ_i | θ_j), normalised. */
function importanceWeights(accepted: Proposal[], { particles }: Generation, kernel: Kernel, priors: Prior[]): number[] {
  const raw = accepted.map((a) => priorDensity(priors, a.point) / particles.reduce((s, p) => s + p.weight * kernel.density(a.point, p.point), 0));
  const total = raw.reduce((s, w) => s + w, 0);
  return raw.map((w) => w / total);
}
