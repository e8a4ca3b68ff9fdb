import { createHash } from 'node:crypto';
import type { Scenario } from '../scenario/schema.ts';
import type { World } from '../world.ts';
import type { Measurer } from '../measure/index.ts';
import { inputError } from '../scenario/errors.ts';
import { coverageOf } from '../consequence/broker.ts';

/** Any typed array a run keeps its state in. */
export type Column = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array | Uint8ClampedArray;

/** The typed arrays a checkpoint can hold, by name. */
export const COLUMN_TYPES = { Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array, Uint8ClampedArray } as const;

/**
 * A run's complete state at the start of a day: enough to continue it as if it had never stopped.
 * `state` is the world and the measurer walked into plain JSON, each typed array replaced by
 * `{ $a: k }`, the index of its content in `columns` (an array met twice, as the standing's
 * `scores` and its scorers' `score` are, is kept once). The random draws are keyed by seed, citizen
 * and day (core/random.ts), so no generator state is needed beyond the seed and the day.
 */
export interface Checkpoint {
  /** the scenario the run was started with (its schedule included); the one in force is derived from it and the day */
  scenario: Scenario;
  seed: number;
  /** the day the continued run starts on: the days before it have run */
  day: number;
  disabled: string[];
  state: unknown;
  columns: Column[];
}

/** What a checkpoint leaves out of the world: the scenario and the policy are the scenario's, the switched-off mechanisms are listed apart. */
const DERIVED = new Set<string>(['scenario', 'policy', 'disabled']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isPlain = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** A number JSON cannot hold (NaN, infinities, -0), or a value that is not there. */
function encodeNumber(v: number): Json {
  return Number.isFinite(v) && !Object.is(v, -0) ? v : { $n: Object.is(v, -0) ? '-0' : String(v) };
}

/**
 * Walk the state: typed arrays, numbers, strings, booleans and null, in plain objects and arrays.
 * Functions (compiled rules, a metric's formula, a table's column types) are the code's, not the
 * state's, and are left out. Anything else (a Map, a class instance) stops the walk with its
 * path: state kept where the walk cannot see it would be silently lost.
 */
function encode(value: unknown, path: string, columns: Column[], index: Map<Column, number>, within: Set<object>): Json | undefined {
  if (typeof value === 'function') return undefined;
  if (value === undefined) return { $u: 1 };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return encodeNumber(value);
  if (typeof value !== 'object') throw new Error(`a checkpoint cannot save ${path}: a ${typeof value}`);
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name as keyof typeof COLUMN_TYPES;
    if (!(name in COLUMN_TYPES)) throw new Error(`a checkpoint cannot save ${path}: a ${value.constructor.name}`);
    let k = index.get(value as Column);
    if (k === undefined) {
      k = columns.push(value as Column) - 1;
      index.set(value as Column, k);
    }
    return { $a: k };
  }
  if (within.has(value)) throw new Error(`a checkpoint cannot save ${path}: it refers back to itself`);
  within.add(value);
  try {
    if (Array.isArray(value)) return value.map((v, i) => encode(v, `${path}[${i}]`, columns, index, within) ?? null);
    if (!isPlain(value)) throw new Error(`a checkpoint cannot save ${path}: a ${value.constructor?.name ?? 'object'}; keep a run's state in typed arrays, numbers and plain objects`);
    const out: Record<string, Json> = {};
    for (const [key, v] of Object.entries(value)) {
      if (path === '.world' && DERIVED.has(key)) continue;
      const encoded = encode(v, `${path}.${key}`, columns, index, within);
      if (encoded !== undefined) out[key] = encoded;
    }
    return out;
  } finally {
    within.delete(value);
  }
}

/**
 * The state of a simulation between two days: the world (but its scenario and policy) and the
 * measurer (its log so far, today's tally, the records). The columns are the simulation's own,
 * not copies: write them out before the next day runs.
 * @example const cp = captureCheckpoint(sim.world, sim.measurer, scenario, sim.progress().day); writeCheckpoint(file, cp);
 */
export function captureCheckpoint(world: World, measurer: Measurer, scenario: Scenario, day: number): Checkpoint {
  const columns: Column[] = [];
  const state = encode({ world, measurer }, '', columns, new Map(), new Set());
  return { scenario, seed: world.seed, day, disabled: [...world.disabled], state, columns };
}

const isColumnRef = (v: unknown): v is { $a: number } => typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { $a?: unknown }).$a === 'number';
const isSpecial = (v: unknown): v is { $n: string } | { $u: 1 } => typeof v === 'object' && v !== null && !Array.isArray(v) && ('$n' in v || '$u' in v) && Object.keys(v).length === 1;

function decodePrimitive(v: unknown): unknown {
  if (isSpecial(v)) return '$u' in v ? undefined : v.$n === '-0' ? -0 : Number(v.$n);
  return v;
}

const isPrimitive = (v: unknown) => v === null || typeof v !== 'object' || isSpecial(v);

