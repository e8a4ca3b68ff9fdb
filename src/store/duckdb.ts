// DuckDB, loaded when a command first opens a results file: `import('./duckdb.js')`, never a static import, so that a
// command that writes nothing (`--help`, `validate`) does not load the native library (~0.1 s). One module imports both
// packages statically: the CLI's bundle then carries @duckdb/node-api's ~180 CommonJS files as one chunk (0.1 s less to load
// than through Node's CommonJS loader), and a static import is what gives a bundled CommonJS module its named exports.
import * as api from '@duckdb/node-api';
import * as bindingsModule from '@duckdb/node-bindings';

export { api };
export const { DuckDBInstance } = api;

/**
 * The bindings under the API (pinned to the version the API pins), which copy a typed array into a vector in one call.
 * A CommonJS module: its exports are the namespace's default.
 */
export const bindings = (bindingsModule as unknown as { default: typeof import('@duckdb/node-bindings') }).default;

// A BOOLEAN is written as one byte; a validity mask (64-bit words) as 32-bit words and a string's length as the first 4 bytes of
// its duckdb_string_t, both of which hold only on a little-endian machine.
if (bindings.sizeof_bool !== 1 || new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('the results store needs one-byte booleans and a little-endian machine');

/** Rows in a data chunk: DuckDB's vector size. */
export const chunkRows = bindings.vector_size();
