import type { World, SpanWorld, SpanTask } from '../world.ts';
import type { Columns } from '../core/columns.ts';
import type { EVENT_COLUMNS, DECISION_COLUMNS } from '../core/tables.ts';
import { shareOfSpan } from '../core/blocks.ts';
import { streamKey, uniform } from '../core/random.ts';
import { EventType, ATTEMPTS, RANDOM_ATTEMPTS, EVENT_TYPE_COUNT, attemptEventType } from '../core/events.ts';
import { Occupation, SHARE, shareBits } from '../population/citizens.ts';
import { hire, leaveEmployer } from './jobs.ts';
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
 * Yesterday's attempts answered: found over a share of the events on every thread (ATTEMPT_ROWS),
 * then each thread answers those of its own citizens (ANSWERS), each citizen's in event order.
 */
export function answerAttempts(world: World): void {
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
