/**
 * The shapes the API gives the dashboard's views, shared by the server and the dashboard (this file
 * imports types only, erased from the bundle, so the browser code can import its types).
 */

import type { ScreenSpell } from '../index.ts';

/** A district on the city map: id, x, y, residents, cameras, and how its residents fare (score_<scorer> for each scorer). */
export type DistrictRow = Record<string, number>;

/** A face on a public screen. */
export interface Face {
  citizen: number;
  district: number;
  offence: string;
  daysLeft: number;
}

/** The city as it stands after a day: what the live map, public screen and distributions draw. */
export interface CitySnapshot {
  day: number;
  /** each row has the district's `city`, an index into `cities` (the scenario's city labels; one for a single city) */
  districts: DistrictRow[];
  cities?: string[];
  screen: { fee: number; enabled: boolean; faces: Face[] };
  /** the first citizens' scorer: its score histogram and how many citizens sit in each tier */
  scorer: ScoreDistribution | null;
}

/** A tier of a scorer: its name and lowest score; a scorer's tiers go from highest to lowest. */
export interface TierBand {
  name: string;
  min: number;
}

/** A scorer's scores now: a histogram fitted to the scores held, and how many citizens sit in each tier. */
export interface ScoreDistribution {
  id: string;
  /** the scorer in words (the scenario's label, else its id) */
  label: string;
  min: number;
  max: number;
  /** where everyone starts (points scorers), else null */
  base: number | null;
  /** the first bin starts at `lo`; each is `step` points wide */
  lo: number;
  step: number;
  bins: number[];
  /** citizens at exactly the starting score, and all those scored */
  atBase: number;
  scored: number;
  tiers: (TierBand & { citizens: number })[];
}

/** The words a scenario gives its scorers, lists and gates (their labels, else their ids). */
export interface Labels {
  scorers: Record<string, string>;
  lists: Record<string, string>;
  gates: Record<string, string>;
}

/** A stored run as the city view draws it. */
export interface RunView {
  /** each day's numbers (the live stream's `day` events carry the same) */
  days: { day: number; metrics: Record<string, number> }[];
  /** tier shares of the first citizens' scorer, on the days distributions were taken */
  tiers: { day: number; tier: string; share: number }[];
  snapshot: CitySnapshot;
  groups: string[];
  wrongful: WrongfulCell[];
}

/** Wrongful penalties of one cause in one group, over a run. */
export interface WrongfulCell {
  cause: string;
  group: string;
  count: number;
  /** the group's citizens at the end */
  citizens: number;
}

/** A citizen found by a search. */
export interface CitizenRow {
  id: number;
  name: string;
  district: number;
  group: string;
  /** the first citizens' scorer's final score and tier; null where not enrolled */
  score: number | null;
  tier: string | null;
  listed: string[];
  /** the same lists by their labels */
  listedAs: string[];
  wrongfulPenalties: number;
  denials: number;
  onScreen: boolean;
}

/** One line of a score's history on a card: an event that moved it, or the drift to the end of the run. */
export interface CardLine {
  day: number;
  /** an event type; 'appeal' for a reversal, 'end of run' for the drift after the last event */
  event: string;
  /** who saw it: camera, platform, censor, registry, court, employer, informant, ... */
  source: string;
  rule: string;
  drift: number;
  delta: number;
  score: number;
  wrongful: boolean;
  why?: string;
  /** whose act it was (another citizen's, when wrongful) */
  actor: number;
}

export interface CardScorer {
  id: string;
  label: string;
  transparency: 'published' | 'secret';
  aggregation: 'points' | 'dimensions' | 'ratings';
  scored: boolean;
  start: number;
  score: number;
  tier: string;
  min: number;
  max: number;
  tiers: TierBand[];
  lines: CardLine[];
}

/** Why a gate lets a citizen through or not, one condition at a time. */
export type GateReason =
  | { kind: 'list'; list: string; on: boolean; company: boolean }
  | { kind: 'tier'; scorer: string; tier: string; atLeast: string; below: boolean }
  | { kind: 'unscored'; scorer: string; grants: boolean };

