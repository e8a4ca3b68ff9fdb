import { statSync, mkdirSync, rmdirSync } from 'node:fs';
import { resolve, dirname, join, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inputError } from '../scenario/errors.ts';

/** Longest file name and path Linux and macOS take (NAME_MAX, PATH_MAX). */
const NAME_MAX = 255;
const PATH_MAX = 4095;

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'a read-only file system',
  ENOSPC: 'no space left on the device',
  ENOENT: 'directories cannot be created there',
  ENOTDIR: 'a file is in the way',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EEXIST: 'it already exists',
};

/** Why a file operation failed, in words, for a message that names the option. */
export const reasonOf = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException)?.code;
  return (code && REASONS[code]) ?? (error instanceof Error ? error.message : String(error));
};

/** The parts of a path that are checked before anything is written: not empty, no NUL, names and path not too long. */
function checkPathText(path: string, option: string): string {
  if (path.trim() === '') throw inputError('expected a path, found an empty string', { path: option });
  if (path.includes('\0')) throw inputError('a path cannot hold a NUL byte', { path: option });
  const full = resolve(path);
  const long = full.split(sep).find((name) => Buffer.byteLength(name) > NAME_MAX);
  if (long !== undefined) throw inputError(`a file name is at most ${NAME_MAX} bytes; "${long.slice(0, 40)}..." has ${Buffer.byteLength(long)}`, { path: option });
  if (Buffer.byteLength(full) > PATH_MAX) throw inputError(`a path is at most ${PATH_MAX} bytes; this one has ${Buffer.byteLength(full)}`, { path: option });
  return full;
}

/** The deepest directory of `full` (or above it) that exists, and the names below it still to create. */
function existingAncestor(full: string, option: string, original: string): { dir: string; missing: string[] } {
  const missing: string[] = [];
  let p = full;
  for (;;) {
    try {
      const st = statSync(p);
      if (!st.isDirectory()) {
        if (p === full) throw inputError(`${original} exists and is not a directory`, { path: option });
        throw inputError(`${original}: ${p} is a file, not a directory`, { path: option });
      }
      return { dir: p, missing };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        if ((error as NodeJS.ErrnoException).code === undefined) throw error;
        throw inputError(`cannot use ${original}: ${reasonOf(error)}`, { path: option });
      }
    }
    const up = dirname(p);
    if (up === p) throw inputError(`cannot use ${original}: no directory of it exists`, { path: option });
    missing.unshift(p.slice(up.length).replace(/^[/\\]/, ''));
    p = up;
  }
}

/** Make and remove an empty directory in `dir`: writable, and a file system where directories can be made (not /proc). */
function probe(dir: string, option: string, original: string) {
  const test = join(dir, `.credence-probe-${process.pid}-${randomBytes(3).toString('hex')}`);
  try {
    mkdirSync(test);
  } catch (error) {
    throw inputError(`cannot write in ${dir} (for ${original}): ${reasonOf(error)}`, { path: option });
  }
  rmdirSync(test);
}

/**
 * Check that `path` can be a directory Credence writes into (existing, or creatable), without
 * creating anything: not empty, names and path not too long, nothing but directories on the
 * way, and writable. Returns the absolute path. A bad path is an InputError naming `option`.
 */
export function checkOutDir(path: string, option = '--out'): string {
  const full = checkPathText(path, option);
  probe(existingAncestor(full, option, path).dir, option, path);
  return full;
}

/** A directory created as `checkOutDir` allows, one level at a time (a recursive mkdir hangs on /proc). Returns the absolute path. */
export function ensureDir(path: string, option = '--out'): string {
  const full = checkPathText(path, option);
  const { dir, missing } = existingAncestor(full, option, path);
  let p = dir;
  for (const name of missing) {
    p = join(p, name);
    try {
      mkdirSync(p);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(p).isDirectory()) continue; // made meanwhile
      throw inputError(`cannot create ${p} (for ${path}): ${reasonOf(error)}`, { path: option });
    }
  }
  return full;
}

/**
 * Check that `path` can be a file Credence writes (a report): its directory usable as by
 * `checkOutDir`, and the path itself new or a regular file (not a directory, not a device).
 */
export function checkOutFile(path: string, option = '--out'): string {
  const full = checkPathText(path, option);
  try {
    const st = statSync(full);
    if (!st.isFile()) throw inputError(`${path} exists and is not a regular file${st.isDirectory() ? ' (a directory: name a file in it)' : ''}`, { path: option });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw inputError(`cannot use ${path}: ${reasonOf(error)}`, { path: option });
  }
  probe(existingAncestor(dirname(full), option, path).dir, option, path);
  return full;
}
