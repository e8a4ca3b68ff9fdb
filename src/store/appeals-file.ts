import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** An appeal a user files for a citizen: against the penalties the citizen got on `day`. */
export interface ManualAppeal {
  citizen: number;
  /** the day of the penalties appealed; the appeal is filed the next day, as citizens file theirs */
  day: number;
}

/** What became of one appealed penalty. */
export interface ManualAppealOutcome {
  citizen: number;
  /** the day of the penalty */
  day: number;
  filedOn: number;
  scorer: string;
  rule: string;
  /** the points the penalty took (negative) */
  delta: number;
  wrongful: boolean;
  /** 'user' when this appeal was filed for the citizen; 'citizen' when they had appealed it on their own that day */
  filedBy: 'user' | 'citizen';
  /** the day the appeal is decided (filing day + the scenario's delay) */
  decidedOn: number;
  /** null until decided */
  upheld: boolean | null;
  /** points given back when upheld */
  restored: number;
}

/** The file a run re-run with appeals filed for citizens keeps them in: what was filed, for whom, and what became of it. */
export const APPEALS_FILE = 'appeals.json';

/** What APPEALS_FILE holds. */
export interface StoredAppeals {
  /** the run that was re-run */
  from: string | null;
  requests: ManualAppeal[];
  outcomes: ManualAppealOutcome[];
}

/** The appeals a stored run was re-run with, or none (a run never re-run with appeals). */
export function readAppeals(runDir: string): StoredAppeals {
  const file = join(runDir, APPEALS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoredAppeals) : { from: null, requests: [], outcomes: [] };
}

/** Keep a re-run's appeals beside it (the run's directory is already complete). */
export function writeAppeals(runDir: string, appeals: StoredAppeals): void {
  const file = join(runDir, APPEALS_FILE);
  writeFileSync(`${file}.partial`, `${JSON.stringify(appeals, null, 2)}\n`);
  renameSync(`${file}.partial`, file);
}
