import type { World, SpanTask } from '../world.ts';
import type { PopulationCounts } from './population-pass.ts';
import { addBlocks, newClaimedSums, forEachClaimedBlock, type ClaimedSums } from '../core/blocks.ts';
import { EVENT_TYPES, EventType, JOB_LOSS_CAUSES } from '../core/events.ts';
import { SOURCES, Offer, CHANNELS, WRONGFUL_CAUSES } from '../core/tables.ts';
import { BUYERS, Buyer, coveredBy } from '../consequence/broker.ts';
import { trafficViolations, gateDenials, type Tally } from './tally.ts';
import { summarizeBounded, type Summary } from './stats.ts';
import { knownRisks, purchaseStakes } from '../life/knowledge.ts';
import { riskColumns, byChannel, SHARE } from '../population/citizens.ts';
import { FAR } from '../population/graph.ts';

/** What a metric reads: the world after today's pipeline, today's tally, and lazy summaries. */
export interface MeasureContext {
  world: World;
  tally: Tally;
  scoreSummary(scorer: number): Summary;
  /** by tier, the share of the scorer's scored subjects in it */
  tierShares(scorer: number): Float64Array;
  stateMeans(): StateMeans;
  /** homophily by score, by scorer (NaN for scorers of companies) */
  homophily(): Float64Array;
  /** what the distribution metrics count of the population (population-pass.ts) */
  population(): PopulationCounts;
}

export interface StateMeans {
  stress: number;
  health: number;
  legitimacy: number;
  perceivedRisk: number;
  hardship: number;
  /** mean of (1 - deprivation) / (1 + stress) */
  wellbeing: number;
  /** mean |perceived risk - the published detection risk|, over citizens and channels */
  riskError: number;
  /** mean perceived risk of each channel (CHANNELS) */
  riskByChannel: Float64Array;
}

/** Means of the human state, in one pass over the citizens (on every thread: STATE_SUMS). */
export function stateMeans(world: World): StateMeans {
  const n = world.pop.n;
  const channels = CHANNELS.length;
  const truths = knownRisks(world).map((risks) => Float64Array.from(risks, (v) => v * 65535));
  const block = newClaimedSums(n, STATE_WIDTH);
  world.overCitizens(STATE_SUMS, { truths, block });
  const t = addBlocks([block.sums], STATE_WIDTH);
  const riskByChannel = Float64Array.from({ length: channels }, (_, ch) => (t[Sum.risk + ch] * SHARE) / n);
  let error = 0;
  for (let ch = 0; ch < channels; ch++) error += t[Sum.risk + channels + ch] * SHARE;
  const perceivedRisk = riskByChannel.reduce((a, b) => a + b, 0) / channels;
  return {
    stress: t[Sum.stress] / n,
    health: (t[Sum.health] * SHARE) / n,
    legitimacy: (t[Sum.legitimacy] * SHARE) / n,
    perceivedRisk,
    hardship: (t[Sum.hardship] * SHARE) / n,
    wellbeing: t[Sum.wellbeing] / n,
    riskError: error / (n * channels),
    riskByChannel,
  };
}

/** The sums STATE_SUMS takes per block: stress, health, legitimacy, hardship, wellbeing, then each channel's risk, then each channel's |risk - truth|. */
const Sum = { stress: 0, health: 1, legitimacy: 2, hardship: 3, wellbeing: 4, risk: 5 } as const;
const STATE_WIDTH = Sum.risk + 2 * CHANNELS.length;

