import { mkdirSync, renameSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { RUN_FILE, INCOMPLETE_PREFIX, OWNER_FILE, ownerText, trackPending, untrackPending } from './run-dir.ts';
import { openReadOnly } from './read-run.ts';
import { checkOutDir, ensureDir, reasonOf } from './out-dir.ts';
import { inputError, InputError } from '../scenario/errors.ts';
import { holdForTest } from './test-hold.ts';

export const EXPORT_FORMATS = ['parquet', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Export every table of a run to one file per table in `outDir` (default: `<run>/export-<format>`),
 * written to a hidden directory beside it first and renamed when complete: a failed or
 * interrupted export leaves nothing (and a killed one a `.incomplete-*` directory that
 * `credence runs --clean` removes). `checkpoint` is called between tables: throw to stop.
 * @example await exportRun('runs/2026...', 'parquet')  // -> ['.../metrics.parquet', ...]
 */
export async function exportRun(runDir: string, format: string, outDir?: string, options: { checkpoint?: () => void } = {}): Promise<{ dir: string; files: string[] }> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw inputError(`unknown format "${format}": expected one of ${EXPORT_FORMATS.join(', ')}`, { path: '--format' });
  const target = checkOutDir(outDir ?? join(runDir, `export-${format}`), '--out');
  if (existsSync(target)) throw inputError(`${outDir ?? target} already exists: choose another --out or remove it`, { path: '--out' });
  const { instance, db } = await openReadOnly(join(runDir, RUN_FILE)); // a damaged run is refused before anything is written
  const tmp = join(dirname(target), `${INCOMPLETE_PREFIX}${basename(target)}`);
  try {
    const tables = (await db.runAndReadAll(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name`)).getRows().map((r) => String(r[0]));
    ensureDir(dirname(target), '--out');
    rmSync(tmp, { recursive: true, force: true });
    trackPending(tmp);
    mkdirSync(tmp);
    writeFileSync(join(tmp, OWNER_FILE), ownerText());
    const files: string[] = [];
    for (const table of tables) {
      const file = `${table}.${format}`;
      const copyOptions = format === 'parquet' ? '(FORMAT parquet, COMPRESSION zstd)' : '(FORMAT csv, HEADER true)';
      await db.run(`COPY "${table}" TO '${join(tmp, file).replaceAll("'", "''")}' ${copyOptions}`);
      files.push(join(target, file));
      await holdForTest('export-write');
      options.checkpoint?.();
    }
    rmSync(join(tmp, OWNER_FILE));
    renameSync(tmp, target);
    return { dir: target, files };
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof InputError || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) throw error;
    throw inputError(`cannot write ${target}: ${reasonOf(error)}`, { path: '--out' });
  } finally {
    untrackPending(tmp);
    db.closeSync();
    instance.closeSync();
  }
}
