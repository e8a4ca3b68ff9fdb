import { InvalidArgumentError } from 'commander';
import { parse as parseYaml } from 'yaml';

/** Parse a whole number given on the command line, or say what was wrong. */
export function integer(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number, found "${value}"`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a whole number of at most 15 digits, found "${value.trim().slice(0, 40)}"`);
  return n;
}

/** A thread count from 1 to 64. */
export function threadCount(value: string): number {
  const n = integer(value);
  if (n < 1 || n > 64) throw new InvalidArgumentError(`expected 1 to 64 threads, found ${n}`);
  return n;
}

/** Collect repeated `--set field.path=value` options; values are read as YAML scalars. */
export function collectSet(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected field.path=value, found "${value}"`);
  const field = value.slice(0, eq).trim();
  let parsed: unknown;
  try {
    parsed = parseYaml(value.slice(eq + 1), { maxAliasCount: 0 });
  } catch (error) {
    // a value that is not YAML (an alias, an unclosed bracket, nesting too deep) is bad input, said in one line
    throw new InvalidArgumentError(`${field}: not a YAML value: ${(error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 200)}`);
  }
  // a tag (!!binary, !!set, !!timestamp) makes something a scenario field never holds
  if (!plain(parsed)) throw new InvalidArgumentError(`${field}: expected a number, a string, true/false or a list or mapping of them, found a tagged YAML value`);
  return { ...previous, [field]: parsed };
}

function plain(v: unknown): boolean {
  if (v === null || ['number', 'string', 'boolean'].includes(typeof v)) return true;
  if (Array.isArray(v)) return v.every(plain);
  return typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype && Object.values(v as object).every(plain);
}

export function integerList(value: string): number[] {
  return value.split(',').map((v) => integer(v));
}

/** A whole number of at least `min`, e.g. replications (a paired interval needs two). */
export const atLeast =
  (min: number, why = '', max = Number.MAX_SAFE_INTEGER) =>
  (value: string): number => {
    const n = integer(value);
    if (n < min) throw new InvalidArgumentError(`expected a whole number >= ${min}${why}, found ${n}`);
    if (n > max) throw new InvalidArgumentError(`expected a whole number <= ${max}, found ${n}`);
    return n;
  };

/** A TCP port: 0 (any free one) to 65535. */
export function port(value: string): number {
  const n = integer(value);
  if (n < 0 || n > 65535) throw new InvalidArgumentError(`expected a port from 0 to 65535, found ${n}`);
  return n;
}
