/**
 * Column tables: an entity kind is a record of typed arrays indexed by id (struct of arrays).
 * A table is declared once as name -> array type; allocation, byte counts and snapshots all
 * read that declaration, so adding a column is one line.
 */
export type ArrayType =
  | Uint8ArrayConstructor
  | Uint16ArrayConstructor
  | Uint32ArrayConstructor
  | Int32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

export type ColumnSpec = Record<string, ArrayType>;
export type Columns<S extends ColumnSpec> = { [K in keyof S]: InstanceType<S[K]> };

export function allocate<S extends ColumnSpec>(spec: S, n: number): Columns<S> {
  const out = {} as Record<string, unknown>;
  for (const [name, Type] of Object.entries(spec)) out[name] = new Type(n);
  return out as Columns<S>;
}

export function bytesPerRow(spec: ColumnSpec): number {
  return Object.values(spec).reduce((sum, Type) => sum + Type.BYTES_PER_ELEMENT, 0);
}
