import { statSync, readFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { InputError } from '../scenario/errors.ts';
import { packageRoot } from '../core/package-root.ts';
import { LIMITS } from './yaml.ts';

/** Where the shipped scenarios are. */
export const SCENARIO_DIR = join(packageRoot(), 'scenarios');

/** A shipped scenario's name (`rongcheng`) or a path to a YAML file (a regular file: not a directory, a device or a pipe). */
export function resolveScenarioPath(nameOrPath: string): string {
  const kind = fileKind(nameOrPath);
  if (kind === 'file') return resolve(nameOrPath);
  // shipped names may name a folder's scenario (reference/epstein)
  const shipped = shippedFile(nameOrPath, /^[a-z0-9/_-]+$/);
  if (shipped !== undefined) return shipped;
  if (kind === 'other') throw new InputError([{ file: nameOrPath, message: 'not a regular file (a directory, a device or a pipe): expected a YAML scenario file' }]);
  throw new InputError([{ message: `no scenario file "${nameOrPath}" and no shipped scenario of that name (try: credence scenarios)` }]);
}

export function fileKind(path: string): 'file' | 'other' | 'none' {
  try {
    return statSync(path).isFile() ? 'file' : 'other';
  } catch {
    return 'none';
  }
}

/** A scenario file's text, refused before reading when it is too large. */
export function readScenarioFile(file: string): string {
  const size = statSync(file).size;
  if (size > LIMITS.bytes) throw new InputError([{ file, message: `a file of ${size.toLocaleString('en')} bytes: a scenario may have at most ${LIMITS.bytes.toLocaleString('en')}` }]);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError([{ file, message: `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}` }]);
  }
}

/** The file of a shipped scenario, if `name` matches `pattern` and names one. */
function shippedFile(name: string, pattern: RegExp): string | undefined {
  const file = join(SCENARIO_DIR, `${name}.yaml`);
  return pattern.test(name) && fileKind(file) === 'file' ? file : undefined;
}

/** A shipped scenario a file may extend: a plain name, no folder. */
export function resolveShipped(name: string): string {
  const shipped = shippedFile(name, /^[a-z0-9_-]+$/);
  if (shipped !== undefined) return shipped;
  throw new InputError([{ message: `no shipped scenario "${name}" (try: credence scenarios)` }]);
}
