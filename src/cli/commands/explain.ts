import type { Command } from 'commander';
import { integer } from '../options.ts';
import { num, table } from '../format.ts';
import type { Io } from '../io.ts';
import { loadLibrary } from '../library.ts';
import { progressBar, replayProgress } from '../progress.ts';
import { stoppable } from '../interrupt.ts';
import type { RunExplanation } from '../../index.ts';

export function addExplainCommand(program: Command, io: Io) {
  program
    .command('explain')
    .description("explain a citizen's (or a company's) scores line by line, and why each gate lets them through or not")
    .argument('<run>', 'a run id (see `credence runs`) or a path to a run directory')
    .argument('<id>', 'the citizen id (or company id with --company)', integer)
    .option('-c, --company', 'explain a company instead of a citizen')
    .option('--json', 'print the explanation as JSON')
    .option('--runs <dir>', 'directory that holds runs (default: $CREDENCE_RUNS, else ./runs)')
    .addHelpText(
      'after',
      `
The run is replayed from its stored scenario and seed with this subject watched, so any citizen
can be explained, and the replay is checked against the stored final scores.

Examples:
  credence explain 20261126-150942-rongcheng-s1-4ebf 4711
  credence explain runs/20261126-150942-rongcheng-s1-4ebf 12 --company --json`,
    )
    .action(async (run: string, id: number, flags: { company?: boolean; json?: boolean; runs?: string }) => {
      const { resolveRun, explainRun } = await loadLibrary();
      const dir = resolveRun(run, flags.runs);
      const bar = progressBar(io, 'replaying day {value}/{total} [{bar}] {speed} agent-days/s | ETA {remaining}', flags.json);
      const why = await stoppable(
        (shouldStop) =>
          explainRun(dir, flags.company ? 'companies' : 'citizens', id, {
            shouldStop,
            onProgress: replayProgress(bar),
          }),
        bar,
      );
      io.out(flags.json ? JSON.stringify(why, null, 2) : formatExplanation(why));
    });
}

function formatExplanation(w: RunExplanation): string {
  const who = w.kind === 'citizens' ? 'Citizen' : 'Company';
  const out = [`${who} ${w.id} in run ${w.run}, after day ${w.day}${w.verified ? '' : '  (WARNING: the replay does not match the stored scores)'}`];
  out.push(
    '  ' +
      Object.entries(w.about)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en') : v}`)
        .join(', '),
  );
  for (const s of w.scorers) {
    out.push('');
    const rules = s.transparency === 'published' ? 'rules published' : 'rules secret: the citizen cannot see these lines';
    if (!s.scored) {
      out.push(`${s.scorer}${s.label ? ` (${s.label})` : ''}: not scored (not enrolled)`);
      continue;
    }
    out.push(`${s.scorer}${s.label ? ` (${s.label})` : ''}: ${num(s.score, 1)}, tier ${s.tier}; started at ${num(s.start, 1)}; ${rules}`);
    if (!s.history.length) {
      out.push('  no change');
      continue;
    }
    const signed = (v: number) => (Math.abs(v) < 0.005 ? '' : (v > 0 ? '+' : '') + num(v, 2));
    out.push(
      table(
        ['day', 'event', 'seen by', 'rule', 'drift', 'change', 'score', ''],
        s.history.map((l) => [String(l.day), l.event, l.observedBy, l.rule, signed(l.drift), signed(l.delta), num(l.score, 1), l.wrongful ? `WRONGFUL: ${l.why}` : '']),
        'rlllrrrl',
      ),
    );
    out.push('  drift: decay toward the base and recomputed dimensions since the line before');
    const sum = s.history.reduce((a, l) => a + l.drift + l.delta, 0);
    out.push(`  ${num(s.start, 1)} ${sum >= 0 ? '+' : '-'} ${num(Math.abs(sum), 2)} = ${num(s.score, 1)}`);
  }
  if (w.lists.length) {
    out.push('');
    for (const l of w.lists)
      out.push(
        `${l.list}: ${l.listed ? `listed since day ${l.since}` : 'not listed'}${l.history.length ? ` (${l.history.map((h) => `${h.entered ? 'entered' : 'left'} day ${h.day}`).join(', ')})` : ''}`,
      );
  }
  if (w.kind === 'citizens') {
    out.push('');
    if (!w.screens.length) out.push('Public screens: the face was never shown.');
    else {
      const days = w.screens.reduce((a, sp) => a + sp.until - sp.day + 1, 0);
      out.push(`Public screens: shown ${w.screens.length} time${w.screens.length === 1 ? '' : 's'}, ${days} day${days === 1 ? '' : 's'} in all`);
      for (const sp of w.screens)
        out.push(
          `  days ${sp.day} to ${sp.until} in district ${sp.district}, for ${sp.offence}${sp.wrongful ? " (WRONGFUL: someone else's act, a false face match)" : ''}${sp.feePaidOn === null ? '' : `; fee paid on day ${sp.feePaidOn}`}`,
        );
    }
  }
  if (w.gates.length) {
    out.push('');
    out.push(
      table(
        ['gate', 'for', 'now', 'because', 'attempts', 'denied'],
        w.gates.map((g) => [g.gate, g.attempt, g.status, g.because, String(g.attempts), String(g.denied)]),
        'llllrr',
      ),
    );
  }
  return out.join('\n');
}
