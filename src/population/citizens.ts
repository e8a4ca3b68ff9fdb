import type { Columns } from '../core/columns.ts';
import { CHANNELS } from '../core/tables.ts';

/** Occupation codes (a citizen's trade, employed or not); the gated ones are those the seed says a low score bars. */
export const OCCUPATIONS = ['ordinary', 'law', 'civil_service', 'journalism', 'teaching', 'research'] as const;
/** How the gated share of the employed splits between gated occupations [U]. */
export const GATED_SPLIT = { law: 0.1, civil_service: 0.45, journalism: 0.05, teaching: 0.4 } as const;
export const Occupation = Object.fromEntries(OCCUPATIONS.map((o, i) => [o, i])) as { readonly [K in (typeof OCCUPATIONS)[number]]: number };

/** Court case stages of a debtor. */
export const CaseStage = { none: 0, sued: 1, judged: 2, dishonest: 3 } as const;

/** Every citizen column. Money is in CNY, times in days (16 bits: see MAX_DAYS), traits and states in [0, 1]. */
export const CITIZEN_COLUMNS = {
  // who they are
  age: Uint8Array,
  sex: Uint8Array,
  group: Uint8Array,
  home: Uint16Array,
  /** place in the household: 0 for its first adult (who holds its children), k for the k-th after (households are contiguous ids) */
  householdRank: Uint8Array,
  occupation: Uint8Array,
  employer: Int32Array,
  children: Uint8Array,
  payday: Uint8Array,
  /** the day this citizen entered the run (0 for the first population): a place left by the dead or a move is taken by an entrant */
  arrivedOn: Int16Array,
  /** 1 for an entrant schooled in a worse school after a private school denied the parents */
  worseSchool: Uint8Array,
  // traits, drawn once, in [0, 1] as bytes: read them times TRAIT
  conscientiousness: Uint8Array,
  imprudence: Uint8Array,
  sociability: Uint8Array,
  conformity: Uint8Array,
  riskAversion: Uint8Array,
  gaming: Float32Array,
  // money
  wage: Float32Array,
  savings: Float32Array,
  arrears: Float32Array,
  arrearsSince: Int16Array,
  loanBalance: Float32Array,
  loanPayment: Float32Array,
  caseStage: Uint8Array,
  caseDay: Int16Array,
  // human state, changed by experience
  /** hardship H and the legitimacy L granted the system, in [0, 1] as SHARE fractions */
  hardship: Uint16Array,
  legitimacy: Uint16Array,
  /** perceived detection risk, one column per channel of observation (CHANNELS), as SHARE fractions */
  riskCamera: Uint16Array,
  riskCensor: Uint16Array,
  riskPlatform: Uint16Array,
  riskEmployer: Uint16Array,
  riskCourt: Uint16Array,
  riskInformant: Uint16Array,
  stress: Float32Array,
  /** in [0, 1] as a SHARE fraction: 1 is full health, worn down by sustained stress */
  health: Uint16Array,
  denials: Uint16Array,
  wrongfulPenalties: Uint16Array,
  /** attempt kind (index + 1 into ATTEMPTS) to try again today after yesterday's denial; 0: none */
  retry: Uint8Array,
  /** last day in detention (held as a suspect of a crime), -1: never detained */
  detainedUntil: Int16Array,
  /** the day the latest detention began (-1: never detained) */
  detainedOn: Int16Array,
  /** last day a researcher's grant funds them, -1: unfunded */
  grantUntil: Int16Array,
  /** last day of a slowed internet connection (a renewal denied), -1: never */
  slowUntil: Int16Array,
  /** wellbeing taken away by denied leisure, in [0, 1] as a SHARE fraction, fading */
  deprivation: Uint16Array,
  /** 1 while holding a passport (needed to travel abroad) */
  passport: Uint8Array,
  /** children enrolled in a worse school after a private school denied them */
  childrenDenied: Uint8Array,
  /** last day a gate reading a list (a ban) denied this citizen, -1: never */
  lastBan: Int16Array,
  /** last day this citizen's face is on a public screen, -1: not shown */
  shownUntil: Int16Array,
  /** the event type that put the face on the screen */
  shownFor: Uint8Array,
  /** the district whose screen shows the face */
  shownIn: Uint16Array,
  /** interest per year on loans (repriced monthly), and insurance premium per month, as the data broker's buyers price them */
  loanRate: Float32Array,
  premium: Float32Array,
  /** the marketer's offer this month (consequence/broker.ts Offer): 0 none, 1 a loan, 2 a product; read and cleared on payday */
  offer: Uint8Array,
  /** purchase categories (bit k for PURCHASE_CATEGORIES[k]) the citizen has learned are scored, from being scored for them */
  knownPurchases: Uint8Array,
  /** chance of giving five stars whatever the ratee is like, as a SHARE fraction: learned in peer rating */
  leniency: Uint16Array,
} as const;

