import type { Columns } from '../core/columns.ts';

export const SECTORS = ['manufacturing', 'construction', 'retail', 'services', 'technology', 'finance'] as const;

export const COMPANY_COLUMNS = {
  sector: Uint8Array,
  district: Uint16Array,
  employees: Uint32Array,
  legalRep: Uint32Array,
  /** keeps contracts, pays taxes, follows safety and environmental rules: drawn once, in [0, 1] */
  integrity: Float32Array,
  /** day of the month taxes fall due */
  taxDay: Uint8Array,
} as const;

export type Companies = Columns<typeof COMPANY_COLUMNS>;
