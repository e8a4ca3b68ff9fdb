import type { Command } from 'commander';
import { integer } from '../options.ts';
import type { Io } from '../io.ts';

export function addServeCommand(program: Command, io: Io) {
  program
    .command('serve')
    .description('serve the JSON API for the dashboard on 127.0.0.1')
    .option('--port <n>', 'port', integer, 8787)
    .option('-o, --out <dir>', 'directory that holds runs (default: $CREDENCE_RUNS, else runs)')
    .action(async (flags: { port: number; out?: string }) => {
      const { serve } = await import('../../server/index.ts'); // loaded by this command only, so the CLI starts fast
      await serve({ port: flags.port, runsDir: flags.out });
      io.out(`Credence API on http://127.0.0.1:${flags.port}/ (Ctrl-C to stop)`);
      await new Promise(() => {}); // serve until stopped
    });
}
