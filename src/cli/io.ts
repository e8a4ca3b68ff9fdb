import { InputError, RunInterrupted, ServiceUnavailable, formatIssue } from '../essentials.ts';

/** Exit codes: 0 done, 1 failure of ours, 2 bad input, 130 interrupted. */
export const EXIT = { ok: 0, failure: 1, badInput: 2, interrupted: 130 } as const;

/** Where a command writes; tests pass their own. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  isTTY: Boolean(process.stderr.isTTY),
};

/** Bad input is reported as its issues, without a stack trace; anything else is our bug. */
export function reportError(error: unknown, io: Io): number {
  if (error instanceof InputError) {
    io.err(`credence: ${error.issues.length > 1 ? `${error.issues.length} problems` : 'error'}:`);
    for (const issue of error.issues) io.err(`  ${formatIssue(issue)}`);
    return EXIT.badInput;
  }
  if (error instanceof ServiceUnavailable) {
    io.err(`credence: ${error.message}`);
    return EXIT.failure;
  }
  if (error instanceof RunInterrupted) {
    io.err(`credence: ${error.message}`);
    return EXIT.interrupted;
  }
  // the file system refused (a full disk, a permission taken away meanwhile): said plainly, not as our bug
  const e = error as NodeJS.ErrnoException;
  if (e instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string' && FS_ERRORS.has(e.code)) {
    io.err(`credence: error: cannot ${e.syscall}${e.path ? ` ${e.path}` : ''}: ${e.code}`);
    return EXIT.badInput;
  }
  io.err(`credence: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT.failure;
}

/** File-system errors that are the machine's state, not a bug of ours. */
const FS_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'EEXIST', 'ENOENT', 'ELOOP', 'EMFILE', 'EBUSY']);
