import type { World, SpanWorld, SpanTask } from '../world.ts';
import { BLOCK, newClaims, forEachClaimed } from '../core/blocks.ts';
import type { Columns } from '../core/columns.ts';
import type { SCORE_CHANGE_COLUMNS } from '../core/tables.ts';
import { mergeSorted } from '../core/sort.ts';
import { streamKey, uniform, bits } from '../core/random.ts';
import { EventType, PURCHASE_CATEGORIES } from '../core/events.ts';
import { answerAttempts } from './answers.ts';
import { reserve } from '../core/buffer.ts';
import { cutTie, forEachFriend, FAR } from '../population/graph.ts';
import { APPEAL_RULE, TieCut } from '../core/tables.ts';
import { riskAnchors } from './knowledge.ts';
import { riskColumns, byChannel, SHARE, shareBits } from '../population/citizens.ts';
import { channelOf } from '../core/sources.ts';
import { recordCut } from './emit.ts';

/**
 * How people respond to what happened to them yesterday (read from yesterday's tables, before
 * they are cleared): a penalty raises perceived detection risk and stress, and a wrongful one
 * costs the system legitimacy; a denial costs stress, money, hardship and (denied leisure)
 * wellbeing, and a denied citizen may try again; a privilege saves its fee. A job offer is taken
 * unless a gate barred the trade, in which case the citizen retrains for ordinary work at a lower
 * wage; one barred in post is dismissed and retrains; a promotion granted raises the wage; a
 * passport granted opens travel abroad; a grant application not barred is funded at the committee's rate; a denied internet renewal slows the connection; a child
 * denied a private school goes to a worse one.
 * Every day stress recovers and perceived risk drifts back toward the prior.
 */
export function respond(world: World): void {
  respondToPenalties(world);
  answerAttempts(world);
  respondToScreens(world);
  recover(world);
}

/**
 * A penalty teaches the risk of the channel that saw the act (a camera, a censor, an employer...)
 * and costs stress; a wrongful one costs legitimacy; either may be appealed. Each thread goes
 * through yesterday's score changes (LESSONS); the appeals its citizens file come back as the rows
 * of the score changes appealed, and are filed here in that order.
 */
function respondToPenalties(world: World) {
  const sc = world.scoreChanges.cols;
  const ob = world.observations.cols;
  const scorers = world.policy.scorers;
  const appealed = mergeSorted(
    world.overCitizens(LESSONS, {
      changes: sc,
      count: world.scoreChanges.length,
      seenAs: ob.seenAs,
      sources: ob.source,
      wrongful: ob.wrongful,
      // a fall in a peer rating is felt like any penalty, but there is no one to appeal to
      appealable: Uint8Array.from(scorers, (s) => (s.kind === 'citizens' && s.aggregation !== 'ratings' ? 1 : 0)),
    }),
  );
  for (let x = 0; x < appealed.length; x++) {
    const j = appealed[x];
    const k = reserve(world.appeals);
    const o = world.appeals.cols;
    o.citizen[k] = sc.subject[j];
    o.scorer[k] = sc.scorer[j];
    o.rule[k] = sc.rule[j];
    o.delta[k] = sc.delta[j];
    o.wrongful[k] = ob.wrongful[sc.event[j]];
  }
}

interface Lessons {
  /** yesterday's score changes, and how many */
  changes: Columns<typeof SCORE_CHANGE_COLUMNS>;
  count: number;
  /** of yesterday's events: the type recorded, the source that saw it, whether it blamed the wrong person */
  seenAs: Uint8Array;
  sources: Uint8Array;
  wrongful: Uint8Array;
  /** by scorer: 1 for one whose deductions can be appealed */
  appealable: Uint8Array;
}

/**
 * What yesterday's penalties teach the citizens of a span: the penalised, and the friends who hear
 * of it; and, for a purchase scored, that its category counts. Each thread goes through every score
 * change in order and applies what concerns its own citizens, so each citizen learns its lessons in
 * the order one thread would teach them. Returns the score changes its citizens appeal, in order.
 */
