import type { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { SCENARIO_DIR, loadScenario } from '../../scenario/load.ts';
import { table } from '../format.ts';
import type { Io } from '../io.ts';

export function addScenariosCommand(program: Command, io: Io) {
  program
    .command('scenarios')
    .description('list the shipped scenarios')
    .action(() => {
      const names = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
      io.out(table(['scenario', 'what it represents'], names.map((name) => [name, loadScenario(name).scenario.description])));
      io.out(`\nCopy one from ${SCENARIO_DIR} to start your own; run it with \`credence run FILE\`.`);
    });
}
