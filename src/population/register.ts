/**
 * The civil register's plan for the year: who leaves the run on which day (by death or a move),
 * drawn on the first day of each year (life/demography.ts), in order of day then citizen. A
 * departure on day d is filled by an entrant at the start of day d + 1.
 */
export interface Register {
  /** the year the plan is for, -1 before the first */
  year: number;
  day: Int32Array;
  citizen: Int32Array;
  /** 1: died, 0: moved away */
  died: Uint8Array;
  length: number;
  /** the next departure to carry out */
  next: number;
  /** the first departure whose place is not yet taken */
  filled: number;
}

export function createRegister(): Register {
  return { year: -1, day: new Int32Array(0), citizen: new Int32Array(0), died: new Uint8Array(0), length: 0, next: 0, filled: 0 };
}