/** Sums of the human state per block of citizens, the blocks claimed by whichever thread is free; `truths` are the published risks in fraction units (65535 = certain), by channel then district. */
export const STATE_SUMS: SpanTask<{ truths: Float64Array[]; block: ClaimedSums }, void> = {
  name: 'measure.state-sums',
  run(world, _from, _to, { truths, block }) {
    const c = world.pop.citizens;
    const S = c.stress,
      D = c.deprivation,
      He = c.health,
      L = c.legitimacy,
      H = c.hardship,
      home = c.home;
    const risks = riskColumns(c);
    // one pass a block (the channels written out: a loop over the columns measured slower); each
    // sum still adds its citizens in order, so the sums are those of a pass per column
    const [r0, r1, r2, r3, r4, r5] = risks;
    const [t0, t1, t2, t3, t4, t5] = byChannel(truths);
    const sums = block.sums;
    forEachClaimedBlock(block.claims, world.pop.n, (start, end, b) => {
      const o = b * STATE_WIDTH;
      let stress = 0,
        health = 0,
        legitimacy = 0,
        hardship = 0,
        wellbeing = 0;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0,
        s4 = 0,
        s5 = 0;
      let e0 = 0,
        e1 = 0,
        e2 = 0,
        e3 = 0,
        e4 = 0,
        e5 = 0;
      for (let i = start; i < end; i++) {
        const s = S[i];
        stress += s;
        health += He[i];
        legitimacy += L[i];
        hardship += H[i];
        wellbeing += (1 - D[i] * SHARE) / (1 + s);
        // integer reads and one subtraction a citizen and channel: the truth is in fraction units
        const h = home[i];
        const r = r0[i];
        s0 += r;
        e0 += Math.abs(r - t0[h]);
        const q1 = r1[i];
        s1 += q1;
        e1 += Math.abs(q1 - t1[h]);
        const q2 = r2[i];
        s2 += q2;
        e2 += Math.abs(q2 - t2[h]);
        const q3 = r3[i];
        s3 += q3;
        e3 += Math.abs(q3 - t3[h]);
        const q4 = r4[i];
        s4 += q4;
        e4 += Math.abs(q4 - t4[h]);
        const q5 = r5[i];
        s5 += q5;
        e5 += Math.abs(q5 - t5[h]);
      }
      sums[o + Sum.stress] = stress;
      sums[o + Sum.health] = health;
      sums[o + Sum.legitimacy] = legitimacy;
      sums[o + Sum.hardship] = hardship;
      sums[o + Sum.wellbeing] = wellbeing;
      sums.set([s0, s1, s2, s3, s4, s5, e0, e1, e2, e3, e4, e5], o + Sum.risk);
    });
  },
};

/**
 * A metric, declared as data: its name (the column users query), unit, how often it is taken,
 * and how it is computed. Nothing is collected by code scattered through the model.
 */
export interface Metric {
  name: string;
  unit: string;
  /** 'daily', or 'distribution' (every output.distributionEvery days and on the last day) */
  when: 'daily' | 'distribution';
  /** how a run is summed up in one number: the total of a flow, the last value of a stock, the mean of a level */
  over: 'sum' | 'last' | 'mean';
  value: (ctx: MeasureContext) => number;
  /** what the metric keeps from one measurement to the next, here where a checkpoint saves it (engine/checkpoint.ts) */
  state?: Uint8Array;
}

/** A count of today's events: a run sums them. */
const daily = (name: string, unit: string, value: Metric['value']): Metric => ({ name, unit, when: 'daily', over: 'sum', value });
/** A level taken every day (a stock, a mean): a run is summed up by its mean or its last value. */
const level = (name: string, unit: string, over: 'last' | 'mean', value: Metric['value']): Metric => ({ name, unit, when: 'daily', over, value });
/** A full pass over the population, taken every few days: a run is summed up by the last. */
const distribution = (name: string, unit: string, value: Metric['value']): Metric => ({ name, unit, when: 'distribution', over: 'last', value });

