import { mkdirSync, renameSync, rmSync, existsSync } from 'node:fs';
import { join, resolve, dirname, basename } from 'node:path';
import { RUN_FILE } from './run-dir.ts';
import { inputError } from '../scenario/errors.ts';

export const EXPORT_FORMATS = ['parquet', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Export every table of a run to one file per table in `outDir` (default: `<run>/export-<format>`),
 * written to a temporary directory first and renamed when complete.
 * @example await exportRun('runs/2026...', 'parquet')  // -> ['.../metrics.parquet', ...]
 */
export async function exportRun(runDir: string, format: string, outDir?: string): Promise<{ dir: string; files: string[] }> {
  const { DuckDBInstance } = await import('@duckdb/node-api'); // loaded when needed: the CLI starts faster
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw inputError(`unknown format "${format}": expected one of ${EXPORT_FORMATS.join(', ')}`, { path: '--format' });
  const target = resolve(outDir ?? join(runDir, `export-${format}`));
  if (existsSync(target)) throw inputError(`${target} already exists: choose another --out or remove it`, { path: '--out' });
  const tmp = join(dirname(target), `.incomplete-${basename(target)}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const instance = await DuckDBInstance.create(join(runDir, RUN_FILE), { access_mode: 'READ_ONLY' });
  const db = await instance.connect();
  try {
    const tables = (await db.runAndReadAll(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name`)).getRows().map((r) => String(r[0]));
    const files: string[] = [];
    for (const table of tables) {
      const file = `${table}.${format}`;
      const options = format === 'parquet' ? '(FORMAT parquet, COMPRESSION zstd)' : '(FORMAT csv, HEADER true)';
      await db.run(`COPY "${table}" TO '${join(tmp, file).replaceAll("'", "''")}' ${options}`);
      files.push(join(target, file));
    }
    renameSync(tmp, target);
    return { dir: target, files };
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
