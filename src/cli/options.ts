import { InvalidArgumentError } from 'commander';
import { parse as parseYaml } from 'yaml';

/** Parse a whole number given on the command line, or say what was wrong. */
export function integer(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number, found "${value}"`);
  return Number(value);
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
  return { ...previous, [value.slice(0, eq).trim()]: parseYaml(value.slice(eq + 1)) };
}

export function integerList(value: string): number[] {
  return value.split(',').map((v) => integer(v));
}
