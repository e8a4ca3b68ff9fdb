import type { World, SpanTask } from '../world.ts';
import type { Columns } from '../core/columns.ts';
import { createBuffer, reserve, ensureCapacity, type Buffer } from '../core/buffer.ts';
import { shareOfSpan } from '../core/blocks.ts';
import type { EVENT_COLUMNS, OBSERVATION_COLUMNS, SCORE_CHANGE_COLUMNS, DECISION_COLUMNS } from '../core/tables.ts';
import { BY_COMPANY } from '../core/events.ts';
import { NO_EVENT } from '../judge/lists.ts';

/** The event type of a score change no event caused. */
const NO_TYPE = 255;

/** Rows kept for recorded citizens (the sample and the watch list): their whole history. */
const EVENT_LOG = {
  day: Uint16Array,
  type: Uint8Array,
  actor: Uint32Array,
  target: Uint32Array,
  district: Uint16Array,
  value: Float32Array,
  source: Uint8Array,
  subject: Int32Array,
  recordedAs: Uint8Array,
  wrongful: Uint8Array,
} as const;

const SCORE_LOG = {
  day: Uint16Array,
  scorer: Uint8Array,
  subject: Uint32Array,
  rule: Uint16Array,
  delta: Float32Array,
  after: Float32Array,
  type: Uint8Array,
  actor: Uint32Array,
  source: Uint8Array,
  wrongful: Uint8Array,
} as const;

const DECISION_LOG = {
  day: Uint16Array,
  gate: Uint8Array,
  citizen: Uint32Array,
  granted: Uint8Array,
} as const;

/** Faces put up on a public screen, for recorded citizens (the one shown, who may not be the one who did it). */
const DISPLAY_LOG = {
  day: Uint16Array,
  citizen: Uint32Array,
  district: Uint16Array,
  offence: Uint8Array,
  wrongful: Uint8Array,
} as const;

const LIST_LOG = {
  day: Uint16Array,
  list: Uint8Array,
  citizen: Uint32Array,
  entered: Uint8Array,
} as const;

export interface Records {
  events: Buffer<typeof EVENT_LOG>;
  scores: Buffer<typeof SCORE_LOG>;
  decisions: Buffer<typeof DECISION_LOG>;
  lists: Buffer<typeof LIST_LOG>;
  displays: Buffer<typeof DISPLAY_LOG>;
}

export function createRecords(): Records {
  return {
    events: createBuffer(EVENT_LOG, 1 << 12),
    scores: createBuffer(SCORE_LOG, 1 << 10),
    decisions: createBuffer(DECISION_LOG, 1 << 10),
    lists: createBuffer(LIST_LOG, 1 << 8),
    displays: createBuffer(DISPLAY_LOG, 1 << 6),
  };
}

