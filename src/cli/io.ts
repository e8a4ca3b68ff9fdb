import { InputError, RunInterrupted, formatIssue } from '../index.ts';

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
  if (error instanceof RunInterrupted) {
    io.err(`credence: ${error.message}`);
    return EXIT.interrupted;
  }
  io.err(`credence: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT.failure;
}
