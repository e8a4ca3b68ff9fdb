/**
 * Citizens in blocks: the unit work is split by. Threads take spans of whole blocks
 * (engine/threads.ts), rare-event picks restart at each block (random.ts forEachPicked), and sums
 * over citizens are taken per block and added in block order, so they come out the same, to the
 * last bit, however many threads took which blocks.
 */
export const BLOCK = 4096;

/**
 * Visit the blocks of citizens [from, to) (`from` on a block boundary) in order: `visit(start,
 * end, b)` for each, b counting from 0. The loop over a block's citizens is the caller's, so it
 * stays a tight loop.
 */
export function forEachBlock(from: number, to: number, visit: (start: number, end: number, b: number) => void): void {
  for (let start = from, b = 0; start < to; start += BLOCK, b++) visit(start, Math.min(to, start + BLOCK), b);
}

/** Room for `width` sums per block of citizens [from, to): one row a block, in block order. */
export const blockRows = (from: number, to: number, width: number): Float64Array => new Float64Array(Math.ceil((to - from) / BLOCK) * width);

/** The totals of per-block sums (rows of `width`, span after span as the spans' outputs come), added in block order. */
export function addBlocks(parts: readonly Float64Array[], width: number): Float64Array {
  const total = new Float64Array(width);
  for (const part of parts) for (let offset = 0; offset < part.length; offset += width) for (let k = 0; k < width; k++) total[k] += part[offset + k];
  return total;
}

/**
 * The share of `count` rows (a day's events, the companies) that goes with the citizens [from, to)
 * of n: rows [count from / n, count to / n), so spans that cover the citizens cover the rows, each once.
 */
export const shareOfSpan = (count: number, n: number, from: number, to: number): [first: number, end: number] => [Math.floor((count * from) / n), to === n ? count : Math.floor((count * to) / n)];

/** Rows of a day's table (events, score changes) a thread claims at a time: small enough that the threads finish together, large enough that claiming costs nothing. */
export const ROW_CHUNK = 8192;

/** A counter the threads of a task share (a SharedArrayBuffer), from which each claims its next chunk of rows; zero it before the task. */
export const newClaims = (): Int32Array => new Int32Array(new SharedArrayBuffer(4));

/**
 * Visit rows [0, count) a chunk at a time, each chunk claimed from `claims` by the thread that
 * reaches it first, so a thread that finishes early takes more. Only for work whose every row's
 * output is a function of that row alone (it writes that row, from keyed draws): the rows come out
 * the same whichever thread took which chunk.
 */
export function forEachClaimed(claims: Int32Array, count: number, chunk: number, visit: (first: number, end: number) => void): void {
  for (let first = Atomics.add(claims, 0, chunk); first < count; first = Atomics.add(claims, 0, chunk)) visit(first, Math.min(count, first + chunk));
}

/** Sums per block of all n citizens, a row of `width` a block in a shared array, each row written by the thread that claims its block. */
export interface ClaimedSums {
  claims: Int32Array;
  sums: Float64Array;
}

export const newClaimedSums = (n: number, width: number): ClaimedSums => ({
  claims: newClaims(),
  sums: new Float64Array(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT * Math.ceil(n / BLOCK) * width)),
});

/**
 * Visit the blocks of citizens [0, n), each claimed by whichever thread is free: `visit(start,
 * end, b)` with b the block's index among all, its row in a ClaimedSums. The rows come out as a
 * pass over every block in order would write them, so addBlocks([sums]) is the same, to the last
 * bit, for any number of threads.
 */
export function forEachClaimedBlock(claims: Int32Array, n: number, visit: (start: number, end: number, b: number) => void): void {
  forEachClaimed(claims, n, BLOCK, (start, end) => visit(start, end, start / BLOCK));
}
