import cliProgress from 'cli-progress';
import type { Io } from './io.ts';

/** A progress bar on stderr (a line every 5 s when stderr is not a terminal), or none when quiet. */
export function progressBar(io: Io, format: string, quiet = false): cliProgress.SingleBar | undefined {
  if (quiet) return undefined;
  return new cliProgress.SingleBar({ format, barsize: 30, hideCursor: true, noTTYOutput: !io.isTTY, notTTYSchedule: 5000, stream: process.stderr }, cliProgress.Presets.shades_classic);
}

/**
 * Do long work that Ctrl-C (SIGINT) or SIGTERM may stop: the work polls `shouldStop` between
 * days and stops cleanly, keeping nothing half-written; the bar, if any, is stopped either way.
 */
export async function stoppable<T>(work: (shouldStop: () => boolean) => Promise<T>, bar?: cliProgress.SingleBar): Promise<T> {
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work(() => interrupted);
  } finally {
    bar?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