export interface CardGate {
  id: string;
  label: string;
  /** deny: refuses those who do not qualify; priority: a privilege for those who do */
  effect: 'deny' | 'priority';
  status: 'granted' | 'denied' | 'privileged' | 'served';
  reasons: GateReason[];
  attempts: number;
  denied: number;
  /** the gate applies only to some attempts (a condition, such as certain trades) */
  conditional: boolean;
}

export interface CardList {
  id: string;
  label: string;
  listed: boolean;
  since: number | null;
  history: { day: number; entered: boolean }[];
}

/** A stretch on a public screen: the explanation's, which the card passes on as it is. */
export type CardScreenSpell = ScreenSpell;

/** An appeal filed from the dashboard, and what became of it. */
export interface CardAppeal {
  day: number;
  filedOn: number;
  decidedOn: number;
  scorer: string;
  rule: string;
  delta: number;
  wrongful: boolean;
  filedBy: 'user' | 'citizen';
  upheld: boolean | null;
  restored: number;
}

/** A citizen's card: who they are, their standing with each scorer and why, what it lets them do, their days on the screens. */
export interface CitizenCard {
  run: string;
  id: number;
  name: string;
  /** the run's length in days; the card is the citizen's standing after its last day */
  days: number;
  scenario: string;
  about: {
    age: number;
    sex: 'female' | 'male';
    group: string;
    occupation: string;
    employed: boolean;
    income: number;
    savings: number;
    arrears: number;
    district: number;
    stress: number;
    inRunSince: number;
    loanInterest: number;
    insurancePremium: number;
    childrenInWorseSchool: number;
    schooledWorse: boolean;
  };
  scorers: CardScorer[];
  lists: CardList[];
  gates: CardGate[];
  screens: { enabled: boolean; fee: number; spells: CardScreenSpell[] };
  /** days whose penalties can still be appealed (decided before the run ends, not appealed yet) */
  appealable: number[];
  /** the run this one re-runs with appeals, and the appeals of this citizen */
  appeals: { from: string | null; outcomes: CardAppeal[] };
  /** the replay ended where the stored run did */
  verified: boolean;
  /** where the citizen's counterfactual life can be asked for, when the server offers it */
  whatif: string | null;
}

/** One group's row of the fairness audit. */
export interface AuditRow {
  group: string;
  citizens: number;
  penaltiesPer1000: number;
  wrongfulPer1000: number;
  wrongfulShare: number;
  falseMatchRate: number;
  grantRate: number;
  wrongfulRatio: number;
  grantRatio: number;
  flagged: boolean;
  small: boolean;
}

/** A run's headline counts, summed over the run (stress and health: their means over the run). */
export interface RunTotals {
  violations: number;
  dissent: number;
  spontaneous: number;
  crimes: number;
  penalties: number;
  wrongful: number;
  rewards: number;
  denials: number;
  appealsFiled: number;
  appealsUpheld: number;
  displays: number;
  displaysWrongful: number;
  feesPaid: number;
  tiesCut: number;
  jobsLostToScreens: number;
  faceSearches: number;
  wrongfulMatches: number;
  stress: number;
  health: number;
}

/** What the story mode tells of one run: real results, read from the stored run. */
export interface StoryView {
  run: string;
  scenario: { name: string; description: string };
  citizens: number;
  days: number;
  seed: number;
  districts: number;
  camerasPerThousand: number;
  cities: string[];
  scorers: { id: string; label: string; transparency: 'published' | 'secret'; base: number | null; tiers: TierBand[] }[];
  lists: { id: string; label: string }[];
  gates: { id: string; label: string; effect: 'deny' | 'priority' }[];
  screens: { enabled: boolean; fee: number; displayDays: number };
  totals: RunTotals;
  wrongful: WrongfulCell[];
  /** weekly sums of dissent posts and spontaneous acts, and the mean perceived risk of the censors */
  weeks: { week: number; dissent: number; spontaneous: number; censorRisk: number }[];
  audit: AuditRow[];
  /** the citizen whose year the story tells, and why they were chosen */
  protagonist: { id: number; name: string; why: string } | null;
  /** faces on the screens on the last day */
  faces: Face[];
  /** the same city without the system, if it was run: its id and totals */
  without: { run: string; totals: RunTotals } | null;
}
