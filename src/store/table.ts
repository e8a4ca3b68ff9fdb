import type { DuckDBConnection } from '@duckdb/node-api';
import type { Vector } from '@duckdb/node-bindings';

type NumberArray = Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** How a SQL type is written into a data chunk (its DuckDB type is the @duckdb/node-api export of the same name). */
interface Kind {
  /** The typed array laid out as DuckDB holds the type in a vector; VARCHAR has none. */
  array?: new (
    length: number,
  ) => NumberArray;
  /** The number stored for a value that is not null or undefined, or null for NULL; throws, as the appender did, on a value the type cannot hold. */
  store?: (v: unknown) => number | null;
  /** A typed array whose elements `store` would all return unchanged (or null for NaN), so it is copied as it is. */
  verbatim?: boolean;
}

function number(v: unknown): number {
  if (typeof v !== 'number') throw new TypeError('A number was expected');
  return v;
}

function integer(name: string, min: number, max: number) {
  return (v: unknown) => {
    if (!Number.isInteger(number(v))) throw new Error('number is not an integer');
    if ((v as number) < min || (v as number) > max) throw new Error(`number out of ${name} range`);
    return v as number;
  };
}

/** SQL types the store writes. */
const KINDS = {
  BOOLEAN: { array: Uint8Array, store: (v: unknown) => (v ? 1 : 0) },
  UTINYINT: { array: Uint8Array, store: integer('uint8', 0, 255), verbatim: true },
  SMALLINT: { array: Int16Array, store: integer('int16', -32768, 32767), verbatim: true },
  USMALLINT: { array: Uint16Array, store: integer('uint16', 0, 65535), verbatim: true },
  INTEGER: { array: Int32Array, store: integer('int32', -2147483648, 2147483647), verbatim: true },
  UINTEGER: { array: Uint32Array, store: integer('uint32', 0, 4294967295), verbatim: true },
  FLOAT: { array: Float32Array, store: number, verbatim: true },
  DOUBLE: { array: Float64Array, store: (v: unknown) => (Number.isNaN(number(v)) ? null : (v as number)), verbatim: true },
  VARCHAR: {},
} as const satisfies Record<string, Kind>;

export type SqlType = keyof typeof KINDS;

/** A column to write: its name, SQL type, and its values by row (a typed array or a function of the row). */
export interface Column {
  name: string;
  type: SqlType;
  values: ArrayLike<unknown> | ((row: number) => unknown);
}

/** Bytes of a duckdb_string_t, and how many of them hold a short string inline. */
const STRING_BYTES = 16;
const INLINE_BYTES = 12;

/** Create `table` with these columns (their names and SQL types, in order). */
export async function createTable(connection: DuckDBConnection, table: string, columns: Pick<Column, 'name' | 'type'>[]): Promise<void> {
  await connection.run(`CREATE TABLE "${table}" (${columns.map((c) => `"${c.name}" ${c.type}`).join(', ')})`);
}

/**
 * Create `table` (or, with `append`, add to it) and append `rows` rows from columns through DuckDB's appender, a data chunk
 * (CHUNK_ROWS rows) at a time. null and undefined are NULL, and so is a DOUBLE's NaN; a BOOLEAN is Boolean(v), a VARCHAR String(v).
 */
export async function writeTable(connection: DuckDBConnection, table: string, columns: Column[], rows: number, options: { append?: boolean } = {}): Promise<void> {
  const { api, bindings: duck, chunkRows: CHUNK_ROWS } = await import('./duckdb.js');
  if (!options.append) await createTable(connection, table, columns);
  const appender = await connection.createAppender(table);
  const kinds: Kind[] = columns.map((c) => KINDS[c.type]);
  const chunk = api.DuckDBDataChunk.create(columns.map((c) => api[c.type]));
  const buffers = kinds.map((k) => (k.array ? new k.array(CHUNK_ROWS) : undefined));
  const strings = kinds.some((k) => !k.array) ? new Uint8Array(CHUNK_ROWS * STRING_BYTES) : undefined;
  const valid = new Uint32Array(Math.ceil(CHUNK_ROWS / 64) * 2);
  for (let start = 0; start < rows; start += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, rows - start);
    chunk.reset();
    chunk.rowCount = n;
    for (let c = 0; c < columns.length; c++) {
      const vector = duck.data_chunk_get_vector(chunk.chunk, c);
      const values = columns[c].values;
      const buffer = buffers[c];
      valid.fill(0xffffffff);
      let nulls: number;
      if (buffer === undefined) nulls = fillStrings(duck, vector, strings!, values, start, n, valid);
      else {
        nulls = fillNumbers(kinds[c], columns[c].type === 'DOUBLE', buffer, values, start, n, valid);
        duck.copy_data_to_vector(vector, 0, buffer.buffer as ArrayBuffer, buffer.byteOffset, n * buffer.BYTES_PER_ELEMENT);
      }
      if (nulls > 0) {
        duck.vector_ensure_validity_writable(vector);
        duck.copy_data_to_vector_validity(vector, 0, valid.buffer, 0, Math.ceil(n / 64) * 8);
      }
    }
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
}

