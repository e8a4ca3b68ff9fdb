import { streamKey, uniform, below } from '../core/random.ts';
import { sharedArray } from '../core/columns.ts';

/**
 * An undirected friend graph, compact. Citizen i's ties are the slots offsets[i] .. offsets[i+1].
 * Most friends live near in id order (ids run by district and household, and a small world's
 * lattice ties are local), so a slot holds the friend as a 16-bit offset from i; a friend further
 * away is marked FAR and kept, in slot order, in `far` from farStart[i]. That is 2 bytes a tie
 * end instead of 4, plus 4 for each far one (about one in ten).
 */
export interface FriendGraph {
  offsets: Uint32Array;
  near: Int16Array;
  far: Uint32Array;
  farStart: Uint32Array;
  /** a bit per slot, set where the tie has been cut (friends distance themselves); read with isCut */
  cut: Uint32Array;
}

/** The slot value of a friend too far in id order for 16 bits. */
export const FAR = -32768;

const isNear = (i: number, t: number) => t - i > FAR && t - i <= 32767;

/**
 * A Watts-Strogatz small world over citizen ids. Ids are laid out by district and household, so
 * lattice ties are local (neighbours, colleagues) and rewired ties reach across the city.
 * Duplicate ties from rewiring are kept: they are rare (p x k / n) and harmless as weights.
 * A tie (i, t) fills a slot of i and one of t, in the order the ties are drawn.
 */
export function createFriendGraph(n: number, meanDegree: number, rewiring: number, seed: number): FriendGraph {
  const half = Math.max(0, Math.min(Math.floor(meanDegree / 2), Math.floor((n - 1) / 2)));
  const target = new Uint32Array(n * half);
  const degree = new Uint32Array(n);
  const farCount = new Uint32Array(n);
  const key = streamKey(seed, 'population.graph');
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < half; j++) {
      let t = (i + j + 1) % n;
      if (uniform(key, i, 0, 2 * j) < rewiring) {
        t = below(key, i, 0, 2 * j + 1, n - 1);
        if (t >= i) t++; // never oneself
      }
      target[i * half + j] = t;
      degree[i]++;
      degree[t]++;
      if (!isNear(i, t)) {
        farCount[i]++;
        farCount[t]++;
      }
    }
  }
  const offsets = sharedArray(Uint32Array, n + 1);
  const farStart = sharedArray(Uint32Array, n + 1);
  for (let i = 0; i < n; i++) {
    offsets[i + 1] = offsets[i] + degree[i];
    farStart[i + 1] = farStart[i] + farCount[i];
  }
  const near = sharedArray(Int16Array, offsets[n]);
  const far = sharedArray(Uint32Array, farStart[n]);
  // degree and farCount now count the slots filled so far
  degree.fill(0);
  farCount.fill(0);
  const place = (i: number, t: number) => {
    const slot = offsets[i] + degree[i]++;
    if (isNear(i, t)) near[slot] = t - i;
    else {
      near[slot] = FAR;
      far[farStart[i] + farCount[i]++] = t;
    }
  };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < half; j++) {
      const t = target[i * half + j];
      place(i, t);
      place(t, i);
    }
  }
  return { offsets, near, far, farStart, cut: sharedArray(Uint32Array, Math.ceil(offsets[n] / 32)) };
}

/** Bytes the graph keeps per citizen at a mean degree and rewiring, and those it borrows while it is built. */
export function graphBytesPerCitizen(meanDegree: number, rewiring: number): { kept: number; building: number } {
  const ends = 2 * Math.floor(meanDegree / 2);
  // a slot per tie end, a far friend for about every rewired end, two offsets, a cut bit per slot
  const kept = 2 * ends + 4 * rewiring * ends + 4 + 4 + ends / 8;
  return { kept, building: 2 * ends + 8 }; // a target per tie, and two counts
}

/** Whether tie k (a slot) has been cut. */
export const isCut = (g: FriendGraph, k: number): boolean => ((g.cut[k >>> 5] >>> (k & 31)) & 1) === 1;

/** The friend in slot k of citizen i. */
export function friendAt(g: FriendGraph, i: number, k: number): number {
  const d = g.near[k];
  if (d !== FAR) return i + d;
  let f = g.farStart[i];
  for (let s = g.offsets[i]; s < k; s++) if (g.near[s] === FAR) f++;
  return g.far[f];
}

/** How many friends citizen i has, cut ties included. */
export const degreeOf = (g: FriendGraph, i: number): number => g.offsets[i + 1] - g.offsets[i];

/** Calls `visit(friend, slot)` for each tie of citizen i that has not been cut, in slot order. */
export function forEachFriend(g: FriendGraph, i: number, visit: (friend: number, slot: number) => void): void {
  const { offsets, near, far, cut } = g;
  let f = g.farStart[i];
  for (let k = offsets[i]; k < offsets[i + 1]; k++) {
    const d = near[k];
    const friend = d === FAR ? far[f++] : i + d;
    if ((cut[k >>> 5] >>> (k & 31)) & 1) continue;
    visit(friend, k);
  }
}

/** Cut the tie between i and j, both ways. Returns false when they were not (or no longer) friends. */
export function cutTie(g: FriendGraph, i: number, j: number): boolean {
  let found = false;
  for (const [a, b] of [
    [i, j],
    [j, i],
  ]) {
    let f = g.farStart[a];
    for (let k = g.offsets[a]; k < g.offsets[a + 1]; k++) {
      const d = g.near[k];
      const friend = d === FAR ? g.far[f++] : a + d;
      if (friend === b && !isCut(g, k)) {
        g.cut[k >>> 5] |= 1 << (k & 31);
        found = true;
        break;
      }
    }
  }
  return found;
}
