import { Command, CommanderError } from 'commander';
import { processIo, reportError, EXIT, type Io } from './io.ts';
import { addRunCommand } from './commands/run.ts';
import { addValidateCommand } from './commands/validate.ts';
import { addRunsCommand } from './commands/runs.ts';
import { addExportCommand } from './commands/export.ts';
import { addScenariosCommand } from './commands/scenarios.ts';
import { addExplainCommand } from './commands/explain.ts';
import { addWhatifCommand } from './commands/whatif.ts';
import { addCompareCommand } from './commands/compare.ts';
import { addReportCommand } from './commands/report.ts';
import { addSweepCommand } from './commands/sweep.ts';
import { addSensitivityCommand } from './commands/sensitivity.ts';
import { addCalibrateCommand } from './commands/calibrate.ts';
import { addRerunCommand } from './commands/rerun.ts';
import { addServeCommand } from './commands/serve.ts';
import { addWorkerCommand } from './commands/worker.ts';
import { addStatusCommand } from './commands/status.ts';
import { VERSION } from '../essentials.ts';
import { takeLateSignal } from './interrupt.ts';

function createCli(io: Io = processIo): Command {
  const program = new Command('credence')
    .description('Credence: a laboratory for social credit systems, on synthetic populations only.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Start here:
  credence run                 simulate the default scenario and print what it did
  credence scenarios           the shipped scenarios
  credence runs                the runs stored so far
  credence explain RUN ID      why citizen ID has the score it has, line by line
  credence whatif RUN ID --without wrongful   their life had the system not wrongly blamed them
  credence compare A B         the effect of design B over design A, with confidence intervals
  credence sweep FILE          a grid or Latin hypercube over scenario fields, resumable
  credence sensitivity FILE    which uncertain fields move which answers (Morris, Sobol)
  credence calibrate FILE      infer fields from observed targets (ABC-SMC), write a calibrated scenario
  credence report RUN          a self-contained HTML report with charts
  credence worker --redis URL  run experiments' runs from a Redis queue, on as many machines as you like
Every command has --help with examples.`,
    );
  for (const add of [
    addRunCommand,
    addValidateCommand,
    addRunsCommand,
    addCompareCommand,
    addSweepCommand,
    addSensitivityCommand,
    addCalibrateCommand,
    addRerunCommand,
    addReportCommand,
    addExportCommand,
    addExplainCommand,
    addWhatifCommand,
    addScenariosCommand,
    addServeCommand,
    addWorkerCommand,
    addStatusCommand,
  ])
    add(program, io);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Run the CLI and return its exit code (0 ok, 2 bad input, 1 our failure, 130 interrupted). */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  takeLateSignal();
  try {
    await createCli(io).parseAsync(argv, { from: 'user' });
    if (takeLateSignal()) {
      io.err('credence: interrupted after the work was complete: it was kept');
      return EXIT.interrupted;
    }
    return EXIT.ok;
  } catch (error) {
    takeLateSignal();
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return EXIT.badInput;
    }
    return reportError(error, io);
  }
}
