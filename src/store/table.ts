import type { DuckDBConnection, DuckDBAppender } from '@duckdb/node-api';

/** SQL types the store writes, each with the appender call that writes it. */
const APPEND = {
  BOOLEAN: (a: DuckDBAppender, v: unknown) => a.appendBoolean(Boolean(v)),
  UTINYINT: (a: DuckDBAppender, v: unknown) => a.appendUTinyInt(v as number),
  SMALLINT: (a: DuckDBAppender, v: unknown) => a.appendSmallInt(v as number),
  USMALLINT: (a: DuckDBAppender, v: unknown) => a.appendUSmallInt(v as number),
  INTEGER: (a: DuckDBAppender, v: unknown) => a.appendInteger(v as number),
  UINTEGER: (a: DuckDBAppender, v: unknown) => a.appendUInteger(v as number),
  FLOAT: (a: DuckDBAppender, v: unknown) => a.appendFloat(v as number),
  DOUBLE: (a: DuckDBAppender, v: unknown) => (Number.isNaN(v) ? a.appendNull() : a.appendDouble(v as number)),
  VARCHAR: (a: DuckDBAppender, v: unknown) => a.appendVarchar(String(v)),
} as const;

export type SqlType = keyof typeof APPEND;

/** A column to write: its name, SQL type, and its values by row (a typed array or a function of the row). */
export interface Column {
  name: string;
  type: SqlType;
  values: ArrayLike<unknown> | ((row: number) => unknown);
}

/** Create `table` (or, with `append`, add to it) and append `rows` rows from columns through DuckDB's appender. */
export async function writeTable(connection: DuckDBConnection, table: string, columns: Column[], rows: number, options: { append?: boolean } = {}): Promise<void> {
  const ddl = columns.map((c) => `"${c.name}" ${c.type}`).join(', ');
  if (!options.append) await connection.run(`CREATE TABLE "${table}" (${ddl})`);
  const appender = await connection.createAppender(table);
  const writers = columns.map((c) => {
    const write = APPEND[c.type];
    return (a: DuckDBAppender, v: unknown) => (v === null || v === undefined ? a.appendNull() : write(a, v));
  });
  const readers = columns.map((c) =>
    typeof c.values === 'function'
      ? c.values
      : (
          (values) => (row: number) =>
            values[row]
        )(c.values),
  );
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns.length; c++) writers[c](appender, readers[c](r));
    appender.endRow();
  }
  appender.closeSync();
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
