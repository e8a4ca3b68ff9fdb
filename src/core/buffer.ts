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
