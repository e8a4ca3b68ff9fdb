import type { World, SpanWorld, SpanTask } from '../world.ts';
import type { Columns } from '../core/columns.ts';
import type { EVENT_COLUMNS, OBSERVATION_COLUMNS } from '../core/tables.ts';
import { ensureCapacity } from '../core/buffer.ts';
import { newClaims, forEachClaimed, ROW_CHUNK } from '../core/blocks.ts';
import { Source, SOURCES } from '../core/tables.ts';
import { streamKey, uniform, below, bits } from '../core/random.ts';
import { EventType, EVENT_TYPE_COUNT, IS_CRIME, IS_PURCHASE } from '../core/events.ts';
import { facePayKey, paysByFace } from '../life/payments.ts';
import { OBSERVER, REPORTABLE } from '../core/sources.ts';
import { searchFace, createFaceModel, NO_MATCH, type FaceModel } from './face.ts';
import { captureProbability } from '../city/city.ts';
import type { Scenario } from '../scenario/schema.ts';

/**
 * The k of each draw: slot * TYPE_SLOTS + event type, so that in each stream every (actor, day,
 * event type) has one draw per slot. A peer rating draws in a stream of its own per (rater, day),
 * with the ratee as the subject, since a citizen may rate several friends a day.
 */
const TYPE_SLOTS = 256;
const Slot = {
  /** observe.seen: whether the act is seen at all */
  seen: 0,
  /** observe.face: the three draws of the face search */
  faceMatch: 0,
  faceRank: 1,
  faceOther: 2,
  /** observe.error: the censor's flag or a record filed under the wrong citizen, then whom it names */
  error: 0,
  errorWho: 1,
  /** observe.informant: a tip, whether it names the wrong neighbour, and which one */
  tip: 0,
  tipWrong: 1,
  tipWho: 2,
} as const;
if (EVENT_TYPE_COUNT > TYPE_SLOTS) throw new Error(`observe: ${EVENT_TYPE_COUNT} event types do not fit ${TYPE_SLOTS} slots`);
const slot = (s: number, type: number) => s * TYPE_SLOTS + type;

/**
 * Observation: what the system sees of today's acts, and whom it blames. Cameras capture acts in
 * public with a probability set by their district's density, and a 1:N face search names the
 * actor, nobody, or an innocent. Platforms, employers, courts, registries and regulators each see
 * their share; platform and employer records are sometimes filed under the wrong citizen.
 * Censors read a share of posts and flag them with a classifier that misses some dissent and
 * flags some harmless posts. Neighbours report some of what the others missed, not always naming
 * the right person. Row i of the observations table describes event i; every draw is keyed by
 * (actor, day, event type, slot), unique since no one does the same kind of act twice a day
 * (a peer rating, which one may give several friends a day, is keyed by its ratee too). The face
 * model (error rates by group and sex) is observation's own state, built once per run.
 */
export function createObserve(scenario: Scenario): (world: World) => void {
  let face = createFaceModel(scenario);
  let modelled = scenario;
  return (world) => {
    // a schedule may change the error rates during the run: the model follows the scenario in force
    if (world.scenario !== modelled) {
      modelled = world.scenario;
      face = createFaceModel(modelled);
    }
    const count = world.events.length;
    ensureCapacity(world.observations, count);
    world.observations.length = count;
    world.overCitizens(SEE, { face, events: world.events.cols, observations: world.observations.cols, count, claims: newClaims() });
  };
}

interface Sighting {
  face: FaceModel;
  events: Columns<typeof EVENT_COLUMNS>;
  observations: Columns<typeof OBSERVATION_COLUMNS>;
  /** today's events */
  count: number;
  /** the next chunk of events to observe, shared by the threads (forEachClaimed) */
  claims: Int32Array;
}

/**
 * Observation of today's events, a chunk at a time, by whichever thread is free (forEachClaimed):
 * the events' kinds cost differently to observe (a camera's face search, a purchase's one draw) and
 * sit in runs by mechanism, so an even cut of them would not be an even cut of the work. Each
 * event's observation is a function of the event alone (its draws are keyed), so any cut gives
 * the same rows.
 */
export const SEE: SpanTask<Sighting, void> = {
  name: 'observe.see',
  run(world, _from, _to, { face, events, observations, count, claims }) {
    const watch = watchOf(world, face);
    forEachClaimed(claims, count, ROW_CHUNK, (first, end) => observe(watch, events, observations, first, end));
  },
};