/** Copy today's rows that concern a recorded citizen, as actor or as the one blamed. */
export function recordDay(world: World, r: Records): void {
  const day = world.day;
  const ev = world.events.cols;
  const ob = world.observations.cols;
  const count = world.events.length;
  const sc = world.scoreChanges.cols;
  const dc = world.decisions.cols;
  // the rows to copy are found on every thread (RECORDED_ROWS) and copied here, in order
  const shares = world.overCitizens(RECORDED_ROWS, {
    events: ev,
    observations: ob,
    count,
    recorded: world.recorded,
    recordedCompanies: world.recordedCompanies,
    changes: sc,
    changed: world.scoreChanges.length,
    decisions: dc,
    decided: world.decisions.length,
  });
  for (const { events: share } of shares) {
    ensureCapacity(r.events, r.events.length + share.length);
    const o = r.events.cols;
    for (let x = 0; x < share.length; x++) {
      const e = share[x];
      const j = r.events.length++;
      const seen = ob.source[e] !== 0;
      o.day[j] = day;
      o.type[j] = ev.type[e];
      o.actor[j] = ev.actor[e];
      o.target[j] = ev.target[e];
      o.district[j] = ev.district[e];
      o.value[j] = ev.value[e];
      o.source[j] = ob.source[e];
      o.subject[j] = seen ? ob.subject[e] : -1;
      o.recordedAs[j] = ob.seenAs[e];
      o.wrongful[j] = ob.wrongful[e];
    }
  }
  for (const { scores } of shares)
    for (const k of scores) {
      const e = sc.event[k];
      const j = reserve(r.scores);
      const o = r.scores.cols;
      o.day[j] = day;
      o.scorer[j] = sc.scorer[k];
      o.subject[j] = sc.subject[k];
      o.rule[j] = sc.rule[k];
      o.delta[j] = sc.delta[k];
      o.after[j] = sc.after[k];
      // a change no event caused (an appeal upheld) has no type, actor or source
      const caused = e !== NO_EVENT;
      o.type[j] = caused ? ob.seenAs[e] : NO_TYPE;
      o.actor[j] = caused ? ev.actor[e] : sc.subject[k];
      o.source[j] = caused ? ob.source[e] : 0;
      o.wrongful[j] = caused ? ob.wrongful[e] : 0;
    }
  for (const { decisions } of shares)
    for (const k of decisions) {
      const citizen = ev.actor[dc.event[k]];
      const j = reserve(r.decisions);
      const o = r.decisions.cols;
      o.day[j] = day;
      o.gate[j] = dc.gate[k];
      o.citizen[j] = citizen;
      o.granted[j] = dc.granted[k];
    }
  const lc = world.listChanges.cols;
  const recordedIn = world.policy.lists.map((l) => (l.kind === 'companies' ? world.recordedCompanies : world.recorded));
  for (let k = 0; k < world.listChanges.length; k++) {
    if (!recordedIn[lc.list[k]][lc.subject[k]]) continue;
    const j = reserve(r.lists);
    const o = r.lists.cols;
    o.day[j] = day;
    o.list[j] = lc.list[k];
    o.citizen[j] = lc.subject[k];
    o.entered[j] = lc.entered[k];
  }
  const dp = world.displays.cols;
  for (let k = 0; k < world.displays.length; k++) {
    if (!world.recorded[dp.citizen[k]]) continue;
    const e = dp.event[k];
    const j = reserve(r.displays);
    const o = r.displays.cols;
    o.day[j] = day;
    o.citizen[j] = dp.citizen[k];
    o.district[j] = dp.district[k];
    o.offence[j] = ob.seenAs[e];
    o.wrongful[j] = ob.wrongful[e];
  }
}

interface Recorded {
  events: Columns<typeof EVENT_COLUMNS>;
  observations: Columns<typeof OBSERVATION_COLUMNS>;
  count: number;
  recorded: Uint8Array;
  recordedCompanies: Uint8Array;
  /** today's score changes and how many */
  changes: Columns<typeof SCORE_CHANGE_COLUMNS>;
  changed: number;
  /** today's gate decisions and how many */
  decisions: Columns<typeof DECISION_COLUMNS>;
  decided: number;
}

/** Rows of a share of today's tables that concern a recorded citizen or company, in order. */
interface RecordedRows {
  events: Int32Array;
  scores: Int32Array;
  decisions: Int32Array;
}

/**
 * The rows of a share of the day's events, score changes and decisions (shareOfSpan of each) that
 * concern a recorded citizen or company: an event as actor, target or the one blamed, a score
 * change as its subject, a decision as the one who tried.
 */
export const RECORDED_ROWS: SpanTask<Recorded, RecordedRows> = {
  name: 'measure.recorded-rows',
  run(world, from, to, { events, observations, count, recorded, recordedCompanies, changes, changed, decisions, decided }) {
    const n = world.pop.n;
    const { type, actor, target } = events;
    const { source, subject } = observations;
    const recordedOf = [recorded, recordedCompanies];
    const [first, end] = shareOfSpan(count, n, from, to);
    const found = new Int32Array(end - first);
    let k = 0;
    for (let e = first; e < end; e++) {
      const rec = recordedOf[BY_COMPANY[type[e]]];
      if (rec[actor[e]] || rec[target[e]] || (source[e] !== 0 && rec[subject[e]])) found[k++] = e;
    }
    const [firstChange, endChange] = shareOfSpan(changed, n, from, to);
    const { scoresCitizens } = world.policy;
    const scores: number[] = [];
    for (let j = firstChange; j < endChange; j++) if ((scoresCitizens[changes.scorer[j]] ? recorded : recordedCompanies)[changes.subject[j]]) scores.push(j);
    const [firstDecision, endDecision] = shareOfSpan(decided, n, from, to);
    const tried: number[] = [];
    for (let j = firstDecision; j < endDecision; j++) if (recorded[actor[decisions.event[j]]]) tried.push(j);
    return { events: found.slice(0, k), scores: Int32Array.from(scores), decisions: Int32Array.from(tried) };
  },
};