/** The metrics of a world: fixed ones plus one set per group, scorer, list and gate. */
export function defineMetrics(world: World): Metric[] {
  const groups = world.scenario.population.groups.map((g) => g.name);
  const { scorers, lists, gates } = world.policy;
  const m: Metric[] = [
    ...EVENT_TYPES.map((type, i) => daily(`acts.${type}`, 'events', ({ tally }) => tally.acts[i])),
    daily('traffic_violations', 'events', ({ tally }) => trafficViolations(tally)),
    ...basketShares(world),
    ...SOURCES.slice(1).map((s, i) => daily(`observed.${s}`, 'events', ({ tally }) => tally.seen[i + 1])),
    daily('faces.searched', 'searches', ({ tally }) => tally.searched),
    daily('faces.true_matches', 'searches', ({ tally }) => tally.trueMatches),
    daily('faces.wrongful_matches', 'searches', ({ tally }) => tally.wrongfulMatches),
    daily('faces.missed', 'searches', ({ tally }) => tally.missed),
    daily('penalties', 'score deductions', ({ tally }) => tally.penalties),
    daily('penalties.wrongful', 'score deductions', ({ tally }) => tally.wrongfulPenalties),
    ...WRONGFUL_CAUSES.map((cause, k) => daily(`penalties.wrongful_from.${cause}`, 'score deductions', ({ tally }) => tally.wrongfulByCause[k])),
    daily('rewards', 'score additions', ({ tally }) => tally.rewards),
    daily('screens.displays', 'faces put up', ({ tally }) => tally.displays),
    daily('screens.displays_wrongful', 'innocent faces put up', ({ tally }) => tally.displaysWrongful),
    daily('screens.fees_paid', 'fees', ({ tally }) => tally.acts[EventType.screen_fee_paid]),
    daily('screens.ties_cut', 'friendships', ({ tally }) => tally.tiesCut),
    distribution('face_pay.adoption', 'share of citizens', (ctx) => ctx.population().facePayers / world.pop.n),
    daily('face_pay.sightings', 'purchases paid by face, each recorded', ({ tally }) => tally.faceSightings),
    daily('face_pay.fraud_losses', 'CNY', ({ tally }) => tally.faceFraudLoss),
    daily('card_theft.losses', 'CNY', ({ tally }) => tally.cardTheftLoss),
    distribution('science.funded_share', 'share of employed researchers holding a grant', (ctx) => {
      const p = ctx.population();
      return p.researchers ? p.funded / p.researchers : NaN;
    }),
    daily('science.researchers_penalised', 'score deductions for contrary findings', ({ tally }) => tally.contraryPenalised),
    daily('crimes.cleared', 'crimes pinned on their actor', ({ tally }) => tally.crimesCleared),
    daily('detentions', 'suspects detained', ({ tally }) => tally.detentions),
    daily('detentions.wrongful', 'innocents detained', ({ tally }) => tally.wrongfulDetentionsByGroup.reduce((a, b) => a + b, 0)),
    daily('detention.days', 'citizens held, each day', ({ tally }) => tally.detainedToday),
    daily('detentions.relatives', 'other adults of the households of those detained', ({ tally }) => tally.relativesOfDetained),
    daily('detentions.children', 'children of the households of those detained', ({ tally }) => tally.childrenOfDetained),
    ...groups.map((g, i) => daily(`detentions.wrongful.${g}`, 'innocents detained', ({ tally }) => tally.wrongfulDetentionsByGroup[i])),
    daily('screens.face_days', 'citizens on a screen, each day', ({ tally }) => tally.faceDays),
    ...JOB_LOSS_CAUSES.map((cause, k) => daily(`jobs_lost.${cause}`, 'jobs', ({ tally }) => tally.jobsLost[k])),
    daily('appeals.filed', 'appeals', ({ tally }) => tally.appealsFiled),
    daily('appeals.upheld', 'appeals', ({ tally }) => tally.appealsUpheld),
    daily('appeals.upheld_wrongful', 'appeals', ({ tally }) => tally.appealsUpheldWrongful),
    daily('appeals.points_restored', 'points', ({ tally }) => tally.pointsRestored),
    daily('broker.records_sold', 'records', ({ tally }) => tally.recordsSold.reduce((a, b) => a + b, 0)),
    ...BUYERS.map((buyer, b) => daily(`broker.records_sold.${buyer}`, 'records', ({ tally }) => tally.recordsSold[b])),
    level('broker.priced_by_score', 'citizens', 'last', ({ world: w }) => (w.scenario.broker.scorer === undefined ? 0 : coveredBy(w, Buyer.lender))),
    daily('broker.offers.loan', 'offers', ({ tally }) => tally.offers[Offer.loan]),
    daily('broker.offers.product', 'offers', ({ tally }) => tally.offers[Offer.product]),
    daily('debtors.repaid_under_bans', 'debtors', ({ tally }) => tally.repaidUnderBans),
    ...groups.flatMap((g, i) => [
      daily(`faces.searched.${g}`, 'searches', ({ tally }) => tally.searchedByGroup[i]),
      daily(`faces.wrongful_matches.${g}`, 'searches', ({ tally }) => tally.wrongfulByGroup[i]),
      daily(`penalties.wrongful.${g}`, 'score deductions', ({ tally }) => tally.wrongfulPenaltiesByGroup[i]),
      daily(`sick_days.${g}`, 'days', ({ tally }) => tally.sickByGroup[i]),
      daily(`sick_days.income_lost.${g}`, 'CNY', ({ tally }) => tally.sickLostByGroup[i]),
      distribution(`health.mean.${g}`, 'health in [0, 1]', (ctx) => {
        const p = ctx.population();
        return (p.citizens[i] ? p.health[i] / p.citizens[i] : NaN) * SHARE;
      }),
      ...WRONGFUL_CAUSES.map((cause, k) => daily(`penalties.wrongful_from.${cause}.${g}`, 'score deductions', ({ tally }) => tally.wrongfulByCauseGroup[k * groups.length + i])),
      daily(`gates.attempts.${g}`, 'attempts', ({ tally }) => tally.attemptsByGroup[i]),
      daily(`gates.denied.${g}`, 'denials', ({ tally }) => tally.deniedByGroup[i]),
      daily(`penalties.${g}`, 'score deductions', ({ tally }) => tally.penaltiesByGroup[i]),
      daily(`offences.${g}`, 'penalised acts done', ({ tally }) => tally.offencesByGroup[i]),
      daily(`offences.caught.${g}`, 'penalised acts pinned on their actor', ({ tally }) => tally.caughtByGroup[i]),
      distribution(`citizens.${g}`, 'citizens', (ctx) => shareOf(ctx.population().citizens[i], world.pop.n) * world.pop.n),
      distribution(`screens.shown.${g}`, 'citizens on a screen', (ctx) => ctx.population().shown[i]),
      ...lists.flatMap((l, li) => (l.kind === 'citizens' ? [distribution(`list.${l.id}.stock.${g}`, 'citizens', (ctx) => ctx.population().listed[li * groups.length + i])] : [])),
    ]),
    ...lists.flatMap((l, i) => [
      level(`list.${l.id}.stock`, l.kind, 'last', ({ tally }) => tally.listStock[i]),
      daily(`list.${l.id}.inflow`, 'citizens', ({ tally }) => tally.listIn[i]),
      daily(`list.${l.id}.outflow`, 'citizens', ({ tally }) => tally.listOut[i]),
    ]),
    ...gates.flatMap((g, i) => [
      daily(`gate.${g.id}.attempts`, 'attempts', ({ tally }) => tally.gateAttempts[i]),
      daily(`gate.${g.id}.denied`, 'denials', ({ tally }) => tally.gateDenied[i]),
      ...(g.priority ? [daily(`gate.${g.id}.privileged`, 'privileges granted', ({ tally }) => tally.gatePrivileged[i])] : []),
    ]),
    daily('privileges.days_saved', 'days', ({ tally }) => tally.daysSaved),
    daily('privileges.fees_saved', 'CNY', ({ tally }) => tally.feesSaved),
    distribution('passports.held', 'share of citizens', (ctx) => shareOf(ctx.population().passports, world.pop.n)),
    distribution('schooling.worse_share', 'share of school-age children in a worse school', (ctx) => {
      const p = ctx.population();
      return p.children ? p.childrenDenied / p.children : 0;
    }),
    distribution('population.mean_age', 'years', (ctx) => shareOf(ctx.population().ageSum, world.pop.n)),
    distribution('population.over_60', 'share of adults', (ctx) => shareOf(ctx.population().over60, world.pop.n)),
    distribution('population.entrants', 'share of adults who entered during the run', (ctx) => shareOf(ctx.population().entrants, world.pop.n)),
    distribution('schooling.worse_schooled_adults', 'adults schooled worse as children', (ctx) => ctx.population().worseSchooled),
    distribution('schooling.worse_schooled_income_ratio', 'mean income of the worse-schooled / of other entrants', (ctx) => {
      // NaN while either is empty
      const { entrantIncome: sum, entrantCount: n } = ctx.population();
      return n[0] && n[1] ? sum[1] / n[1] / (sum[0] / n[0]) : NaN;
    }),
    daily('gates.denied', 'denials', ({ tally }) => gateDenials(tally)),
    level('stress.mean', 'stress units', 'mean', (ctx) => ctx.stateMeans().stress),
    level('legitimacy.mean', 'L in [0, 1]', 'last', (ctx) => ctx.stateMeans().legitimacy),
    level('perceived_risk.mean', 'probability', 'mean', (ctx) => ctx.stateMeans().perceivedRisk),
    level('hardship.mean', 'H in [0, 1]', 'last', (ctx) => ctx.stateMeans().hardship),
    level('health.mean', 'health in [0, 1]', 'mean', (ctx) => ctx.stateMeans().health),
    daily('sick_days.income_lost', 'CNY', ({ tally }) => tally.sickLostByGroup.reduce((a, b) => a + b, 0)),
    level('wellbeing.mean', '(1 - deprivation) / (1 + stress)', 'mean', (ctx) => ctx.stateMeans().wellbeing),
    ...CHANNELS.map((ch, k) => level(`perceived_risk.${ch}`, 'probability', 'mean', (ctx) => ctx.stateMeans().riskByChannel[k])),
    level('perceived_risk.error', 'mean |perceived - true detection risk|', 'mean', (ctx) => ctx.stateMeans().riskError),
    daily('friends.pruned', 'friendships', ({ tally }) => tally.tiesPruned),
    distribution('income.gini', 'Gini', (ctx) => ctx.population().incomeGini),
    distribution('arrears.share', 'share of citizens', (ctx) => shareOf(ctx.population().inArrears, world.pop.n)),
    distribution('unemployment', 'share of citizens', (ctx) => shareOf(ctx.population().unemployed, world.pop.n)),
    ...scorers.flatMap((s, i) => [
      ...(['mean', 'sd', 'p10', 'p50', 'p90', 'gini'] as const).map((stat) => distribution(`score.${s.id}.${stat}`, stat === 'gini' ? 'Gini' : 'points', (ctx) => ctx.scoreSummary(i)[stat])),
      ...s.tierNames.map((tier, t) => distribution(`tier.${s.id}.${tier}`, `share of scored ${s.kind}`, (ctx) => ctx.tierShares(i)[t])),
      distribution(`score.${s.id}.theil`, 'Theil T', () => theil(scoredValues(world, i), s.min)),
      mobility(`score.${s.id}.mobility`, world.standing.tiers[i]),
      ...(s.kind === 'citizens' ? [distribution(`score.${s.id}.homophily`, 'correlation between friends', (ctx) => ctx.homophily()[i])] : []),
    ]),
  ];
  return m;
}

