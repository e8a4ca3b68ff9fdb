import { streamKey, uniform, below } from '../engine/random.ts';
import { sharedArray } from './columns.ts';

/** An undirected friend graph in CSR form: the friends of i are neighbors[offsets[i] .. offsets[i+1]). */
export interface FriendGraph {
  offsets: Uint32Array;
  neighbors: Uint32Array;
  /** a bit per tie, set where the tie has been cut (friends distance themselves); read with isCut */
  cut: Uint32Array;
}

/**
 * A Watts-Strogatz small world over citizen ids. Ids are laid out by district and household, so
 * lattice ties are local (neighbours, colleagues) and rewired ties reach across the city.
 * Duplicate ties from rewiring are kept: they are rare (p x k / n) and harmless as weights.
 */
export function createFriendGraph(n: number, meanDegree: number, rewiring: number, seed: number): FriendGraph {
  const half = Math.max(0, Math.min(Math.floor(meanDegree / 2), Math.floor((n - 1) / 2)));
  const edges = n * half;
  const target = new Uint32Array(edges);
  const degree = new Uint32Array(n + 1);
  const key = streamKey(seed, 'population.graph');
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < half; j++) {
      const e = i * half + j;
      let t = (i + j + 1) % n;
      if (uniform(key, i, 0, 2 * j) < rewiring) {
        t = below(key, i, 0, 2 * j + 1, n - 1);
        if (t >= i) t++; // never oneself
      }
      target[e] = t;
      degree[i]++;
      degree[t]++;
    }
  }
  const offsets = sharedArray(Uint32Array, n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + degree[i];
  const fill = offsets.slice(0, n);
  const neighbors = sharedArray(Uint32Array, offsets[n]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < half; j++) {
      const t = target[i * half + j];
      neighbors[fill[i]++] = t;
      neighbors[fill[t]++] = i;
    }
  }
  return { offsets, neighbors, cut: sharedArray(Uint32Array, Math.ceil(neighbors.length / 32)) };
}

/** Bytes the graph takes per citizen at a mean degree, counting the temporary build arrays. */
export const graphBytesPerCitizen = (meanDegree: number) => 4.125 * meanDegree + 4 + 2 * meanDegree + 8;

/** Whether tie k (an index into neighbors) has been cut. */
export const isCut = (g: FriendGraph, k: number): boolean => ((g.cut[k >>> 5] >>> (k & 31)) & 1) === 1;

/** Cut the tie between i and j, both ways. Returns false when they were not (or no longer) friends. */
export function cutTie(g: FriendGraph, i: number, j: number): boolean {
  let found = false;
  for (const [a, b] of [[i, j], [j, i]]) {
    for (let k = g.offsets[a]; k < g.offsets[a + 1]; k++) {
      if (g.neighbors[k] === b && !isCut(g, k)) {
        g.cut[k >>> 5] |= 1 << (k & 31);
        found = true;
        break;
      }
    }
  }
  return found;
}
