import type { World, SpanWorld, SpanTask } from '../world.ts';
import type { Columns } from '../core/columns.ts';
import type { EVENT_COLUMNS, DECISION_COLUMNS, SCORE_CHANGE_COLUMNS } from '../core/tables.ts';
import { mergeSorted } from '../core/sort.ts';
import { shareOfSpan } from '../core/blocks.ts';
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
      citizens: Uint8Array.from(scorers, (s) => (s.kind === 'citizens' ? 1 : 0)),
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
  /** by scorer: 1 for a scorer of citizens, and 1 for one whose deductions can be appealed */
  citizens: Uint8Array;
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
  run(world, from, to, { changes: sc, count, seenAs, sources, wrongful, citizens, appealable }) {
    const r = world.scenario.response;
    const a = world.scenario.appeals;
    const c = world.pop.citizens;
    const { offsets, near, far, farStart, cut } = world.pop.graph;
    const risks = riskColumns(c);
    const { stress, legitimacy, wrongfulPenalties, knownPurchases } = c;
    const keepLegitimacy = 1 - r.legitimacyPerWrongful,
      keepFromFriends = 1 - r.legitimacyFromFriends;
    const fromFriends = r.riskLearning * r.riskFromFriends;
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
 * Yesterday's attempts answered: found over a share of the events on every thread (ATTEMPT_ROWS),
 * then each thread answers those of its own citizens (ANSWERS), each citizen's in event order.
 */
function respondToAttempts(world: World) {
  const { cols: ev, length: count } = world.events;
  const attempts = world.overCitizens(ATTEMPT_ROWS, { types: ev.type, count });
  world.overCitizens(ANSWERS, { attempts, events: ev, decisions: world.decisions.cols, decided: world.decisions.length, count });
}

/** The attempts (events at a gate, ATTEMPT_OF_TYPE) among a share of yesterday's events, in event order. */
export const ATTEMPT_ROWS: SpanTask<{ types: Uint8Array; count: number }, Int32Array> = {
  name: 'respond.attempt-rows',
  run(world, from, to, { types, count }) {
    const [first, end] = shareOfSpan(count, world.pop.n, from, to);
    const found = new Int32Array(end - first);
    let k = 0;
    for (let e = first; e < end; e++) if (ATTEMPT_OF_TYPE[types[e]] >= 0) found[k++] = e;
    return found.slice(0, k);
  },
};

interface Answers {
  /** yesterday's attempts, share after share (ATTEMPT_ROWS) */
  attempts: Int32Array[];
  events: Columns<typeof EVENT_COLUMNS>;
  decisions: Columns<typeof DECISION_COLUMNS>;
  /** how many decisions, and events, yesterday brought */
  decided: number;
  count: number;
}

/**
 * What the gates' answers do to the citizens of a span: a denial costs stress, money, hardship and
 * deprivation, a privilege saves its fee; then each attempt has its outcome (a job taken, a post
 * lost, a grant funded, a retry planned...). Every decision and attempt is looked at, and those of
 * the span's own citizens applied, in order: each citizen's come in the order one thread gives them.
 */
export const ANSWERS: SpanTask<Answers, void> = {
  name: 'respond.answers',
  run(world, from, to, { attempts, events: ev, decisions: dc, decided, count }) {
    const { scenario } = world;
    const r = scenario.response;
    const c = world.pop.citizens;
    const yesterday = world.day - 1;
    const denied = new Uint8Array(count);
    const gates = world.policy.gates;
    for (let j = 0; j < decided; j++) {
      const e = dc.event[j];
      const i = ev.actor[e];
      if (i < from || i >= to) continue;
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
    for (const share of attempts) {
      for (let x = 0; x < share.length; x++) {
        const e = share[x];
        const i = ev.actor[e];
        if (i < from || i >= to) continue;
        const kind = ATTEMPT_OF_TYPE[ev.type[e]];
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
  },
};

/** Someone barred from their gated trade retrains for ordinary work, at a lower wage. */
function retrain(world: SpanWorld, i: number) {
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
