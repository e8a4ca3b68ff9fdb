import type { World, SpanTask } from '../world.ts';
import { streamKey, uniform, bits } from '../core/random.ts';
import { EventType, PURCHASE_CATEGORIES, ATTEMPTS, RANDOM_ATTEMPTS, EVENT_TYPE_COUNT, attemptEventType } from '../core/events.ts';
import { Occupation } from '../population/citizens.ts';
import { hire, leaveEmployer } from './jobs.ts';
import { reserve } from '../core/buffer.ts';
import { cutTie, forEachFriend, FAR } from '../population/graph.ts';
import { APPEAL_RULE, TieCut } from '../core/tables.ts';
import { riskAnchors } from './knowledge.ts';
import { riskColumns, byChannel, SHARE, shareBits } from '../population/citizens.ts';
import { channelOf } from '../core/sources.ts';
import { recordCut } from './emit.ts';
import { DAYS_A_YEAR } from '../core/calendar.ts';

/** By event type: its index in ATTEMPTS, or -1 for an event that is not an attempt at a gate. */
export const ATTEMPT_OF_TYPE = new Int8Array(EVENT_TYPE_COUNT).fill(-1);
ATTEMPTS.forEach((a, kind) => {
  ATTEMPT_OF_TYPE[attemptEventType(a)] = kind;
});
const JOB = ATTEMPTS.indexOf('job');
const POST = ATTEMPTS.indexOf('post');
const PROMOTION = ATTEMPTS.indexOf('promotion');
const GRANT = ATTEMPTS.indexOf('grant');
/** By attempt: its index in RANDOM_ATTEMPTS (the retry rates), or -1 for one that is not retried. */
const RETRY = ATTEMPTS.map((a) => RANDOM_ATTEMPTS.indexOf(a as (typeof RANDOM_ATTEMPTS)[number]));

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
  respondToAttempts(world);
  respondToScreens(world);
  recover(world);
}

/**
 * A penalty teaches the risk of the channel that saw the act (a camera, a censor, an employer...)
 * and costs stress; a wrongful one costs legitimacy; either may be appealed. What penalties teach
 * the penalised and their friends is learned on every thread (LESSONS); the appeals are filed here.
 */
function respondToPenalties(world: World) {
  const a = world.scenario.appeals;
  const c = world.pop.citizens;
  const sc = world.scoreChanges.cols;
  const wrongfulEvent = world.observations.cols.wrongful;
  const citizens = world.policy.scorers.map((s) => s.kind === 'citizens');
  // a fall in a peer rating is felt like any penalty, but there is no one to appeal to
  const appealable = world.policy.scorers.map((s) => s.kind === 'citizens' && s.aggregation !== 'ratings');
  const key = streamKey(world.seed, 'respond.appeal');
  const sourceOf = world.observations.cols.source;
  const seenAs = world.observations.cols.seenAs;
  // yesterday's penalties, at most one a score change
  const changes = world.scoreChanges.length;
  const subjects = new Int32Array(changes),
    channels = new Int8Array(changes),
    wrongs = new Uint8Array(changes);
  let penalties = 0;
  for (let j = 0; j < changes; j++) {
    if (!citizens[sc.scorer[j]] || sc.rule[j] === APPEAL_RULE) continue;
    // scored for a purchase, one learns that its category counts
    const category = seenAs[sc.event[j]] - EventType.purchase_essentials;
    if (category >= 0 && category < PURCHASE_CATEGORIES.length) c.knownPurchases[sc.subject[j]] |= 1 << category;
    if (sc.delta[j] >= 0) continue;
    const i = sc.subject[j];
    const wrongful = wrongfulEvent[sc.event[j]] === 1;
    subjects[penalties] = i;
    channels[penalties] = channelOf(sourceOf[sc.event[j]], seenAs[sc.event[j]]);
    wrongs[penalties++] = wrongful ? 1 : 0;
    if (appealable[sc.scorer[j]] && uniform(key, i, world.day, (sc.scorer[j] << 8) | seenAs[sc.event[j]]) < (wrongful ? a.ifWrongful : a.ifRightful)) {
      const k = reserve(world.appeals);
      const o = world.appeals.cols;
      o.citizen[k] = i;
      o.scorer[k] = sc.scorer[j];
      o.rule[k] = sc.rule[j];
      o.delta[k] = sc.delta[j];
      o.wrongful[k] = wrongful ? 1 : 0;
    }
  }
  // copies of the filled part: a view would hand the life threads the whole buffer
  if (penalties > 0) world.overCitizens(LESSONS, { subjects: subjects.slice(0, penalties), channels: channels.slice(0, penalties), wrongful: wrongs.slice(0, penalties) });
}

interface Lessons {
  /** yesterday's penalties in the order they were given: whom, the channel that saw the act (-1: none), whether it was wrongful */
  subjects: Int32Array;
  channels: Int8Array;
  wrongful: Uint8Array;
}

/**
 * What yesterday's penalties teach the citizens of a span: the penalised, and the friends who hear
 * of it. Each thread goes through every penalty in order and applies what concerns its own
 * citizens, so each citizen learns its lessons in the order one thread would teach them.
 */
