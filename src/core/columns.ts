/**
 * Column tables: an entity kind is a record of typed arrays indexed by id (struct of arrays).
 * A table is declared once as name -> array type; allocation, byte counts and snapshots all
 * read that declaration, so adding a column is one line.
 */
export type ArrayType = Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor | Int16ArrayConstructor | Int32ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor;

export type ColumnSpec = Record<string, ArrayType>;
export type Columns<S extends ColumnSpec> = { [K in keyof S]: InstanceType<S[K]> };

/**
 * A zeroed typed array on shared memory: worker threads work on state in place (engine/threads.ts),
 * and plain reads and writes cost the same as on an ordinary buffer.
 */
export function sharedArray<T extends ArrayType>(Type: T, length: number): InstanceType<T> {
  const OnBuffer = Type as unknown as new (buffer: SharedArrayBuffer) => InstanceType<T>;
  return new OnBuffer(new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT));
}

export function allocate<S extends ColumnSpec>(spec: S, n: number): Columns<S> {
  // made whole by fromEntries: an object grown key by key past a few dozen columns falls into V8's dictionary mode, where
  // every read of a column is a hash lookup (the citizens' 54 columns: life ran about a third slower on the main thread than on a copy)
  return Object.fromEntries(Object.entries(spec).map(([name, Type]) => [name, sharedArray(Type, n)])) as Columns<S>;
}

export function bytesPerRow(spec: ColumnSpec): number {
  return Object.values(spec).reduce((sum, Type) => sum + Type.BYTES_PER_ELEMENT, 0);
}
