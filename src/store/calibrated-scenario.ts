import { writeFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { stringify } from 'yaml';
import { parseScenario } from '../load/scenario.ts';
import { SCENARIO_DIR } from '../load/scenario-files.ts';
import { INCOMPLETE_PREFIX, trackPending, untrackPending } from './run-dir.ts';
import { ensureDir } from './out-dir.ts';

/** A scenario made of another with calibrated fields: what it extends, its name, its values, and where they came from. */
export interface CalibratedScenario {
  /** a shipped scenario's name, or the path of the base file */
  base: string;
  shipped: boolean;
  name: string;
  description: string;
  /** field path -> value */
  values: Record<string, number>;
  /** comment lines for the header: the command, the posterior, the fit */
  header: string[];
}

/**
 * Write a scenario that extends the calibrated one and sets the calibrated fields (`set:` by dotted
 * paths), with a header saying where the values came from. Written under a hidden name, checked
 * by the loader, then renamed into place: a reader never sees half a file or a file that does not load.
 */
export function writeCalibratedScenario(path: string, c: CalibratedScenario): void {
  ensureDir(dirname(path), '--write-scenario');
  // a base file is named from the written file's folder, as `extends` reads it
  const fromHere = (file: string) => {
    const r = relative(dirname(path), file).split(sep).join('/');
    return r.startsWith('.') ? r : `./${r}`;
  };
  const text = [
    `# yaml-language-server: $schema=${fromHere(join(SCENARIO_DIR, 'schema.json'))}`,
    ...c.header.map((line) => `# ${line}`.trimEnd()),
    stringify({ extends: c.shipped ? c.base : fromHere(c.base), name: c.name, description: c.description, set: c.values }, { lineWidth: 0 }).trimEnd(),
    '',
  ].join('\n');
  parseScenario(text, path, {}, { fromFile: true });
  const tmp = join(dirname(path), `${INCOMPLETE_PREFIX}${basename(path)}.pid${process.pid}`);
  trackPending(tmp);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
    untrackPending(tmp);
  }
}
