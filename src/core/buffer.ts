import { allocate, type ColumnSpec, type Columns } from './columns.ts';

/**
 * A preallocated, growable columnar buffer for one day's rows. Rows are appended with `reserve`,
 * which returns the row index; columns are read through `buf.cols` after the last reserve, since
 * growing replaces the arrays.
 */
export interface Buffer<S extends ColumnSpec> {
  spec: S;
  length: number;
  capacity: number;
  cols: Columns<S>;
}

/** Growth of a full buffer: modest, since the day tables are the largest and a day is rarely much busier than the last. */
const GROWTH = 1.25;

export function createBuffer<S extends ColumnSpec>(spec: S, capacity: number): Buffer<S> {
  const cap = Math.max(16, Math.ceil(capacity));
  return { spec, length: 0, capacity: cap, cols: allocate(spec, cap) };
}

export function reserve<S extends ColumnSpec>(buf: Buffer<S>): number {
  if (buf.length === buf.capacity) grow(buf, Math.ceil(buf.capacity * GROWTH));
  return buf.length++;
}

/** Make the buffer able to hold `rows` rows in all, keeping its content. */
export function ensureCapacity<S extends ColumnSpec>(buf: Buffer<S>, rows: number): void {
  if (rows > buf.capacity) grow(buf, Math.max(rows, Math.ceil(buf.capacity * GROWTH)));
}

function grow<S extends ColumnSpec>(buf: Buffer<S>, capacity: number) {
  const next = allocate(buf.spec, capacity);
  for (const name of Object.keys(buf.spec) as (keyof S)[]) next[name].set(buf.cols[name].subarray(0, buf.length) as never);
  buf.cols = next;
  buf.capacity = capacity;
}

export function clear(buf: { length: number }): void {
  buf.length = 0;
}

/** Rows of a table handed back by a span: its columns (at least `length` rows) and how many rows it holds. */
export interface Rows<S extends ColumnSpec> {
  cols: Columns<S>;
  length: number;
}

/** A buffer's rows as a copy of just those rows, on memory of their own: what a span hands back to be merged. */
export function rowsOf<S extends ColumnSpec>(buf: Buffer<S>): Rows<S> {
  const cols = Object.fromEntries(Object.keys(buf.spec).map((name) => [name, (buf.cols[name] as unknown as Uint32Array).slice(0, buf.length)]));
  return { cols: cols as Columns<S>, length: buf.length };
}

/**
 * Append to `target` the rows of `parts`, each in order of its `key` column, merged in that order (a
 * tie goes to the earlier part): what one writer going through the keys in order would have
 * written. Rows are copied in runs, column by column.
 */
export function appendMerged<S extends ColumnSpec>(target: Buffer<S>, parts: readonly Rows<S>[], key: keyof S): void {
  let total = 0;
  for (const part of parts) total += part.length;
  ensureCapacity(target, target.length + total);
  const names = Object.keys(target.spec) as (keyof S)[];
  const keys = parts.map((part) => part.cols[key] as ArrayLike<number>);
  const at = new Array<number>(parts.length).fill(0);
  const next = (p: number) => (at[p] < parts[p].length ? keys[p][at[p]] : Infinity);
  let j = target.length;
  for (;;) {
    let best = -1;
    for (let p = 0; p < parts.length; p++) if (at[p] < parts[p].length && (best < 0 || next(p) < next(best))) best = p;
    if (best < 0) break;
    // the run of the best part's rows that come before every other part's next row
    let limit = Infinity,
      earlierAtLimit = false;
    for (let p = 0; p < parts.length; p++) {
      if (p === best) continue;
      const k = next(p);
      if (k < limit) {
        limit = k;
        earlierAtLimit = p < best;
      } else if (k === limit && p < best) earlierAtLimit = true;
    }
    let end = at[best] + 1;
    while (end < parts[best].length && (keys[best][end] < limit || (keys[best][end] === limit && !earlierAtLimit))) end++;
    for (const name of names) (target.cols[name] as unknown as { set(a: ArrayLike<number>, at: number): void }).set((parts[best].cols[name] as unknown as Uint32Array).subarray(at[best], end), j);
    j += end - at[best];
    at[best] = end;
  }
  target.length = j;
}
