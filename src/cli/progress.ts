import cliProgress from 'cli-progress';
import type { Io } from './io.ts';

/** A progress bar on stderr (a line every 5 s when stderr is not a terminal), or none when quiet. */
export function progressBar(io: Io, format: string, quiet = false): cliProgress.SingleBar | undefined {
  if (quiet) return undefined;
  return new cliProgress.SingleBar({ format, barsize: 30, hideCursor: true, noTTYOutput: !io.isTTY, notTTYSchedule: 5000, stream: process.stderr }, cliProgress.Presets.shades_classic);
}