/** Fill `buffer` with rows start..start+n of a numeric or BOOLEAN column, clearing the `valid` bit of each NULL; returns the number of NULLs. */
function fillNumbers(kind: Kind, double: boolean, buffer: NumberArray, values: Column['values'], start: number, n: number, valid: Uint32Array): number {
  let nulls = 0;
  if (kind.verbatim && values instanceof (kind.array as unknown as typeof Uint8Array) && start + n <= values.length) {
    buffer.set(values.subarray(start, start + n));
    if (double) {
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(buffer[i])) {
          setNull(valid, i);
          buffer[i] = 0;
          nulls++;
        }
      }
    }
    return nulls;
  }
  const store = kind.store!;
  const read = typeof values === 'function' ? values : (row: number) => values[row];
  for (let i = 0; i < n; i++) {
    const v = read(start + i);
    const stored = v === null || v === undefined ? null : store(v);
    if (stored === null) {
      setNull(valid, i);
      buffer[i] = 0;
      nulls++;
    } else buffer[i] = stored;
  }
  return nulls;
}

/** Clear row i's bit in a validity mask. */
function setNull(valid: Uint32Array, i: number): void {
  valid[i >>> 5] &= ~(1 << (i & 31));
}

/**
 * Write rows start..start+n of a VARCHAR column into `vector`, clearing the `valid` bit of each NULL; returns the number of NULLs.
 * A vector of VARCHAR holds a duckdb_string_t per row (duckdb.h): a 32-bit length, then up to 12 bytes inline, zero-padded, or a
 * prefix and a pointer to bytes held by the vector. Short ASCII strings (most of the store's: names of metrics, types, groups)
 * are laid out inline in `slots` and copied in with one call; the rest are assigned one by one by DuckDB, after that copy.
 */
function fillStrings(duck: typeof import('@duckdb/node-bindings'), vector: Vector, slots: Uint8Array, values: Column['values'], start: number, n: number, valid: Uint32Array): number {
  let nulls = 0;
  const read = typeof values === 'function' ? values : (row: number) => values[row];
  const lengths = new Uint32Array(slots.buffer, slots.byteOffset, n * (STRING_BYTES / 4));
  const others: number[] = [];
  const otherStrings: string[] = [];
  slots.fill(0, 0, n * STRING_BYTES);
  for (let i = 0; i < n; i++) {
    const v = read(start + i);
    if (v === null || v === undefined) {
      setNull(valid, i);
      nulls++;
      continue;
    }
    const text = String(v);
    const at = i * STRING_BYTES + 4;
    let j = 0;
    if (text.length <= INLINE_BYTES) {
      for (; j < text.length; j++) {
        const code = text.charCodeAt(j);
        if (code > 0x7f) break;
        slots[at + j] = code;
      }
    }
    if (j === text.length) lengths[i * (STRING_BYTES / 4)] = j;
    else {
      slots.fill(0, at, at + j);
      others.push(i);
      otherStrings.push(text);
    }
  }
  duck.copy_data_to_vector(vector, 0, slots.buffer as ArrayBuffer, slots.byteOffset, n * STRING_BYTES);
  for (let k = 0; k < others.length; k++) duck.vector_assign_string_element(vector, others[k], otherStrings[k]);
  return nulls;
}

/** The SQL type that holds a typed array's values. */
export function sqlTypeOf(array: ArrayLike<number>): SqlType {
  if (array instanceof Uint8Array) return 'UTINYINT';
  if (array instanceof Int16Array) return 'SMALLINT';
  if (array instanceof Uint16Array) return 'USMALLINT';
  if (array instanceof Uint32Array) return 'UINTEGER';
  if (array instanceof Int32Array) return 'INTEGER';
  if (array instanceof Float32Array) return 'FLOAT';
  return 'DOUBLE';
}
