import { stringify } from 'yaml';
import { basename } from 'node:path';
import { parseScenario, type LoadedScenario } from '../load/scenario.ts';
import { InputError, inputError } from '../scenario/errors.ts';
import type { Checkpoint } from '../engine/checkpoint.ts';

export interface BranchOptions {
  /** fields changed from the checkpoint's day on, by dotted path (as `--set` gives them) */
  set?: Record<string, unknown>;
  /** the continued run's length in days, counted from day 0 (default: the checkpoint's run's) */
  days?: number;
  /** the checkpoint's file, named in the scenario's source */
  file?: string;
}

/**
 * The scenario a run continued from a checkpoint runs under: the checkpoint's own, with `set` as
 * one more change of its schedule, on the checkpoint's day. So what a change cannot do during a
 * run (the population, the seed, the cities' layout, the policy's shape: load/schedule.ts) is
 * refused here as it is in a schedule, and the stored run replays from day 0 to the same result
 * (`credence explain` and `whatif` work on it as on any run).
 * @example const loaded = branchScenario(readCheckpoint(file), { set: { 'scorers.0.transparency': 'secret' } });
 */
export function branchScenario(checkpoint: Checkpoint, options: BranchOptions = {}): LoadedScenario {
  const base = checkpoint.scenario;
  const set = options.set ?? {};
  const days = options.days ?? base.days;
  if (!(Number.isInteger(days) && days > checkpoint.day))
    throw inputError(`the checkpoint is at day ${checkpoint.day}: a run continued from it needs more than ${checkpoint.day} days, not ${days}`, { path: '--days' });
  for (const [field, why] of Object.entries(FIXED_HERE)) if (Object.hasOwn(set, field)) throw inputError(`${field} cannot change from a checkpoint: ${why}`, { path: '--set' });
  const changed = Object.keys(set).length > 0;
  const schedule = changed ? [...base.schedule, { day: checkpoint.day, set, note: `branched from the checkpoint at day ${checkpoint.day}` }] : base.schedule;
  const from = options.file ? basename(options.file) : 'a checkpoint';
  const source = `# continued from ${from} at day ${checkpoint.day}${changed ? ', changed from then on' : ''}\n${stringify({ ...base, seed: checkpoint.seed, schedule })}`;
  const index = base.schedule.length;
  try {
    return parseScenario(source, `${base.name}-from-day-${checkpoint.day}.yaml`, { days });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // a problem of the added change is the user's --set, in their words
    const ours = `schedule.${index}`;
    throw new InputError(
      error.issues.map((i) =>
        changed && i.path?.startsWith(ours) ? { path: '--set', message: i.message.replace(/^on day \d+, /, '') } : { ...i, message: `the checkpoint's scenario: ${i.message}` },
      ),
    );
  }
}

/** What --set cannot change from a checkpoint, beyond a schedule's own limits, and why. */
const FIXED_HERE: Record<string, string> = {
  days: 'give --days instead',
  seed: 'the checkpoint was drawn with its seed',
  schedule: 'the changes are given with --set',
};