/** The shares of today's purchases made in categories the score penalises, and in those it rewards: how the basket shifts. */
function basketShares(world: World): Metric[] {
  const stakes = purchaseStakes(world);
  const share = (tally: Tally, sign: number) => {
    let all = 0,
      some = 0;
    stakes.forEach((stake, cat) => {
      const n = tally.acts[EventType.purchase_essentials + cat];
      all += n;
      if (stake === sign) some += n;
    });
    return all ? some / all : 0;
  };
  return [
    level('purchases.penalised_share', 'share of purchases', 'mean', ({ tally }) => share(tally, -1)),
    level('purchases.rewarded_share', 'share of purchases', 'mean', ({ tally }) => share(tally, 1)),
  ];
}

/** Share of subjects whose tier changed since the metric was last taken. */
function mobility(name: string, tiers: Uint8Array): Metric {
  const metric: Metric = {
    ...distribution(name, 'share changing tier between measurements', () => {
      const before = metric.state as Uint8Array;
      let moved = 0;
      for (let i = 0; i < tiers.length; i++) if (tiers[i] !== before[i]) moved++;
      before.set(tiers);
      return tiers.length ? moved / tiers.length : NaN;
    }),
    state: Uint8Array.from(tiers),
  };
  return metric;
}

/** Theil's T of scores (shifted so the minimum possible score is 0): 0 when all are equal. */
function theil(scores: Float32Array, min: number): number {
  const shift = min < 0 ? -min : 0;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += scores[i] + shift;
  const mu = sum / scores.length;
  if (!(mu > 0)) return NaN;
  let t = 0;
  for (let i = 0; i < scores.length; i++) {
    const r = (scores[i] + shift) / mu;
    if (r > 0) t += r * Math.log(r);
  }
  return t / scores.length;
}

