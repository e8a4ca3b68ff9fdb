import type { Citizens } from './citizens.ts';

/** Every this many members of a cell, the index keeps the member's id. */
const STRIDE = 64;

/**
 * The citizens of each demographic cell (group x sex, cell = group * 2 + sex), in ascending id
 * order, without a list of them all: the cell's size and every 64th member's id. The r-th member
 * is found by walking from the checkpoint before it, which is cheap for what needs it (the
 * innocent named by a false face match) and takes 1/16 of the bytes of a full list.
 */
export interface CellIndex {
  /** members of cell k are ranks cellStart[k] .. cellStart[k+1] of the whole sorted population */
  cellStart: Uint32Array;
  /** checkpoints of cell k start at checkpointStart[k]; checkpoint j is its member of rank j * 64 */
  checkpointStart: Uint32Array;
  checkpoints: Uint32Array;
}

export const cellOf = (c: Citizens, i: number): number => c.group[i] * 2 + c.sex[i];

export function indexCells(c: Citizens, groups: number): CellIndex {
  const cells = groups * 2;
  const n = c.group.length;
  const cellStart = new Uint32Array(cells + 1);
  for (let i = 0; i < n; i++) cellStart[cellOf(c, i) + 1]++;
  const checkpointStart = new Uint32Array(cells + 1);
  for (let k = 0; k < cells; k++) checkpointStart[k + 1] = checkpointStart[k] + Math.ceil(cellStart[k + 1] / STRIDE);
  for (let k = 0; k < cells; k++) cellStart[k + 1] += cellStart[k];
  const checkpoints = new Uint32Array(checkpointStart[cells]);
  const seen = new Uint32Array(cells);
  for (let i = 0; i < n; i++) {
    const k = cellOf(c, i);
    if (seen[k] % STRIDE === 0) checkpoints[checkpointStart[k] + seen[k] / STRIDE] = i;
    seen[k]++;
  }
  return { cellStart, checkpointStart, checkpoints };
}

/** How many citizens cell k holds. */
export const cellSize = (index: CellIndex, k: number): number => index.cellStart[k + 1] - index.cellStart[k];

/** The member of cell k of rank r (0 = lowest id). */
export function cellMember(index: CellIndex, c: Citizens, k: number, r: number): number {
  let i = index.checkpoints[index.checkpointStart[k] + Math.floor(r / STRIDE)];
  for (let left = r % STRIDE; left > 0; ) if (cellOf(c, ++i) === k) left--;
  return i;
}