export const LESSONS: SpanTask<Lessons, void> = {
  name: 'respond.lessons',
  run(world, from, to, { subjects, channels, wrongful }) {
    const r = world.scenario.response;
    const c = world.pop.citizens;
    const { offsets, near, far, farStart, cut } = world.pop.graph;
    const risks = riskColumns(c);
    const { stress, legitimacy, wrongfulPenalties } = c;
    const keepLegitimacy = 1 - r.legitimacyPerWrongful,
      keepFromFriends = 1 - r.legitimacyFromFriends;
    const fromFriends = r.riskLearning * r.riskFromFriends;
    for (let j = 0; j < subjects.length; j++) {
      const i = subjects[j];
      const risk = channels[j] >= 0 ? risks[channels[j]] : null;
      const wrong = wrongful[j] === 1;
      if (i >= from && i < to) {
        if (risk) risk[i] = learn(risk[i], r.riskLearning);
        stress[i] += r.stressPerPenalty;
        if (wrong) {
          legitimacy[i] = shareBits(legitimacy[i] * SHARE * keepLegitimacy);
          if (wrongfulPenalties[i] < 65535) wrongfulPenalties[i]++;
        }
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

function respondToAttempts(world: World) {
  const { scenario, pop } = world;
  const r = scenario.response;
  const c = pop.citizens;
  const yesterday = world.day - 1;
  const ev = world.events.cols;
  const denied = new Uint8Array(world.events.length);
  const dc = world.decisions.cols;
  const gates = world.policy.gates;
  for (let j = 0; j < world.decisions.length; j++) {
    const e = dc.event[j];
    const i = ev.actor[e];
    const gate = gates[dc.gate[j]];
    if (dc.privileged[j]) c.savings[i] += gate.feeSaved;
    if (dc.granted[j]) continue;
    denied[e] = 1;
    c.stress[i] += gate.denialStress;
    c.savings[i] -= Math.min(c.savings[i], gate.denialCost);
    const deprived = c.deprivation[i] * SHARE;
    c.deprivation[i] = shareBits(deprived + gate.deprivation * (1 - deprived));
    c.hardship[i] = shareBits(c.hardship[i] * SHARE + r.hardshipPerDenial);
    if (gate.list >= 0) c.lastBan[i] = yesterday; // a ban by a list, not a perk withheld
    if (c.denials[i] < 65535) c.denials[i]++;
  }
  const retries = RANDOM_ATTEMPTS.map((a) => scenario.life.retries[a]);
  const key = streamKey(world.seed, 'respond.attempt');
  for (let e = 0; e < world.events.length; e++) {
    const kind = ATTEMPT_OF_TYPE[ev.type[e]];
    if (kind < 0) continue;
    const i = ev.actor[e];
    if (kind === JOB) {
      if (!denied[e]) hire(world, i, uniform(key, i, yesterday, 0));
      else retrain(world, i);
      continue;
    }
    if (kind === POST) {
      // barred in post: dismissed, and retrained for ordinary work
      if (denied[e]) {
        leaveEmployer(world, i);
        retrain(world, i);
      }
      continue;
    }
    if (kind === GRANT) {
      const science = scenario.life.science;
      if (!denied[e] && uniform(key, i, yesterday, 1 + ATTEMPTS.length) < science.grantSuccess) c.grantUntil[i] = Math.min(32767, yesterday + science.grantYears * DAYS_A_YEAR);
      continue;
    }
    if (kind === PROMOTION) {
      if (!denied[e] && c.employer[i] >= 0) c.wage[i] *= 1 + scenario.life.money.promotionRaise;
      continue;
    }
    if (ev.type[e] === EventType.attempt_passport && !denied[e]) c.passport[i] = 1;
    if (!denied[e]) continue;
    if (ev.type[e] === EventType.attempt_internet) c.slowUntil[i] = yesterday + scenario.life.work.slowInternetDays;
    if (ev.type[e] === EventType.attempt_private_school && c.childrenDenied[i] < c.children[i]) c.childrenDenied[i]++;
    if (RETRY[kind] >= 0 && uniform(key, i, yesterday, 1 + kind) < retries[RETRY[kind]]) c.retry[i] = kind + 1;
  }
}

/** Someone barred from their gated trade retrains for ordinary work, at a lower wage. */
function retrain(world: World, i: number) {
  const c = world.pop.citizens;
  if (c.occupation[i] === Occupation.ordinary) return;
  c.occupation[i] = Occupation.ordinary;
  c.wage[i] *= world.scenario.life.money.careerPenalty;
}

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
  world.overCitizens(RECOVER, { anchors: riskAnchors(world), salience: world.displays.length > 0 ? salience : null });
}

interface RecoverInput {
  /** what perceived risk drifts back to, by channel then district */
  anchors: Float64Array[];
  /** by district, the faces on its screen yesterday per place on it; null when no face was shown */
  salience: Float64Array | null;
}

export const RECOVER: SpanTask<RecoverInput, void> = {
  name: 'respond.recover',
  run(world, from, to, { anchors, salience }) {
    const r = world.scenario.response;
    const c = world.pop.citizens;
    const keep = 1 - r.stressRecovery;
    const { riskForgetting, riskFromScreens, surveillanceStress } = r;
    const { home: homes, stress, deprivation } = c;
    const risks = riskColumns(c);
    const anchorBits = anchors.map((anchor) => Uint16Array.from(anchor, shareBits));
    const perChannel = (surveillanceStress * SHARE) / risks.length;
    // citizen by citizen, every channel at once (written out: a loop over the columns measured slower)
    const [rCamera, rCensor, rPlatform, rEmployer, rCourt, rInformant] = risks;
    const [aCamera, aCensor, aPlatform, aEmployer, aCourt, aInformant] = byChannel(anchors);
    const [bCamera, bCensor, bPlatform, bEmployer, bCourt, bInformant] = byChannel(anchorBits);
    for (let i = from; i < to; i++) {
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
  },
};

/** A perceived risk (in bits) a day nearer its anchor, and raised by `shown` faces per place on the home district's screen. */
function drifted(bits: number, anchor: number, forgetting: number, shown: number, fromScreens: number): number {
  const now = bits * SHARE;
  let v = now + forgetting * (anchor - now);
  if (shown > 0) v += fromScreens * Math.min(1, shown) * (1 - v);
  return shareBits(v);
}