/**
 * Pearson correlation of scores across friendships (each tie counted both ways): homophily by
 * score, for each scorer of citizens in one walk over the ties (on every thread: HOMOPHILY_SUMS),
 * of a systematic sample of `output.homophilySample` citizens (every k-th id: homophilyStride, so
 * every district and household size is in it). NaN for a scorer of companies.
 */
export function homophily(world: World): Float64Array {
  const scorers = world.policy.scorers.flatMap((s, k) => (s.kind === 'citizens' ? [k] : []));
  const width = 1 + 5 * scorers.length;
  const block = newClaimedSums(world.pop.n, width);
  world.overCitizens(HOMOPHILY_SUMS, { scorers, stride: homophilyStride(world.pop.n, world.scenario.output.homophilySample), block });
  const t = addBlocks([block.sums], width);
  const out = new Float64Array(world.policy.scorers.length).fill(NaN);
  const ties = t[0];
  scorers.forEach((s, k) => {
    // a sample's citizens and their friends are two margins: the correlation of the pairs, in full
    const [sx, sxx, sy, syy, sxy] = t.subarray(1 + 5 * k, 6 + 5 * k);
    const mx = sx / ties,
      my = sy / ties;
    const vx = sxx / ties - mx * mx,
      vy = syy / ties - my * my;
    out[s] = ties > 0 && vx > 1e-12 && vy > 1e-12 ? (sxy / ties - mx * my) / Math.sqrt(vx * vy) : NaN;
  });
  return out;
}

