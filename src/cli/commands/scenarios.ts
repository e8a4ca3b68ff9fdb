import type { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { table } from '../format.ts';
import type { Io } from '../io.ts';
import { SCENARIO_DIR, loadScenario } from '../../index.ts';

export function addScenariosCommand(program: Command, io: Io) {
  program
    .command('scenarios')
    .description('list the shipped scenarios')
    .action(() => {
      const names = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
      const rows = names.map((name) => [name, loadScenario(name).scenario.description]);
      rows.push(['reference/epstein', 'Epstein (2002) civil violence, exactly as Mesa 3.3.1 runs it: the reference for the dissent module']);
      io.out(table(['scenario', 'what it represents'], rows));
      io.out(`\nCopy one from ${SCENARIO_DIR} to start your own; run it with \`credence run FILE\`.`);
    });
}
