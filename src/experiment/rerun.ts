import { join, basename } from 'node:path';
import { existsSync } from 'node:fs';
import { stringify } from 'yaml';
import { createHash } from 'node:crypto';
import { parseScenario, type LoadedScenario } from '../load/scenario.ts';
import { inputError } from '../scenario/errors.ts';
import { queryRun } from '../store/read-run.ts';
import { COMPARISON_FILE } from '../store/write-comparison.ts';
import { SWEEP_FILE } from '../store/sweep-file.ts';

/**
 * One run of a comparison (an arm and a replication) or of a sweep (a point and a replication),
 * as a scenario that `runScenario` can run alone: the stored resolved scenario with its seed.
 */
export async function scenarioOfReplication(dir: string, which: { arm?: string; point?: number; replication: number }): Promise<LoadedScenario> {
  let resolved: string, seed: number, label: string;
  if (existsSync(join(dir, COMPARISON_FILE))) {
    const arm = (which.arm ?? 'A').toUpperCase();
    if (arm !== 'A' && arm !== 'B') throw inputError(`expected arm A or B, found "${which.arm}"`, { path: '--arm' });
    const file = join(dir, COMPARISON_FILE);
    const [row] = await queryRun(dir, `SELECT scenario_resolved FROM arms WHERE arm = '${arm}'`, file);
    const [meta] = await queryRun(dir, 'SELECT seeds FROM comparison', file);
    const seeds = String(meta.seeds).split(',').map(Number);
    if (!(which.replication >= 0 && which.replication < seeds.length)) throw inputError(`replications go from 0 to ${seeds.length - 1}`, { path: '--replication' });
    resolved = String(row.scenario_resolved);
    seed = seeds[which.replication];
    label = `${basename(dir)}, arm ${arm}, replication ${which.replication}`;
  } else if (existsSync(join(dir, SWEEP_FILE))) {
    const file = join(dir, SWEEP_FILE);
    const point = which.point ?? 0;
    if (!(Number.isInteger(point) && point >= 0)) throw inputError(`expected a point >= 0, found ${point}`, { path: '--point' });
    const rows = await queryRun(dir, `SELECT scenario_resolved FROM points WHERE point = ${point}`, file);
    if (!rows.length) throw inputError(`no point ${which.point} in ${dir}`, { path: '--point' });
    const [meta] = await queryRun(dir, 'SELECT first_seed, replications FROM sweep', file);
    if (!(which.replication >= 0 && which.replication < Number(meta.replications))) throw inputError(`replications go from 0 to ${Number(meta.replications) - 1}`, { path: '--replication' });
    resolved = String(rows[0].scenario_resolved);
    seed = (Number(meta.first_seed) + which.replication) >>> 0;
    label = `${basename(dir)}, point ${which.point ?? 0}, replication ${which.replication}`;
  } else throw inputError(`${dir} is neither a comparison nor a sweep`);
  const scenario = { ...JSON.parse(resolved), seed, output: { ...JSON.parse(resolved).output, sampleRate: 0.01 } };
  const source = `# re-run of ${label}\n${stringify(scenario)}`;
  const loaded = parseScenario(source, `${label}.yaml`);
  return { ...loaded, hash: createHash('sha256').update(source).digest('hex') };
}
