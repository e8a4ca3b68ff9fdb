/**
 * The perturbation kernel of ABC-SMC: a Gaussian centred on a particle of the previous generation,
 * with twice that generation's weighted covariance (Beaumont et al. 2009; Filippi et al. 2013), or
 * with its variances only (`diagonal`). Its density is used in the importance weights up to the
 * constant, which is the same for every particle of a generation.
 */
export interface Kernel {
  /** the point `from` + L z for standard normal draws z (L the covariance's Cholesky factor) */
  move(from: ArrayLike<number>, z: ArrayLike<number>): number[];
  /** exp(-q/2), q the squared Mahalanobis distance of `to` from `from` */
  density(to: ArrayLike<number>, from: ArrayLike<number>): number;
}

/**
 * The kernel for a population of points with weights summing to 1. `floor` is each coordinate's
 * least standard deviation, so a population that collapsed onto one point still moves.
 */
export function gaussianKernel(points: ArrayLike<number>[], weights: ArrayLike<number>, floor: ArrayLike<number>, diagonal = false): Kernel {
  const dims = floor.length;
  const cov = weightedCovariance(points, weights);
  for (let i = 0; i < dims; i++) {
    for (let j = 0; j < dims; j++) cov[i][j] = diagonal && i !== j ? 0 : 2 * cov[i][j];
    cov[i][i] = Math.max(cov[i][i], floor[i] ** 2);
  }
  // a covariance that is not positive definite (collinear particles) falls back to its variances
  const lower = cholesky(cov) ?? cholesky(cov.map((row, i) => row.map((v, j) => (i === j ? v : 0))))!;
  return {
    move(from, z) {
      const out = new Array<number>(dims);
      for (let i = 0; i < dims; i++) {
        let s = from[i];
        for (let j = 0; j <= i; j++) s += lower[i][j] * z[j];
        out[i] = s;
      }
      return out;
    },
    density(to, from) {
      // solve L y = to - from; q = |y|^2
      const y = new Array<number>(dims);
      let q = 0;
      for (let i = 0; i < dims; i++) {
        let s = to[i] - from[i];
        for (let j = 0; j < i; j++) s -= lower[i][j] * y[j];
        y[i] = s / lower[i][i];
        q += y[i] * y[i];
      }
      return Math.exp(-0.5 * q);
    },
  };
}

/** The weighted covariance matrix of points (weights summing to 1), by columns of coordinates. */
export function weightedCovariance(points: ArrayLike<number>[], weights: ArrayLike<number>): number[][] {
  const dims = points[0]?.length ?? 0;
  const mean = new Array<number>(dims).fill(0);
  points.forEach((p, k) => {
    for (let i = 0; i < dims; i++) mean[i] += weights[k] * p[i];
  });
  const cov = Array.from({ length: dims }, () => new Array<number>(dims).fill(0));
  points.forEach((p, k) => {
    for (let i = 0; i < dims; i++) for (let j = 0; j <= i; j++) cov[i][j] += weights[k] * (p[i] - mean[i]) * (p[j] - mean[j]);
  });
  for (let i = 0; i < dims; i++) for (let j = 0; j < i; j++) cov[j][i] = cov[i][j];
  return cov;
}

/** The lower Cholesky factor of a symmetric matrix, or null when it is not positive definite. */
export function cholesky(a: number[][]): number[][] | null {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i][i] = Math.sqrt(s);
      } else l[i][j] = s / l[j][j];
    }
  }
  return l;
}