const kindOf = (v: unknown) => (v === null ? 'null' : ArrayBuffer.isView(v) ? 'a column' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a table' : typeof v);

function mismatch(path: string, message: string): never {
  throw inputError(`the checkpoint does not fit this run: ${path.replace(/^\./, '')} ${message}`, { path: '--from' });
}

interface Restoring {
  columns: Column[];
  /** the array each saved column went into */
  placed: (Column | undefined)[];
  /** which saved column each fresh array received */
  taken: Map<Column, number>;
}

/** Put a saved value into `parent[key]`, in place where the fresh world already has an array of the right size (shared memory stays shared). */
function restore(parent: Record<string, unknown> | unknown[], key: string | number, saved: unknown, path: string, r: Restoring): void {
  const slot = parent as Record<string | number, unknown>;
  const fresh = slot[key];
  if (isColumnRef(saved)) {
    const data = r.columns[saved.$a];
    if (!ArrayBuffer.isView(fresh) || fresh.constructor !== data?.constructor) mismatch(path, `is ${data ? data.constructor.name : 'a missing column'} in the checkpoint and ${kindOf(fresh)} here`);
    let target = r.placed[saved.$a];
    if (target === undefined) {
      const column = fresh as Column;
      const free = !r.taken.has(column);
      if (free && column.length === data.length) target = column;
      else {
        // a day table that grew, the register of a new year: an array of the saved size, on shared memory if the fresh one was
        const Type = column.constructor as new (b: ArrayBufferLike) => Column;
        target = new Type(column.buffer instanceof SharedArrayBuffer ? new SharedArrayBuffer(data.byteLength) : new ArrayBuffer(data.byteLength));
      }
      target.set(data as never);
      r.placed[saved.$a] = target;
      r.taken.set(target, saved.$a);
    }
    if (target !== fresh) slot[key] = target;
    return;
  }
  if (isPrimitive(saved)) {
    if (fresh !== null && typeof fresh === 'object') mismatch(path, `is a value in the checkpoint and ${kindOf(fresh)} here`);
    slot[key] = decodePrimitive(saved);
    return;
  }
  if (Array.isArray(saved)) {
    if (!Array.isArray(fresh)) mismatch(path, `is a list in the checkpoint and ${kindOf(fresh)} here`);
    if (fresh.length !== saved.length) {
      if (!saved.every(isPrimitive)) mismatch(path, `has ${saved.length} entries in the checkpoint and ${fresh.length} here`);
      slot[key] = saved.map(decodePrimitive);
      return;
    }
    saved.forEach((v, i) => restore(fresh, i, v, `${path}[${i}]`, r));
    return;
  }
  if (fresh === null || typeof fresh !== 'object' || Array.isArray(fresh) || ArrayBuffer.isView(fresh)) mismatch(path, `is a table in the checkpoint and ${kindOf(fresh)} here`);
  const table = fresh as Record<string, unknown>;
  const want = Object.keys(saved as object);
  const have = Object.keys(table).filter((k) => typeof table[k] !== 'function' && !(path === '.world' && DERIVED.has(k)));
  const missing = have.find((k) => !want.includes(k)) ?? want.find((k) => !have.includes(k));
  if (missing !== undefined) mismatch(`${path}.${missing}`, have.includes(missing) ? 'is not in the checkpoint' : 'is in the checkpoint but not in this run');
  for (const k of want) restore(table, k, (saved as Record<string, unknown>)[k], `${path}.${k}`, r);
}

/** Fields a continued run must share with its checkpoint: who lives where and how it is recorded. */
const FIXED = ['population', 'output', 'city.width', 'city.height', 'city.residentDispersion', 'city.cities'] as const;

const at = (s: Scenario, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], s);

/**
 * Put a checkpoint's state into a freshly built world and measurer of the same scenario, before
 * any day runs and before life threads start (they share the columns). `seed`, when it is not the
 * checkpoint's, keys the draws of the days to come (paired replications of a comparison branched
 * from one state); what was drawn once per run from the first seed is kept.
 */
export function restoreCheckpoint(world: World, measurer: Measurer, scenario: Scenario, checkpoint: Checkpoint, seed = checkpoint.seed): void {
  for (const path of FIXED) {
    if (JSON.stringify(at(scenario, path)) !== JSON.stringify(at(checkpoint.scenario, path)))
      throw inputError(`${path} cannot change from a checkpoint: the city and its people are the checkpoint's`, { path: '--set' });
  }
  if (world.seed !== checkpoint.seed) throw new Error(`restoreCheckpoint: the world is built with seed ${world.seed}, the checkpoint's is ${checkpoint.seed}`);
  const saved = checkpoint.state as { world?: unknown; measurer?: unknown };
  const r: Restoring = { columns: checkpoint.columns, placed: [], taken: new Map() };
  const root = { world, measurer } as Record<string, unknown>;
  restore(root, 'world', saved.world, '.world', r);
  restore(root, 'measurer', saved.measurer, '.measurer', r);
  // the broker's coverage is drawn once a run, on its first day, under the first scenario and seed (consequence/broker.ts)
  coverageOf(world);
  world.seed = seed;
}

/**
 * A SHA-256 of the whole state a checkpoint would hold: every column byte and every number. Equal
 * digests at the end of two runs, equal runs, to the last column.
 */
export function stateDigest(world: World, measurer: Measurer): string {
  const { state, columns } = captureCheckpoint(world, measurer, world.scenario, 0);
  const hash = createHash('sha256').update(JSON.stringify(state));
  for (const c of columns) hash.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  return hash.digest('hex');
}