export const LESSONS: SpanTask<Lessons, Int32Array> = {
  name: 'respond.lessons',
  run(world, from, to, { changes: sc, count, seenAs, sources, wrongful, appealable }) {
    const r = world.scenario.response;
    const a = world.scenario.appeals;
    const c = world.pop.citizens;
    const { offsets, near, far, farStart, cut } = world.pop.graph;
    const risks = riskColumns(c);
    const { stress, legitimacy, wrongfulPenalties, knownPurchases } = c;
    const keepLegitimacy = 1 - r.legitimacyPerWrongful,
      keepFromFriends = 1 - r.legitimacyFromFriends;
    const fromFriends = r.riskLearning * r.riskFromFriends;
    const citizens = world.policy.scoresCitizens;
    const key = streamKey(world.seed, 'respond.appeal');
    const appealed: number[] = [];
    for (let j = 0; j < count; j++) {
      const scorer = sc.scorer[j];
      if (!citizens[scorer] || sc.rule[j] === APPEAL_RULE) continue;
      const i = sc.subject[j];
      const e = sc.event[j];
      const own = i >= from && i < to;
      // scored for a purchase, one learns that its category counts
      const category = seenAs[e] - EventType.purchase_essentials;
      if (own && category >= 0 && category < PURCHASE_CATEGORIES.length) knownPurchases[i] |= 1 << category;
      if (sc.delta[j] >= 0) continue;
      const channel = channelOf(sources[e], seenAs[e]);
      const risk = channel >= 0 ? risks[channel] : null;
      const wrong = wrongful[e] === 1;
      if (own) {
        if (risk) risk[i] = learn(risk[i], r.riskLearning);
        stress[i] += r.stressPerPenalty;
        if (wrong) {
          legitimacy[i] = shareBits(legitimacy[i] * SHARE * keepLegitimacy);
          if (wrongfulPenalties[i] < 65535) wrongfulPenalties[i]++;
        }
        if (appealable[scorer] && uniform(key, i, world.day, (scorer << 8) | seenAs[e]) < (wrong ? a.ifWrongful : a.ifRightful)) appealed.push(j);
      }
      // friends hear of it: a penalty teaches them too, and a wrongful one costs the system their trust
      let f = farStart[i];
      // forEachFriend, inlined: this loop visits every friend of every penalised citizen
      for (let k = offsets[i]; k < offsets[i + 1]; k++) {
        const d = near[k];
        const friend = d === FAR ? far[f++] : i + d;
        if (friend < from || friend >= to || (cut[k >>> 5] >>> (k & 31)) & 1) continue;
        if (risk) risk[friend] = learn(risk[friend], fromFriends);
        if (wrong) legitimacy[friend] = shareBits(legitimacy[friend] * SHARE * keepFromFriends);
      }
    }
    return Int32Array.from(appealed);
  },
};

/** A perceived risk (SHARE fraction) after a lesson: a step `rate` of the way to certainty. */
const learn = (risk: number, rate: number): number => shareBits(risk * SHARE + rate * (1 - risk * SHARE));

/**
 * Each day a face is on a screen it hurts its owner, and friends who live in the screen's district
 * and see it may cut the tie: harm lasts as long as the face stays up, so the fee buys its end.
 * The faces are found and the friends' draws taken on every thread (STIGMA); the ties are cut
 * here, in citizen order, a tie already cut today (from the other side) left as it is, as one
 * thread going through the citizens in order would leave it.
 */
function respondToScreens(world: World) {
  // on the first day there was no yesterday, and no face on a screen (shownUntil -1 is "never shown")
  if (!world.scenario.screens.enabled || world.day === 0) return;
  const g = world.pop.graph;
  for (const pairs of world.overCitizens(STIGMA, undefined)) {
    for (let k = 0; k < pairs.length; k += 2) if (cutTie(g, pairs[k], pairs[k + 1])) recordCut(world, pairs[k], pairs[k + 1], TieCut.stigma);
  }
}

/** For the faces of a span still up yesterday: their stress, and the (citizen, friend) ties their friends would cut. */
export const STIGMA: SpanTask<undefined, Int32Array> = {
  name: 'respond.stigma',
  run(world, from, to) {
    const sc = world.scenario.screens;
    const c = world.pop.citizens;
    const g = world.pop.graph;
    const key = streamKey(world.seed, 'respond.stigma');
    const yesterday = world.day - 1;
    const pairs: number[] = [];
    for (let i = from; i < to; i++) {
      if (c.shownUntil[i] < yesterday) continue;
      c.stress[i] += sc.shamingStress;
      const district = c.shownIn[i];
      // each (friend, displayed citizen, day) has a draw of its own: the friend names a stream, the citizen the draw in it
      forEachFriend(g, i, (friend) => {
        if (c.home[friend] === district && uniform(bits(key, friend, yesterday, 0), i, yesterday, 0) < sc.stigmaTieLoss) pairs.push(i, friend);
      });
    }
    return Int32Array.from(pairs);
  },
};

/**
 * Every day: stress recovers, and feeling watched adds some (by the mean risk over channels);
 * each channel's perceived risk drifts back to what a citizen can know (its published detection
 * risk in their district, or the prior under secret rules), and the camera channel rises with the
 * faces shown on their district's screen. Citizen by citizen, so on every thread (RECOVER).
 */
