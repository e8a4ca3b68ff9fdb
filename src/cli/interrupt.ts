import type cliProgress from 'cli-progress';
import { RunInterrupted, discardPendingSync } from '../essentials.ts';
import { EXIT, type Io } from './io.ts';

/**
 * Signals. Outside long work, SIGINT or SIGTERM ends the command at once with 130, removing
 * anything half-written. During long work (`stoppable`) the first one asks the work to stop
 * cleanly (it keeps nothing half-written and the command exits 130); a second one removes what
 * is half-written and exits 130 at once.
 */
let active = 0;
let lateSignal = false;

function forceExit(): never {
  discardPendingSync();
  process.exit(EXIT.interrupted);
}

/** For the CLI's own process (main.ts): signals outside long work end it with 130. */
export function installSignalHandlers(): void {
  for (const name of ['SIGINT', 'SIGTERM'] as const)
    process.on(name, () => {
      if (active === 0) forceExit();
    });
}

/** Whether a signal came after the work was complete (it was kept; the command still exits 130). Reset by each call of the CLI. */
export const takeLateSignal = () => {
  const was = lateSignal;
  lateSignal = false;
  return was;
};

/**
 * Do long work that Ctrl-C (SIGINT) or SIGTERM may stop: the work polls `shouldStop` (or
 * listens to `signal`) and stops cleanly, keeping nothing half-written, with RunInterrupted;
 * the bar, if any, is stopped either way.
 */
export async function stoppable<T>(work: (shouldStop: () => boolean, signal: AbortSignal) => Promise<T>, bar?: cliProgress.SingleBar, io?: Io): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) forceExit();
    controller.abort();
    bar?.stop();
    io?.err('credence: stopping (press Ctrl-C again to stop at once)');
  };
  active++;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await work(() => controller.signal.aborted, controller.signal);
    if (controller.signal.aborted) lateSignal = true;
    return result;
  } finally {
    bar?.stop();
    active--;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Throw RunInterrupted (`what` interrupted; nothing kept) if a signal came: for a checkpoint before a result is renamed into place. */
export const checkpoint = (shouldStop: () => boolean, what: string) => () => {
  if (shouldStop()) throw new RunInterrupted(what);
};
