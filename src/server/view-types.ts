/**
 * The shapes the API gives the dashboard's views, shared by the server and the dashboard (this file
 * imports nothing, so the browser code can import its types).
 */

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
  scorer: { id: string; min: number; max: number; bins: number[]; tiers: { tier: string; citizens: number }[] } | null;
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
  wrongfulPenalties: number;
  denials: number;
  onScreen: boolean;
}