export type Citizens = Columns<typeof CITIZEN_COLUMNS>;

/** Traits drawn once are kept as bytes, k standing for k / 255: finer than anything known of them. */
export const TRAITS = ['conscientiousness', 'imprudence', 'sociability', 'conformity', 'riskAversion'] as const;
export const TRAIT = 1 / 255;
/** A trait value in [0, 1] as its byte. */
export const traitByte = (value: number): number => Math.round(value * 255);

/**
 * States in [0, 1] that change by small steps (perceived risks, health, deprivation, hardship, legitimacy, leniency) are kept as
 * 16-bit fractions, k standing for k / 65535: read them times SHARE, write them with shareBits.
 * A step under half a unit (7.6e-6) is lost, far below anything the model resolves.
 */
export const SHARE = 1 / 65535;
export const shareBits = (value: number): number => Math.round((value < 0 ? 0 : value > 1 ? 1 : value) * 65535);

/** Columns kept in a fixed-point encoding, with the scale that reads them as numbers in [0, 1]: what a stored table shows. */
export const SCALED_COLUMNS: Partial<Record<keyof typeof CITIZEN_COLUMNS, number>> = {
  ...Object.fromEntries(TRAITS.map((t) => [t, TRAIT])),
  riskCamera: SHARE,
  riskCensor: SHARE,
  riskPlatform: SHARE,
  riskEmployer: SHARE,
  riskCourt: SHARE,
  riskInformant: SHARE,
  health: SHARE,
  deprivation: SHARE,
  hardship: SHARE,
  legitimacy: SHARE,
  leniency: SHARE,
};

/**
 * One of each channel, in CHANNELS order: six, so that the hot loops over every channel can write
 * them out (a loop over the columns measured slower); a seventh channel fails to compile here.
 */
export type ByChannel<T> = readonly [T, T, T, T, T, T] & { readonly length: typeof CHANNELS.length };

/** Items by channel, checked to be one a channel. */
export function byChannel<T>(items: readonly T[]): ByChannel<T> {
  if (items.length !== CHANNELS.length) throw new Error(`${items.length} items for ${CHANNELS.length} channels`);
  return items as unknown as ByChannel<T>;
}

/** The perceived-risk columns (SHARE fractions), indexed by Channel. */
export function riskColumns(c: Citizens): ByChannel<Uint16Array> {
  return [c.riskCamera, c.riskCensor, c.riskPlatform, c.riskEmployer, c.riskCourt, c.riskInformant];
}

/** Income now, CNY a month: the wage while employed, the benefit otherwise. Derived, not stored. */
export function incomeOf(c: Citizens, i: number, benefitShare: number): number {
  return c.employer[i] >= 0 ? c.wage[i] : Math.fround(c.wage[i] * benefitShare);
}

/** The district a citizen spends the working day in: the employer's, or home when out of work. Derived, not stored. */
export function workDistrictOf(c: Citizens, companyDistrict: Uint16Array, i: number): number {
  const employer = c.employer[i];
  return employer >= 0 ? companyDistrict[employer] : c.home[i];
}

/** Visit the other adults of citizen i's household (contiguous ids, told apart by their ranks). */
export function forEachRelative(c: Citizens, i: number, visit: (j: number) => void): void {
  const rank = c.householdRank;
  const first = i - rank[i];
  for (let j = first; j < rank.length && rank[j] === j - first; j++) if (j !== i) visit(j);
}

/** Purchase tastes: cumulative category weights but the last (always 255), PURCHASE_CATEGORIES.length - 1 bytes a citizen. */
export type Tastes = Uint8Array;
