import { test } from 'node:test';
import assert from 'node:assert/strict';
import { abcSmc, type Proposal, type SmcSettings } from './smc.ts';
import { priorOf } from './prior.ts';
import { summarisePosterior } from './posterior.ts';
import { factorSchema } from '../../scenario/factor-schema.ts';
import { normal, streamKey, uniform } from '../../core/random.ts';
import { weightedMean, weightedSd, weightedQuantile } from './stats.ts';

const settings = (s: Partial<SmcSettings>): SmcSettings => ({ particles: 300, generations: 12, quantile: 0.5, minAcceptance: 0.02, kernel: 'covariance', seed: 7, ...s });
const noise = streamKey(99, 'toy');

test('ABC-SMC recovers the posterior of a normal mean (flat prior: N(ybar, 1/n))', async () => {
  const n = 25;
  const ybar = 1.7; // the observed mean of n draws with sd 1
  const priors = [priorOf(factorSchema.parse({ field: 'theta', from: -10, to: 10 }))];
  const { generations } = await abcSmc(priors, settings({}), async (batch: Proposal[]) =>
    batch.map((p) => {
      const sim = p.point[0] + normal(noise, p.index, p.generation, 0) / Math.sqrt(n);
      return { distance: Math.abs(sim - ybar) * Math.sqrt(n), values: [sim] };
    }),
  );
  const last = generations.at(-1)!;
  assert.ok(generations.length >= 10, `${generations.length} generations`);
  assert.ok(last.epsilon < 0.1, `final tolerance ${last.epsilon}`);
  const theta = last.particles.map((p) => p.point[0]);
  const w = last.particles.map((p) => p.weight);
  const sd = 1 / Math.sqrt(n);
  assert.ok(Math.abs(weightedMean(theta, w) - ybar) < 0.3 * sd, `posterior mean ${weightedMean(theta, w)}, exact ${ybar}`);
  assert.ok(Math.abs(weightedSd(theta, w) / sd - 1) < 0.2, `posterior sd ${weightedSd(theta, w)}, exact ${sd}`);
});

test('ABC-SMC with a binomial model reaches the exact Beta posterior once the tolerance is 0', async () => {
  const n = 50;
  const k = 17;
  const priors = [priorOf(factorSchema.parse({ field: 'p', from: 0, to: 1 }))];
  const simulate = async (batch: Proposal[]) =>
    batch.map((p) => {
      let hits = 0;
      for (let i = 0; i < n; i++) hits += uniform(noise, p.index, p.generation, i) < p.point[0] ? 1 : 0;
      return { distance: Math.abs(hits - k), values: [hits] };
    });
  const { generations } = await abcSmc(priors, settings({ particles: 500, generations: 12 }), simulate);
  const last = generations.at(-1)!;
  assert.equal(last.epsilon, 0, 'the last generations accept exact matches only');
  const posterior = summarisePosterior(last, priors, [{ metric: 'k', observed: k, uncertainty: 1, scale: 'none', times: 1 }]);
  const [p] = posterior.parameters;
  // Beta(k + 1, n - k + 1): mean 18/52, sd 0.0653, 90 % interval 0.243-0.455
  assert.ok(Math.abs(p.mean - 18 / 52) < 0.012, `posterior mean ${p.mean}`);
  assert.ok(Math.abs(p.sd / 0.0653 - 1) < 0.15, `posterior sd ${p.sd}`);
  assert.ok(Math.abs(p.q05 - 0.243) < 0.025 && Math.abs(p.q95 - 0.455) < 0.025, `90 % interval ${p.q05}-${p.q95}`);
  assert.equal(posterior.fit[0].best, k);
  // the same seed gives the same particles
  const again = await abcSmc(priors, settings({ particles: 500, generations: 12 }), simulate);
  assert.deepEqual(
    again.generations.at(-1)!.particles.map((q) => q.point[0]),
    last.particles.map((q) => q.point[0]),
  );
});

test('two parameters, one log-uniform: the kernel moves both, and the posterior centres on the truth', async () => {
  const priors = [priorOf(factorSchema.parse({ field: 'a', from: 0, to: 10 })), priorOf(factorSchema.parse({ field: 'b', from: 0.001, to: 1, log: true }))];
  const truth = [3, 0.05];
  const { generations } = await abcSmc(priors, settings({ particles: 200, generations: 12 }), async (batch) =>
    batch.map((p) => {
      const a = priors[0].value(p.point[0]);
      const b = priors[1].value(p.point[1]);
      const errors = [(a - truth[0]) / 0.1 + normal(noise, p.index, p.generation, 0), (b - truth[1]) / 0.005 + normal(noise, p.index, p.generation, 1)];
      return { distance: Math.hypot(...errors), values: [a, b] };
    }),
  );
  const last = generations.at(-1)!;
  const w = last.particles.map((p) => p.weight);
  truth.forEach((v, d) => {
    const values = last.particles.map((p) => priors[d].value(p.point[d]));
    const [lo, hi] = [weightedQuantile(values, w, 0.05), weightedQuantile(values, w, 0.95)];
    assert.ok(lo <= v && v <= hi, `${priors[d].field}: truth ${v} outside ${lo}-${hi}`);
    assert.ok(hi - lo < (d === 0 ? 1 : 0.05), `${priors[d].field}: interval ${lo}-${hi} too wide`);
  });
});

test('a generation that cannot fill half its particles within its budget ends the calibration', async () => {
  const priors = [priorOf(factorSchema.parse({ field: 'x', from: 0, to: 1 }))];
  let calls = 0;
  // pure noise: distances do not depend on x, so the tolerance (a quantile) keeps half... until the noise floor
  const result = await abcSmc(priors, settings({ particles: 20, generations: 10, minAcceptance: 0.2 }), async (batch) => {
    calls++;
    return batch.map((p) => ({ distance: p.generation === 0 ? uniform(noise, p.index, 0, 0) : 2, values: [] }));
  });
  assert.equal(result.ended, 'acceptance');
  assert.equal(result.generations.length, 1);
  assert.ok(calls >= 2);
});
