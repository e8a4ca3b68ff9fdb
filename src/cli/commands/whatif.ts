import type { Command } from 'commander';
import { integer } from '../options.ts';
import { num, table } from '../format.ts';
import type { Io } from '../io.ts';
import { loadLibrary } from '../library.ts';
import { progressBar, replayProgress } from '../progress.ts';
import { stoppable } from '../interrupt.ts';
import type { WhatIf, Attribution, Life } from '../../index.ts';

/** Collect repeated --without values: 'wrongful', 'none' or event ids. */
const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim())];

export function addWhatifCommand(program: Command, io: Io) {
  program
    .command('whatif')
    .description("one citizen's counterfactual: their life replayed without the system's wrongful attributions (or given events), beside the actual one")
    .argument('<run>', 'a run id (see `credence runs`) or a path to a run directory')
    .argument('<id>', 'the citizen id', integer)
    .requiredOption('--without <what>', '"wrongful" (every wrongful attribution to them), event ids DAY:ROW (repeatable or comma-separated; listed by this command), or "none" (a check)', collect)
    .option('--json', 'print the two lives as JSON')
    .option('--runs <dir>', 'directory that holds runs (default: $CREDENCE_RUNS, else ./runs)')
    .addHelpText(
      'after',
      `
The run is replayed twice from its stored scenario and seed: once as it was, once with the
sightings taken away after observation, as if the system had never made them. Everything else
(every draw, every other citizen) is the same, so the difference is what those attributions did.

Examples:
  credence whatif 20261126-150942-rongcheng-s1-4ebf 4711 --without wrongful
  credence whatif 20261126-150942-rongcheng-s1-4ebf 4711 --without 120:53411
  credence whatif runs/20261126-150942-rongcheng-s1-4ebf 12 --without wrongful --json`,
    )
    .action(async (run: string, id: number, flags: { without: string[]; json?: boolean; runs?: string }) => {
      const { resolveRun, whatIf } = await loadLibrary();
      const dir = resolveRun(run, flags.runs);
      const word = flags.without.length === 1 && (flags.without[0] === 'wrongful' || flags.without[0] === 'none') ? (flags.without[0] as 'wrongful' | 'none') : undefined;
      const bar = progressBar(io, 'replaying day {value}/{total} [{bar}] {speed} agent-days/s | ETA {remaining}', flags.json);
      const w = await stoppable(
        (shouldStop) =>
          whatIf(dir, id, {
            without: word ?? flags.without,
            shouldStop,
            onProgress: replayProgress(bar),
          }),
        bar,
      );
      io.out(flags.json ? JSON.stringify(w, null, 2) : formatWhatIf(w));
    });
}

const cell = (v: number | string | null) => (v === null ? '-' : typeof v === 'number' ? num(v, Number.isInteger(v) ? 0 : 2) : String(v));

function line(a: Attribution): string {
  const points = a.points ? ` (${a.points > 0 ? '+' : ''}${num(a.points, 1)} points)` : '';
  return `  ${a.id.padEnd(12)} day ${a.day}: ${a.event}, seen by ${a.seenBy}${a.wrongful ? ` - WRONGFUL: ${a.why ?? 'not their act'}` : ''}${points}`;
}

/** The day-by-day table: every 30 days and the last, each cell "actual / counterfactual". */
function byMonth(w: WhatIf): string {
  const days = [...Array.from({ length: Math.ceil(w.days / 30) }, (_, k) => k * 30), w.days - 1].filter((d, i, all) => all.indexOf(d) === i);
  const pair = (f: (l: Life) => number | string | null, show = cell) => `${show(f(w.actual))} / ${show(f(w.counterfactual))}`;
  const fraction = (v: number | string | null) => (typeof v === 'number' ? num(v, 2) : cell(v));
  const header = ['day', ...w.actual.scorers.flatMap((s) => [s.scorer, 'tier']), 'denials', 'employed', 'income', 'stress', 'health', ...w.actual.lists.map((l) => l.list)];
  const rows = days.map((d) => [
    String(d),
    ...w.actual.scorers.flatMap((_, k) => [pair((l) => l.scorers[k].score[d]), pair((l) => l.scorers[k].tier[d])]),
    pair((l) => l.denials[d]),
    pair((l) => (l.employed[d] ? 'yes' : 'no')),
    pair((l) => l.income[d]),
    pair((l) => l.stress[d], fraction),
    pair((l) => l.health[d], fraction),
    ...w.actual.lists.map((_, k) => pair((l) => (l.lists[k].listed[d] ? 'on' : 'off'))),
  ]);
  return table(header, rows);
}

export function formatWhatIf(w: WhatIf): string {
  const what =
    w.without === 'wrongful'
      ? 'what if the system had never wrongly blamed them'
      : w.without === 'none'
        ? 'the replay against itself, nothing removed (a check)'
        : `what if the system had not held ${w.without.join(', ')} against them`;
  const out = [`Citizen ${w.citizen} in run ${w.run}, ${w.days} days: ${what}${w.verified ? '' : '  (WARNING: the replay does not match the stored scores)'}`];
  if (w.without !== 'none') {
    out.push(w.removed.length ? `\nTaken away (${w.removed.length}):` : '\nNothing was taken away: the counterfactual run never blamed them so.');
    for (const a of w.removed.slice(0, 20)) out.push(line(a));
    if (w.removed.length > 20) out.push(`  and ${w.removed.length - 20} more (--json lists them all)`);
  }
  out.push(w.divergedOn === null ? '\nTheir life is the same either way.' : `\nTheir life parted from the actual one on day ${w.divergedOn}.`);
  for (const [name, l] of [
    ['actual', w.actual],
    ['counterfactual', w.counterfactual],
  ] as const)
    if (l.left !== null) out.push(`In the ${name} run they left the run on day ${l.left}; the place then holds a newcomer.`);
  out.push('');
  out.push(
    table(
      ['', 'actual', w.without === 'none' ? 'replayed' : 'without them'],
      w.summary.map((s) => [s.measure, cell(s.actual), cell(s.counterfactual)]),
    ),
  );
  out.push('\nDay by day (actual / without them):');
  out.push(byMonth(w));
  if (w.attributions.length) {
    out.push(`\nWhat moved their score in the actual run, and every wrongful attribution (ids for --without):`);
    for (const a of w.attributions.slice(0, 30)) out.push(line(a));
    if (w.attributions.length > 30) out.push(`  and ${w.attributions.length - 30} more (--json lists them all)`);
  }
  return out.join('\n');
}