function recover(world: World) {
  const salience = new Float64Array(world.city.count);
  const d = world.displays.cols;
  for (let j = 0; j < world.displays.length; j++) salience[d.district[j]] += 1 / Math.max(1, world.city.districts.screenCapacity[d.district[j]]);
  world.overCitizens(RECOVER, { anchors: riskAnchors(world), salience: world.displays.length > 0 ? salience : null, claims: newClaims() });
}

interface RecoverInput {
  /** what perceived risk drifts back to, by channel then district */
  anchors: Float64Array[];
  /** by district, the faces on its screen yesterday per place on it; null when no face was shown */
  salience: Float64Array | null;
  /** the next block of citizens to recover, shared by the threads (forEachClaimed) */
  claims: Int32Array;
}

/**
 * Blocks of citizens claimed by whichever thread is free (forEachClaimed), not a span each: each
 * citizen's recovery is a function of their own state, and the threads are not equally fast at it
 * (the main thread some 15 % slower, whichever half it has: docs/performance.md).
 */
export const RECOVER: SpanTask<RecoverInput, void> = {
  name: 'respond.recover',
  run(world, _from, _to, input) {
    const recovery = recoveryOf(world, input);
    forEachClaimed(input.claims, world.pop.n, BLOCK, (first, end) => recoverCitizens(recovery, first, end));
  },
};

/** Today's rates, columns and anchors, set up once a thread (each block's loop reads them as locals). */
function recoveryOf(world: SpanWorld, { anchors, salience }: RecoverInput) {
  const r = world.scenario.response;
  const c = world.pop.citizens;
  const risks = riskColumns(c);
  return {
    keep: 1 - r.stressRecovery,
    riskForgetting: r.riskForgetting,
    riskFromScreens: r.riskFromScreens,
    perChannel: (r.surveillanceStress * SHARE) / risks.length,
    homes: c.home,
    stress: c.stress,
    deprivation: c.deprivation,
    salience,
    risks: byChannel(risks),
    anchors: byChannel(anchors),
    anchorBits: byChannel(anchors.map((anchor) => Uint16Array.from(anchor, shareBits))),
  };
}

/** Recover citizens [first, end). */
function recoverCitizens(recovery: ReturnType<typeof recoveryOf>, first: number, end: number): void {
  const { keep, riskForgetting, riskFromScreens, perChannel, homes, stress, deprivation, salience } = recovery;
  // citizen by citizen, every channel at once (written out: a loop over the columns measured slower)
  const [rCamera, rCensor, rPlatform, rEmployer, rCourt, rInformant] = recovery.risks;
  const [aCamera, aCensor, aPlatform, aEmployer, aCourt, aInformant] = recovery.anchors;
  const [bCamera, bCensor, bPlatform, bEmployer, bCourt, bInformant] = recovery.anchorBits;
  for (let i = first; i < end; i++) {
    const home = homes[i];
    const shown = salience === null ? 0 : salience[home];
    // most citizens sit at their anchor in some channels, where forgetting changes nothing
    let bits = rCamera[i];
    if (bits !== bCamera[home] || shown > 0) rCamera[i] = bits = drifted(bits, aCamera[home], riskForgetting, shown, riskFromScreens);
    let watched = bits;
    bits = rCensor[i];
    if (bits !== bCensor[home]) rCensor[i] = bits = drifted(bits, aCensor[home], riskForgetting, 0, 0);
    watched += bits;
    bits = rPlatform[i];
    if (bits !== bPlatform[home]) rPlatform[i] = bits = drifted(bits, aPlatform[home], riskForgetting, 0, 0);
    watched += bits;
    bits = rEmployer[i];
    if (bits !== bEmployer[home]) rEmployer[i] = bits = drifted(bits, aEmployer[home], riskForgetting, 0, 0);
    watched += bits;
    bits = rCourt[i];
    if (bits !== bCourt[home]) rCourt[i] = bits = drifted(bits, aCourt[home], riskForgetting, 0, 0);
    watched += bits;
    bits = rInformant[i];
    if (bits !== bInformant[home]) rInformant[i] = bits = drifted(bits, aInformant[home], riskForgetting, 0, 0);
    watched += bits;
    stress[i] = stress[i] * keep + perChannel * watched;
    if (deprivation[i]) deprivation[i] = Math.round(deprivation[i] * keep);
  }
}

/** A perceived risk (in bits) a day nearer its anchor, and raised by `shown` faces per place on the home district's screen. */
function drifted(bits: number, anchor: number, forgetting: number, shown: number, fromScreens: number): number {
  const now = bits * SHARE;
  let v = now + forgetting * (anchor - now);
  if (shown > 0) v += fromScreens * Math.min(1, shown) * (1 - v);
  return shareBits(v);
}