/** Every how many citizens one is in the homophily sample: 1 for every citizen (sample 0, or no smaller than the population). */
export const homophilyStride = (n: number, sample: number): number => (sample === 0 || sample >= n ? 1 : Math.floor(n / sample));

/** Per block of citizens (claimed by whichever thread is free): the ties walked, then for each scorer named the sums of x, x^2, y, y^2 and x y over them (x a citizen's score, y a friend's), over the citizens whose id is a multiple of `stride`. */
export const HOMOPHILY_SUMS: SpanTask<{ scorers: number[]; stride: number; block: ClaimedSums }, void> = {
  name: 'measure.homophily-sums',
  run(world, _from, _to, { scorers, stride, block }) {
    const { offsets, near, far, farStart, cut } = world.pop.graph;
    const scores = scorers.map((s) => world.standing.scores[s]);
    const width = 1 + 5 * scores.length;
    const sums = block.sums;
    forEachClaimedBlock(block.claims, world.pop.n, (start, end, b) => {
      // a walk of the block's ties per scorer: the second finds the ties in cache
      scores.forEach((x, s) => {
        let ties = 0,
          sx = 0,
          sxx = 0,
          sy = 0,
          syy = 0,
          sxy = 0;
        for (let i = Math.ceil(start / stride) * stride; i < end; i += stride) {
          const xi = x[i];
          let f = farStart[i];
          // forEachFriend, inlined: this loop visits every tie
          for (let k = offsets[i]; k < offsets[i + 1]; k++) {
            const d = near[k];
            const friend = d === FAR ? far[f++] : i + d;
            if ((cut[k >>> 5] >>> (k & 31)) & 1) continue;
            const y = x[friend];
            ties++;
            sx += xi;
            sxx += xi * xi;
            sy += y;
            syy += y * y;
            sxy += xi * y;
          }
        }
        const o = b * width + 1 + 5 * s;
        sums[b * width] = ties;
        sums[o] = sx;
        sums[o + 1] = sxx;
        sums[o + 2] = sy;
        sums[o + 3] = syy;
        sums[o + 4] = sxy;
      });
    });
  },
};

/** By tier, the share of a scorer's scored subjects in it (NaN when it scores nobody): one pass over the subjects for every tier. */
export function tierShares(world: World, s: number): Float64Array {
  const tiers = world.standing.tiers[s];
  const enrolled = world.standing.scorers[s].enrolled;
  const counts = new Float64Array(256);
  let n = 0;
  if (enrolled === null) {
    for (let i = 0; i < tiers.length; i++) counts[tiers[i]]++;
    n = tiers.length;
  } else
    for (let i = 0; i < tiers.length; i++) {
      if (!enrolled[i]) continue;
      n++;
      counts[tiers[i]]++;
    }
  return counts.subarray(0, world.policy.scorers[s].tierNames.length).map((k) => (n ? k / n : NaN));
}

/** Scores of the subjects a scorer scores (the not enrolled have none). */
function scoredValues(world: World, scorer: number): Float32Array {
  const scores = world.standing.scores[scorer];
  const enrolled = world.standing.scorers[scorer].enrolled;
  if (enrolled === null) return scores;
  const out = new Float32Array(scores.length);
  let n = 0;
  for (let i = 0; i < scores.length; i++) if (enrolled[i]) out[n++] = scores[i];
  return out.subarray(0, n);
}

export function summarizeScores(world: World, scorer: number): Summary {
  const s = world.policy.scorers[scorer];
  const range = s.max - s.min;
  const values = scoredValues(world, scorer);
  // whole-point scores without decay: centre one bin on each point, so quantiles come out exact
  if (s.aggregation === 'points' && s.keep === 1 && range <= 65536) return summarizeBounded(values, s.min - 0.5, s.max + 0.5, Math.ceil(range) + 1);
  return summarizeBounded(values, s.min, s.max, 65536);
}

/** k of n as a share (NaN of none). */
const shareOf = (k: number, n: number): number => (n ? k / n : NaN);
