import type { Columns } from './columns.ts';

export const SECTORS = ['manufacturing', 'construction', 'retail', 'services', 'technology', 'finance'] as const;

export const COMPANY_COLUMNS = {
  sector: Uint8Array,
  district: Uint16Array,
  employees: Uint32Array,
  legalRep: Uint32Array,
} as const;

export type Companies = Columns<typeof COMPANY_COLUMNS>;
