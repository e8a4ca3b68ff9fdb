import type { Command } from 'commander';
import { int } from '../format.ts';
import type { Io } from '../io.ts';
import { loadLibrary } from '../library.ts';
import { loadReference, referenceModelOf, resolveScenarioPath, InputError } from '../../essentials.ts';

export function addValidateCommand(program: Command, io: Io) {
  program
    .command('validate')
    .description('check scenario files against the schema without running them')
    .argument('<files...>', 'scenario YAML files or shipped scenario names')
    .addHelpText(
      'after',
      `
Errors name the file, line and column, the field, what was expected and what was found, and
exit with code 2. Editors can check files as you type with scenarios/schema.json.`,
    )
    .action(async (files: string[]) => {
      const problems: InputError[] = [];
      for (const file of files) {
        try {
          const model = referenceModelOf(resolveScenarioPath(file));
          if (model !== undefined) {
            const { scenario: r } = loadReference(resolveScenarioPath(file));
            io.out(`ok  ${file}: ${r.name}, reference model ${model}, a ${r.width} x ${r.height} grid, ${r.steps} steps`);
            continue;
          }
          const { loadScenario, estimateBytes, formatBytes } = await loadLibrary();
          const { scenario: s } = loadScenario(file);
          io.out(
            `ok  ${file}: ${s.name}, ${int(s.population.citizens)} citizens, ${s.days} days, ${s.scorers.length} scorer(s), ${s.lists.length} list(s), ${s.gates.length} gate(s), ~${formatBytes(estimateBytes(s))}`,
          );
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          problems.push(error);
        }
      }
      if (problems.length) throw new InputError(problems.flatMap((p) => p.issues));
    });
}
