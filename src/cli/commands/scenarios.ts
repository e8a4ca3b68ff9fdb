import type { Command } from 'commander';
import { table } from '../format.ts';
import type { Io } from '../io.ts';
import { loadLibrary } from '../library.ts';
import { SCENARIO_DIR } from '../../essentials.ts';

export function addScenariosCommand(program: Command, io: Io) {
  program
    .command('scenarios')
    .description('list the shipped scenarios')
    .action(async () => {
      const { listScenarios } = await loadLibrary();
      const rows = listScenarios().map((s) => [s.name, s.description]);
      rows.push(['reference/epstein', 'Epstein (2002) civil violence, exactly as Mesa 3.3.1 runs it: the reference for the dissent module']);
      io.out(table(['scenario', 'what it represents'], rows));
      io.out(`\nCopy one from ${SCENARIO_DIR} to start your own; run it with \`credence run FILE\`.`);
    });
}