/** Today's probabilities and streams, set up once a thread (each chunk's loop reads them as locals). */
function watchOf(world: SpanWorld, face: FaceModel) {
  const { day, pop, scenario, city } = world;
  const o = scenario.observe;
  const share = new Float64Array(SOURCES.length);
  share[Source.platform] = o.platformShare;
  share[Source.court] = o.courtReporting;
  share[Source.censor] = o.censorShare;
  share[Source.registry] = o.registryShare;
  share[Source.employer] = o.employerReporting;
  share[Source.regulator] = o.regulatorShare;
  return {
    day,
    pop,
    o,
    face,
    share,
    capture: Float64Array.from(city.districts.camerasPerThousand, (d) => captureProbability(d, o.cameraSaturation)),
    kSeen: streamKey(world.seed, 'observe.seen'),
    kFace: streamKey(world.seed, 'observe.face'),
    kError: streamKey(world.seed, 'observe.error'),
    kTip: streamKey(world.seed, 'observe.informant'),
    kPolice: streamKey(world.seed, 'observe.police'),
    kFacePay: facePayKey(world.pop.seed),
    facePayShare: scenario.life.facePay.adoption,
    districts: city.districts,
  };
}

/** Observe events [first, end). */
function observe(watch: ReturnType<typeof watchOf>, ev: Columns<typeof EVENT_COLUMNS>, ob: Columns<typeof OBSERVATION_COLUMNS>, first: number, end: number): void {
  const { day, pop, o, face, share, capture, kSeen, kFace, kError, kTip, kPolice, kFacePay, facePayShare, districts } = watch;
  for (let e = first; e < end; e++) {
    const type = ev.type[e];
    const actor = ev.actor[e];
    const source = OBSERVER[type];
    ob.source[e] = Source.unseen;
    ob.wrongful[e] = 0;
    ob.searched[e] = 0;
    ob.seenAs[e] = type;
    if (source === Source.unseen) continue;
    // a citizen may rate several friends a day: each rating draws in the rater's stream of the day, by ratee
    const rating = type === EventType.peer_rating;
    const who = rating ? ev.target[e] : actor;
    const seen = rating ? bits(kSeen, actor, day, 0) : kSeen;
    const error = rating ? bits(kError, actor, day, 0) : kError;
    const u = uniform(seen, who, day, slot(Slot.seen, type));
    if (source === Source.camera) {
      if (u < capture[ev.district[e]]) {
        ob.searched[e] = 1;
        const subject = searchFace(
          face,
          pop,
          actor,
          uniform(kFace, actor, day, slot(Slot.faceMatch, type)),
          uniform(kFace, actor, day, slot(Slot.faceRank, type)),
          uniform(kFace, actor, day, slot(Slot.faceOther, type)),
        );
        if (subject !== NO_MATCH) {
          ob.source[e] = Source.camera;
          ob.subject[e] = subject;
          ob.wrongful[e] = subject === actor ? 0 : 1;
        }
      }
    } else if (u < share[source] || (IS_PURCHASE[type] && paysByFace(kFacePay, facePayShare, actor))) {
      // a face payment is a sighting: the platform records every purchase paid by face
      ob.source[e] = source;
      ob.subject[e] = ev.target[e];
      if (source === Source.censor && (type === EventType.post || type === EventType.dissent_post)) {
        // the classifier: dissent flagged with recall, harmless posts with the false-flag rate
        const flagged = uniform(error, who, day, slot(Slot.error, type)) < (type === EventType.dissent_post ? o.censorRecall : o.censorFalseFlags);
        ob.seenAs[e] = flagged ? EventType.dissent_post : EventType.post;
        ob.wrongful[e] = flagged && type === EventType.post ? 1 : 0;
      } else if ((source === Source.platform || source === Source.employer) && uniform(error, who, day, slot(Slot.error, type)) < o.recordErrors) {
        const other = below(error, who, day, slot(Slot.errorWho, type), pop.n - 1);
        ob.subject[e] = other >= actor ? other + 1 : other;
        ob.wrongful[e] = 1;
      }
    }
    // a crime no camera solved may be cleared by the police, who name the right suspect
    if (ob.source[e] === Source.unseen && IS_CRIME[type] && uniform(kPolice, actor, day, type) < o.policeClearance) {
      ob.source[e] = Source.police;
      ob.subject[e] = actor;
    }
    if (ob.source[e] === Source.unseen && REPORTABLE[type] && uniform(kTip, actor, day, slot(Slot.tip, type)) < o.informantShare) {
      ob.source[e] = Source.informant;
      ob.subject[e] = actor;
      if (uniform(kTip, actor, day, slot(Slot.tipWrong, type)) < o.informantError) {
        const d = ev.district[e];
        const neighbour = districts.firstResident[d] + below(kTip, actor, day, slot(Slot.tipWho, type), districts.residents[d]);
        ob.subject[e] = neighbour;
        ob.wrongful[e] = neighbour === actor ? 0 : 1;
      }
    }
  }
}
