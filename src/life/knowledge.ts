import type { SpanWorld } from '../world.ts';
import { captureProbability } from '../city/city.ts';
import { CHANNELS, Source } from '../core/tables.ts';
import { EVENT_TYPE_COUNT, EventType, PURCHASE_CATEGORIES } from '../core/events.ts';
import { OBSERVER, REPORTABLE, channelOf } from '../core/sources.ts';
import { SHARE, type Citizens } from '../population/citizens.ts';
import type { CompiledScorer } from '../policy/compile.ts';

/**
 * What citizens can know of the system, by the district they live in (a scorer of some cities
 * runs only there, and only there are its rules known). When a scorer of citizens publishes its
 * rules, they learn how watched they are (each channel's published detection risk) and which
 * acts are scored; under secret rules they know only what happens to them and to those around them.
 */
export function rulesPublished(world: SpanWorld): Uint8Array {
  return byDistrict(world, (s, d) => s.transparency === 'published' && runsIn(s, d));
}

const runsIn = (s: CompiledScorer, d: number): boolean => s.districts === null || s.districts[d] === 1;

/** By district, 1 where some scorer of citizens meets the test there. */
function byDistrict(world: SpanWorld, test: (s: CompiledScorer, d: number) => boolean): Uint8Array {
  const citizens = world.policy.scorers.filter((s) => s.kind === 'citizens');
  return Uint8Array.from({ length: world.city.count }, (_, d) => (citizens.some((s) => test(s, d)) ? 1 : 0));
}

/**
 * The detection risk of each channel as the published rules state it, by channel then district:
 * cameras by their district's density, the other channels by the share of acts their source sees.
 */
export function knownRisks(world: SpanWorld): Float64Array[] {
  const o = world.scenario.observe;
  const districts = world.city.count;
  const share: Record<(typeof CHANNELS)[number], number> = {
    camera: 0,
    censor: o.censorShare * o.censorRecall,
    platform: o.platformShare,
    employer: o.employerReporting,
    court: o.courtReporting,
    informant: o.informantShare,
  };
  return CHANNELS.map((ch) =>
    ch === 'camera' ? Float64Array.from(world.city.districts.camerasPerThousand, (d) => captureProbability(d, o.cameraSaturation) * (1 - o.fnir)) : new Float64Array(districts).fill(share[ch]),
  );
}

/** What perceived risk drifts back to, by channel then district: the published risks where rules are published, the prior under secret rules. */
export function riskAnchors(world: SpanWorld): Float64Array[] {
  const published = rulesPublished(world);
  const prior = world.scenario.response.riskPrior;
  if (!published.includes(1)) return CHANNELS.map(() => new Float64Array(world.city.count).fill(prior));
  return knownRisks(world).map((risks) => risks.map((risk, d) => (published[d] ? risk : prior)));
}

/** By event type: the channels that could see an act of it, as a bit mask (bit c for Channel c): its observer's, and that of the informants who report it. */
export const WATCHED_BY = new Uint8Array(EVENT_TYPE_COUNT);
for (let t = 0; t < EVENT_TYPE_COUNT; t++) {
  const channel = channelOf(OBSERVER[t], t);
  const tip = REPORTABLE[t] ? channelOf(Source.informant, t) : -1;
  WATCHED_BY[t] = (channel >= 0 ? 1 << channel : 0) | (tip >= 0 ? 1 << tip : 0);
}

/** The perceived risk of an act in the street (traffic, crime): seen by a camera or reported by a neighbour. */
export const streetRisk = (c: Citizens, i: number): number => 1 - (1 - c.riskCamera[i] * SHARE) * (1 - c.riskInformant[i] * SHARE);

/** How a perceived risk deters a deliberate act, against its prior: (risk / prior)^-elasticity above the prior, 1 at or below it (deterrence only lowers a rate). */
export const deterrence = (risk: number, prior: number, elasticity: number): number => (risk > prior && prior > 0 ? (risk / prior) ** -elasticity : 1);

/**
 * How far the chilling of a harmless act of `type` applies, by district: in full where some scorer
 * of citizens scores it, not at all where published rules say none does, by `secretUncertainty`
 * under secret rules.
 */
export function chillAwareness(world: SpanWorld, type: number): Float64Array {
  const published = rulesPublished(world);
  const scoredIn = byDistrict(world, (s, d) => s.rulesByType[type].length > 0 && runsIn(s, d));
  return Float64Array.from(scoredIn, (yes, d) => (yes ? 1 : published[d] ? 0 : world.scenario.response.secretUncertainty));
}

/** The same chance for someone who perceives every channel at `risk`: the prior a deterrence is measured against. */
export function uniformRiskThrough(risk: number, mask: number): number {
  let channels = 0;
  for (let m = mask; m; m >>= 1) channels += m & 1;
  return 1 - (1 - risk) ** channels;
}

/**
 * Whether a citizen's score with any scorer of citizens lies within `approvalMargin` (a share of
 * the range) of a tier threshold: where a few points decide a tier, people chase them.
 */
export function nearThreshold(world: SpanWorld, i: number): boolean {
  const margin = world.scenario.response.approvalMargin;
  const { policy, standing } = world;
  for (let s = 0; s < policy.scorers.length; s++) {
    const sc = policy.scorers[s];
    if (sc.kind !== 'citizens') continue;
    const enrolled = standing.scorers[s].enrolled;
    if (enrolled !== null && !enrolled[i]) continue;
    const score = standing.scores[s][i];
    const width = margin * (sc.max - sc.min);
    for (let t = 0; t < sc.tierMin.length - 1; t++) if (Math.abs(score - sc.tierMin[t]) < width) return true;
  }
  return false;
}

/** What buying in each purchase category does to one's score with the scorers of citizens: -1 it is penalised, +1 rewarded, 0 neither (a penalty wins over a reward). */
export function purchaseStakes(world: SpanWorld): Int8Array {
  return Int8Array.from(PURCHASE_CATEGORIES, (_, cat) => {
    let stake = 0;
    for (const s of world.policy.scorers) {
      if (s.kind !== 'citizens') continue;
      for (const r of s.rulesByType[EventType.purchase_essentials + cat]) {
        if (r.points < 0) return -1;
        if (r.points > 0) stake = 1;
      }
    }
    return stake;
  });
}

/** Whether a company is on any company list (a blacklist bars it from tenders, loans and subsidies). */
export function companyListed(world: SpanWorld, k: number): boolean {
  const { lists } = world.policy;
  for (let l = 0; l < lists.length; l++) if (lists[l].kind === 'companies' && world.standing.listed[l][k]) return true;
  return false;
}
